import type { Field } from "../schemas/sheet";
import type { Edge, JobExecutionPlan, JobExecutionPlanConfigRequest } from "../schemas/plan";

/**
 * The plan to store after a PUT or PATCH that `validatePlan` accepted. The edges are the request's (or, for a PATCH
 * without `fieldMapping`, the current ones), each field replaced by the sheet's own config, since a client may send a
 * bare `{ type, key }`; an edge without a preview or value mapping keeps the current plan's for the same column (and,
 * for the value mapping, the same field). The unmapped lists are recomputed, in sheet order, as every field no edge
 * names: what a client sends there is checked by `validatePlan`, but cannot contradict the edges.
 */
export function reconcilePlan(
  update: JobExecutionPlanConfigRequest,
  current: JobExecutionPlan,
  sourceFields: readonly Field[],
  destinationFields: readonly Field[],
): JobExecutionPlan {
  const sources = new Map(sourceFields.map((field) => [field.key, field]));
  const destinations = new Map(destinationFields.map((field) => [field.key, field]));
  const previews = new Map<string, string[]>();
  for (const { sourceField, preview } of [...current.unmappedSourceFields, ...current.fieldMapping]) {
    if (preview) previews.set(sourceField.key, preview);
  }
  const currentEdges = new Map(
    current.fieldMapping.map((edge) => [pairKey(edge.sourceField.key, edge.destinationField.key), edge]),
  );

  const fieldMapping = (update.fieldMapping ?? current.fieldMapping).flatMap((edge): Edge[] => {
    const sourceField = sources.get(edge.sourceField.key);
    const destinationField = destinations.get(edge.destinationField.key);
    if (!sourceField || !destinationField) return [];
    const before = currentEdges.get(pairKey(sourceField.key, destinationField.key));
    const preview = edge.preview ?? previews.get(sourceField.key);
    const enumDetails =
      destinationField.type === "enum" ? (edge.enumDetails ?? before?.enumDetails) : undefined;
    return [
      {
        sourceField,
        destinationField,
        ...(preview && { preview }),
        ...(enumDetails && { enumDetails }),
        ...(edge.metadata && { metadata: edge.metadata }),
      },
    ];
  });

  const mappedSources = new Set(fieldMapping.map((edge) => edge.sourceField.key));
  const mappedDestinations = new Set(fieldMapping.map((edge) => edge.destinationField.key));
  const programId = update.programId ?? current.programId;
  return {
    fieldMapping,
    unmappedSourceFields: sourceFields
      .filter((field) => !mappedSources.has(field.key))
      .map((field) => {
        const preview = previews.get(field.key);
        return { sourceField: field, ...(preview && { preview }) };
      }),
    unmappedDestinationFields: destinationFields
      .filter((field) => !mappedDestinations.has(field.key))
      .map((field) => ({ destinationField: field })),
    ...(programId !== undefined && { programId }),
  };
}

/** Keys may hold any of `A-Za-z0-9_.-`, never a line break, so this pairs them unambiguously. */
const pairKey = (source: string, destination: string) => `${source}\n${destination}`;
