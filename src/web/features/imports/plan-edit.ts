import type {
  Certainty,
  DestinationField,
  Edge,
  EnumDetails,
  EnumValue,
  Field,
  JobExecutionPlan,
  SourceField,
} from "../../../core";

/** The lists of a plan this screen edits and sends (`PATCH /jobs/{id}/plan`). */
export type PlanLists = Pick<
  JobExecutionPlan,
  "fieldMapping" | "unmappedSourceFields" | "unmappedDestinationFields"
>;

/** `metadata.source` of an edge a person chose. */
export const CHOSEN = "manual";

/** One column of the source sheet as the screen shows it: its edge, if it is mapped, and its first values. */
export type SourceColumn = {
  field: Field;
  edge: Edge | undefined;
  edgeIndex: number;
  preview: readonly string[];
};

const isRequired = (field: Field) =>
  field.constraints?.some((constraint) => constraint.type === "required") ?? false;

export const fieldName = (field: Pick<Field, "key" | "label">) => field.label ?? field.key;

/** The source sheet's columns in its order (a column the plan does not know is shown unmapped). */
export function sourceColumns(plan: PlanLists, sourceFields: readonly Field[]): SourceColumn[] {
  return sourceFields.map((field) => {
    const edgeIndex = plan.fieldMapping.findIndex((edge) => edge.sourceField.key === field.key);
    const edge = plan.fieldMapping[edgeIndex];
    const unmapped = plan.unmappedSourceFields.find((entry) => entry.sourceField.key === field.key);
    return { field, edge, edgeIndex, preview: edge?.preview ?? unmapped?.preview ?? [] };
  });
}

const same = (a: EnumValue | undefined, b: EnumValue | undefined) =>
  a !== undefined && b !== undefined && String(a).trim().toLowerCase() === String(b).trim().toLowerCase();

/** A value mapping for an enum destination from the column's first values: each to the option it names, if any. */
export function proposeEnumDetails(preview: readonly string[], destination: Field): EnumDetails | undefined {
  const options = destination.type === "enum" ? (destination.config?.options ?? []) : [];
  if (options.length === 0) return undefined;
  const values = [...new Set(preview.map((value) => value.trim()).filter(Boolean))];
  const mapping = values.map((sourceValue) => {
    const option = options.find((item) => same(item.value, sourceValue) || same(item.label, sourceValue));
    return option ? { sourceValue, destinationValue: option.value } : { sourceValue };
  });
  const used = new Set(mapping.map((item) => item.destinationValue));
  return {
    mapping,
    unusedDestinationValues: options.map((option) => option.value).filter((value) => !used.has(value)),
  };
}

/**
 * The plan with `source` feeding `destination` (or nothing, when undefined) instead of what it fed. A destination
 * another column already fills stays filled by it too: `validatePlan` names the clash, and the person picks again.
 */
export function mapSource(plan: PlanLists, source: Field, destination: Field | undefined): PlanLists {
  const removed = plan.fieldMapping.filter((edge) => edge.sourceField.key === source.key);
  const kept = plan.fieldMapping.filter((edge) => edge.sourceField.key !== source.key);
  const preview =
    removed[0]?.preview ??
    plan.unmappedSourceFields.find((entry) => entry.sourceField.key === source.key)?.preview;
  const unmappedSources = plan.unmappedSourceFields.filter((entry) => entry.sourceField.key !== source.key);
  const fieldMapping = [...kept];
  if (destination) {
    const edge: Edge = {
      sourceField: source,
      destinationField: destination,
      ...(preview ? { preview } : {}),
      metadata: { source: CHOSEN },
    };
    const enumDetails = proposeEnumDetails(preview ?? [], destination);
    fieldMapping.push(enumDetails ? { ...edge, enumDetails } : edge);
  } else {
    unmappedSources.push({ sourceField: source, ...(preview ? { preview } : {}) } satisfies SourceField);
  }
  const filled = new Set(fieldMapping.map((edge) => edge.destinationField.key));
  const unmappedDestinations = plan.unmappedDestinationFields.filter(
    (entry) => !filled.has(entry.destinationField.key),
  );
  for (const edge of removed) {
    const key = edge.destinationField.key;
    if (!filled.has(key) && !unmappedDestinations.some((entry) => entry.destinationField.key === key)) {
      unmappedDestinations.push({ destinationField: edge.destinationField } satisfies DestinationField);
    }
  }
  return {
    fieldMapping,
    unmappedSourceFields: unmappedSources,
    unmappedDestinationFields: unmappedDestinations,
  };
}

/** The plan with one source value of an enum edge becoming `destinationValue` (or kept as it is, when undefined). */
export function mapEnumValue(
  plan: PlanLists,
  edgeIndex: number,
  sourceValue: EnumValue | undefined,
  destinationValue: EnumValue | undefined,
  destination: Field,
): PlanLists {
  const edge = plan.fieldMapping[edgeIndex];
  if (!edge?.enumDetails) return plan;
  const mapping = edge.enumDetails.mapping.map((item) =>
    item.sourceValue === sourceValue
      ? destinationValue === undefined
        ? { sourceValue }
        : { sourceValue, destinationValue }
      : item,
  );
  const used = new Set(mapping.map((item) => item.destinationValue));
  const options = destination.config?.options ?? [];
  const enumDetails: EnumDetails = {
    ...edge.enumDetails,
    mapping,
    unusedDestinationValues: options.map((option) => option.value).filter((value) => !used.has(value)),
  };
  const fieldMapping = plan.fieldMapping.map((item, index) =>
    index === edgeIndex ? { ...item, enumDetails } : item,
  );
  return { ...plan, fieldMapping };
}

const SURE: readonly Certainty[] = ["absolute", "strong"];

/** True when the plan can be run without a look: every required destination field is filled by a sure match. */
export function isConfident(plan: PlanLists, destinationFields: readonly Field[]): boolean {
  return destinationFields.filter(isRequired).every((field) => {
    const edge = plan.fieldMapping.find((item) => item.destinationField.key === field.key);
    const certainty = edge?.metadata?.certainty;
    return certainty !== undefined && SURE.includes(certainty);
  });
}

/** Destination fields no edge fills, required ones first. */
export function emptyDestinations(plan: PlanLists, destinationFields: readonly Field[]) {
  const filled = new Set(plan.fieldMapping.map((edge) => edge.destinationField.key));
  return destinationFields
    .filter((field) => !filled.has(field.key))
    .map((field) => ({ field, required: isRequired(field) }))
    .sort((a, b) => Number(b.required) - Number(a.required));
}

/** The lists of a plan, as sent. */
export const planLists = (plan: PlanLists): PlanLists => ({
  fieldMapping: plan.fieldMapping,
  unmappedSourceFields: plan.unmappedSourceFields,
  unmappedDestinationFields: plan.unmappedDestinationFields,
});
