export { proposePlan, cutPreview, type ProposePlanInput } from "./propose-plan";
export { proposeEnumDetails } from "./enum-details";
export { reconcilePlan } from "./reconcile-plan";
export { scoreFieldMatch, type FieldMatch, type MatchReason, type NamedField } from "./score-field";
export { FIELD_SYNONYMS } from "./synonyms";
