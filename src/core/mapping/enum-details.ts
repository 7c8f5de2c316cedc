import { LIMITS, type EnumOption } from "../schemas/common";
import { PLAN_LIMITS, type CategoryMapping, type EnumDetails, type EnumValue } from "../schemas/plan";

const spelled = (value: EnumValue) => String(value).trim().toLowerCase();
const compact = (value: EnumValue) => spelled(value).replace(/[^\p{L}\p{N}]+/gu, "");

/**
 * Maps the distinct values of a source column onto an enum field's options: a value matches an option whose value or
 * label is spelled the same (case and surrounding spaces aside), else, when exactly one option fits, one that differs
 * only in punctuation and spacing ("in_progress" -> "In Progress"). Values that match nothing stay in `mapping`
 * without a `destinationValue`, for the user to choose; empty cells are not values, and the first
 * `PLAN_LIMITS.enumValues` distinct values are kept. `unusedDestinationValues` are the
 * options nothing maps to.
 */
export function proposeEnumDetails(
  sourceValues: readonly EnumValue[],
  options: readonly EnumOption[],
): EnumDetails {
  const mapping: CategoryMapping[] = [];
  const seen = new Set<EnumValue>();
  for (const value of sourceValues) {
    if (mapping.length >= PLAN_LIMITS.enumValues) break;
    // A cell longer than any option could be is no category, and would not fit the plan.
    if (seen.has(value) || spelled(value) === "" || String(value).length > LIMITS.label) continue;
    seen.add(value);
    const option = matchOption(value, options);
    mapping.push(option ? { sourceValue: value, destinationValue: option.value } : { sourceValue: value });
  }
  const used = new Set(mapping.map((entry) => entry.destinationValue));
  return {
    mapping,
    unusedDestinationValues: options.map((option) => option.value).filter((value) => !used.has(value)),
  };
}

function matchOption(value: EnumValue, options: readonly EnumOption[]): EnumOption | undefined {
  const exact = spelled(value);
  const byValue = options.find((option) => spelled(option.value) === exact);
  if (byValue) return byValue;
  const byLabel = options.find((option) => option.label !== undefined && spelled(option.label) === exact);
  if (byLabel) return byLabel;
  const loose = compact(value);
  if (loose === "") return undefined;
  const alike = options.filter(
    (option) =>
      compact(option.value) === loose || (option.label !== undefined && compact(option.label) === loose),
  );
  return alike.length === 1 ? alike[0] : undefined;
}
