import type { Field } from "../schemas/sheet";
import {
  PLAN_LIMITS,
  type Edge,
  type EnumValue,
  type JobExecutionPlan,
  type SourceField,
} from "../schemas/plan";
import { assignPairs, type Candidate } from "./assign";
import { proposeEnumDetails } from "./enum-details";
import { profileField, scoreProfiles, type FieldMatch } from "./score-field";

export type ProposePlanInput = {
  /** The columns of the source (extracted) sheet. */
  sourceFields: readonly Field[];
  /** The fields of the destination sheet. */
  destinationFields: readonly Field[];
  /** Per source field key: its first values, shown beside the mapping (cut to the plan's limits). */
  previews?: ReadonlyMap<string, readonly string[]>;
  /**
   * Per source field key: a sample of its distinct values, mapped onto the options when the column goes to an enum
   * field. Without one, an enum source offers its own options.
   */
  distinctValues?: ReadonlyMap<string, readonly EnumValue[]>;
};

/**
 * Proposes which source column fills which destination field: every pair is scored by name (`scoreFieldMatch`), and
 * the best pairs are taken first, each field and each column at most once. A column with no convincing field is left
 * unmapped rather than guessed.
 */
export function proposePlan(input: ProposePlanInput): JobExecutionPlan {
  const { sourceFields, destinationFields } = input;
  const sourceProfiles = sourceFields.map(profileField);
  const destinationProfiles = destinationFields.map(profileField);
  const candidates: (Candidate & { match: FieldMatch })[] = [];
  sourceProfiles.forEach((sourceProfile, source) => {
    destinationProfiles.forEach((destinationProfile, destination) => {
      const match = scoreProfiles(sourceProfile, destinationProfile);
      if (match) {
        candidates.push({
          source,
          destination,
          score: match.score,
          absolute: match.certainty === "absolute",
          match,
        });
      }
    });
  });
  const chosen = assignPairs(candidates);
  chosen.sort((a, b) => a.destination - b.destination);

  const preview = (key: string) => cutPreview(input.previews?.get(key));
  const fieldMapping = chosen.flatMap(({ source, destination, match }): Edge[] => {
    const sourceField = sourceFields[source];
    const destinationField = destinationFields[destination];
    if (!sourceField || !destinationField) return [];
    const edge: Edge = {
      sourceField,
      destinationField,
      preview: preview(sourceField.key),
      metadata: { certainty: match.certainty, confidence: roundScore(match.score), source: match.reason },
    };
    const options = destinationField.config?.options;
    if (destinationField.type === "enum" && options) {
      const values =
        input.distinctValues?.get(sourceField.key) ?? sourceField.config?.options?.map((o) => o.value);
      edge.enumDetails = proposeEnumDetails(values ?? [], options);
    }
    return [edge];
  });

  const mappedSources = new Set(chosen.map((pair) => pair.source));
  const mappedDestinations = new Set(chosen.map((pair) => pair.destination));
  return {
    fieldMapping,
    unmappedSourceFields: sourceFields
      .filter((_, index) => !mappedSources.has(index))
      .map((field): SourceField => ({ sourceField: field, preview: preview(field.key) })),
    unmappedDestinationFields: destinationFields
      .filter((_, index) => !mappedDestinations.has(index))
      .map((field) => ({ destinationField: field })),
  };
}

/** A preview fits the plan's schema: the first values, each cut to the allowed length. */
export function cutPreview(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .slice(0, PLAN_LIMITS.previewValues)
    .map((value) =>
      value.length > PLAN_LIMITS.previewChars ? `${value.slice(0, PLAN_LIMITS.previewChars - 1)}…` : value,
    );
}

const roundScore = (score: number) => Math.round(score * 100) / 100;
