import { z } from "zod";
import { LIMITS, ResourceId } from "./common";
import { Job } from "./job";
import { Field } from "./sheet";

/*
 * The execution plan of a `workbook:map` job, as `@flatfile/api`'s `JobExecutionPlan`: which source column feeds which
 * destination field (`fieldMapping`), and what is left on either side. The JSON keys are the TypeScript names.
 */

export const PLAN_LIMITS = {
  /** Edges and unmapped entries per list: a sheet has at most 500 fields. */
  fields: 500,
  /** Preview values per column, and characters per value (longer cells are cut by whoever builds the preview). */
  previewValues: 20,
  previewChars: LIMITS.label,
  /** Distinct source values of an enum mapping, as many as an enum field may have options. */
  enumValues: 1_000,
  /** `metadata.source`: a short word such as "exact" or "synonym". */
  source: 64,
} as const;

/** How sure the matcher is of an edge: an exact name, a known synonym or near-exact spelling, a partial likeness. */
export const CERTAINTIES = ["absolute", "strong", "moderate", "weak"] as const;
export const Certainty = z.enum(CERTAINTIES).meta({ id: "Certainty" });
export type Certainty = z.infer<typeof Certainty>;

/** A cell value an enum mapping speaks of (Flatfile's `EnumValue`). */
export const EnumValue = z
  .union([z.string().max(LIMITS.label), z.number(), z.boolean()])
  .meta({ id: "EnumValue" });
export type EnumValue = z.infer<typeof EnumValue>;

/** One source value and the option it becomes; without `destinationValue` the value is not mapped (yet). */
export const CategoryMapping = z
  .object({ sourceValue: EnumValue.optional(), destinationValue: EnumValue.optional() })
  .meta({ id: "CategoryMapping" });
export type CategoryMapping = z.infer<typeof CategoryMapping>;

/** Value mapping of an edge whose destination is an enum field. */
export const EnumDetails = z
  .object({
    mapping: z.array(CategoryMapping).max(PLAN_LIMITS.enumValues),
    unusedSourceValues: z.array(EnumValue).max(PLAN_LIMITS.enumValues).optional(),
    /** Options no source value is mapped to. */
    unusedDestinationValues: z.array(EnumValue).max(PLAN_LIMITS.enumValues).optional(),
  })
  .meta({ id: "EnumDetails" });
export type EnumDetails = z.infer<typeof EnumDetails>;

/** Flatfile's `Metadata` of an edge: how sure, how sure as a number (0..1), and which rule made it. */
export const EdgeMetadata = z
  .object({
    certainty: Certainty.optional(),
    confidence: z.number().min(0).max(1).optional(),
    source: z.string().max(PLAN_LIMITS.source).optional(),
  })
  .meta({ id: "EdgeMetadata" });
export type EdgeMetadata = z.infer<typeof EdgeMetadata>;

const Preview = z.array(z.string().max(PLAN_LIMITS.previewChars)).max(PLAN_LIMITS.previewValues);

/** One mapped pair: the source column, the destination field, and the first values of the column. */
export const Edge = z
  .object({
    sourceField: Field,
    destinationField: Field,
    preview: Preview.optional(),
    enumDetails: EnumDetails.optional(),
    metadata: EdgeMetadata.optional(),
  })
  .meta({ id: "Edge" });
export type Edge = z.infer<typeof Edge>;

/** A source column no edge reads. */
export const SourceField = z
  .object({ sourceField: Field, preview: Preview.optional() })
  .meta({ id: "SourceField" });
export type SourceField = z.infer<typeof SourceField>;

/** A destination field no edge fills. */
export const DestinationField = z
  .object({ destinationField: Field, preview: Preview.optional() })
  .meta({ id: "DestinationField" });
export type DestinationField = z.infer<typeof DestinationField>;

const planLists = {
  fieldMapping: z.array(Edge).max(PLAN_LIMITS.fields),
  unmappedSourceFields: z.array(SourceField).max(PLAN_LIMITS.fields),
  unmappedDestinationFields: z.array(DestinationField).max(PLAN_LIMITS.fields),
  programId: z.string().max(LIMITS.id).optional(),
};

export const JobExecutionPlan = z.object(planLists).meta({ id: "JobExecutionPlan" });
export type JobExecutionPlan = z.infer<typeof JobExecutionPlan>;

/**
 * `fileId` and `jobId`, which `@flatfile/api` requires in a plan update and always sends (a listener that does not
 * know the file sends ""). The job is the one in the path: `jobId`, when it names one, must be it; `fileId` is ignored.
 */
const requestIds = {
  fileId: z.string().max(LIMITS.id).optional(),
  jobId: z.string().max(LIMITS.id).optional(),
};

/** `PUT /jobs/{id}/plan`: the whole plan, replaced. */
export const JobExecutionPlanRequest = z
  .object({ ...planLists, ...requestIds })
  .meta({ id: "JobExecutionPlanRequest" });
export type JobExecutionPlanRequest = z.infer<typeof JobExecutionPlanRequest>;

/** `PATCH /jobs/{id}/plan`: the lists given replace the plan's; the others stay. */
export const JobExecutionPlanConfigRequest = z
  .object({
    fieldMapping: planLists.fieldMapping.optional(),
    unmappedSourceFields: planLists.unmappedSourceFields.optional(),
    unmappedDestinationFields: planLists.unmappedDestinationFields.optional(),
    programId: planLists.programId,
    ...requestIds,
  })
  .meta({ id: "JobExecutionPlanConfigRequest" });
export type JobExecutionPlanConfigRequest = z.infer<typeof JobExecutionPlanConfigRequest>;

/** `GET|PUT|PATCH /jobs/{id}/plan` answer (in `data`): the job and its plan, as Flatfile's `JobPlan`. */
export const JobPlan = z.object({ job: Job, plan: JobExecutionPlan }).meta({ id: "JobPlan" });
export type JobPlan = z.infer<typeof JobPlan>;

/** `config` of a `workbook:map` job: the sheet read and the sheet written (Flatfile's `PipelineJobConfig`). */
export const PipelineJobConfig = z
  .object({ sourceSheetId: ResourceId, destinationSheetId: ResourceId })
  .meta({ id: "PipelineJobConfig" });
export type PipelineJobConfig = z.infer<typeof PipelineJobConfig>;

/**
 * Formats the platform extracts itself. Flatfile's `Driver` names only "csv"; the others are this platform's, and a
 * listener that extracts another format writes its own config.
 */
export const FILE_DRIVERS = ["csv", "tsv", "xlsx", "json"] as const;

/** `config` of a `file:extract` job (Flatfile's `FileJobConfig`). */
export const FileJobConfig = z
  .object({
    driver: z.enum(FILE_DRIVERS),
    options: z.record(z.string(), z.unknown()).optional(),
    /** Index of the row the headers were read from, 0 for the first row of the file. */
    detectedHeaderRow: z.number().int().min(0).optional(),
  })
  .meta({ id: "FileJobConfig" });
export type FileJobConfig = z.infer<typeof FileJobConfig>;

/** A problem with a plan a client sent: the path of the offending part and a sentence saying what is wrong. */
export type PlanIssue = { key: string; message: string };

/**
 * What makes a plan (a whole one, or the lists of a PATCH) impossible to run against these two sheets: a field that is
 * not there, a destination filled twice, a field both mapped and unmapped, an enum mapping to an option the field does
 * not have. Empty when the plan is sound. One source column may feed several destinations.
 */
export function validatePlan(
  plan: Pick<
    JobExecutionPlanConfigRequest,
    "fieldMapping" | "unmappedSourceFields" | "unmappedDestinationFields"
  >,
  sourceFields: readonly Field[],
  destinationFields: readonly Field[],
): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const sources = new Map(sourceFields.map((field) => [field.key, field]));
  const destinations = new Map(destinationFields.map((field) => [field.key, field]));
  const mappedSources = new Set<string>();
  const filledBy = new Map<string, string>();

  plan.fieldMapping?.forEach((edge, index) => {
    const path = `fieldMapping.${index}`;
    const sourceKey = edge.sourceField.key;
    const destinationKey = edge.destinationField.key;
    if (!sources.has(sourceKey)) {
      issues.push({
        key: `${path}.sourceField.key`,
        message: `The source sheet has no field "${sourceKey}"`,
      });
    }
    mappedSources.add(sourceKey);
    const destination = destinations.get(destinationKey);
    if (!destination) {
      issues.push({
        key: `${path}.destinationField.key`,
        message: `The destination sheet has no field "${destinationKey}"`,
      });
    }
    const earlier = filledBy.get(destinationKey);
    if (earlier !== undefined) {
      issues.push({
        key: `${path}.destinationField.key`,
        message: `"${destinationKey}" is mapped twice, from "${earlier}" and from "${sourceKey}"`,
      });
    } else {
      filledBy.set(destinationKey, sourceKey);
    }
    if (edge.enumDetails && destination) issues.push(...enumIssues(edge.enumDetails, destination, path));
  });

  plan.unmappedSourceFields?.forEach(({ sourceField: { key } }, index) => {
    const path = `unmappedSourceFields.${index}.sourceField.key`;
    if (!sources.has(key)) issues.push({ key: path, message: `The source sheet has no field "${key}"` });
    else if (mappedSources.has(key))
      issues.push({ key: path, message: `"${key}" is both mapped and unmapped` });
  });
  plan.unmappedDestinationFields?.forEach(({ destinationField: { key } }, index) => {
    const path = `unmappedDestinationFields.${index}.destinationField.key`;
    if (!destinations.has(key))
      issues.push({ key: path, message: `The destination sheet has no field "${key}"` });
    else if (filledBy.has(key)) issues.push({ key: path, message: `"${key}" is both mapped and unmapped` });
  });
  return issues;
}

function enumIssues(details: EnumDetails, destination: Field, path: string): PlanIssue[] {
  const options = destination.config?.options;
  if (destination.type !== "enum" || !options) {
    return [{ key: `${path}.enumDetails`, message: `"${destination.key}" is not an enum field` }];
  }
  const allowed = new Set(options.map((option) => option.value));
  const issues: PlanIssue[] = [];
  details.mapping.forEach(({ destinationValue }, index) => {
    if (destinationValue === undefined || allowed.has(destinationValue)) return;
    issues.push({
      key: `${path}.enumDetails.mapping.${index}.destinationValue`,
      message: `${JSON.stringify(destinationValue)} is not an option of "${destination.key}" (${describeOptions(options)})`,
    });
  });
  return issues;
}

/** The first few option values, enough for a person to spot the one they meant. */
function describeOptions(options: readonly { value: EnumValue }[]): string {
  const shown = options.slice(0, 10).map((option) => JSON.stringify(option.value));
  return `options: ${shown.join(", ")}${options.length > shown.length ? ", ..." : ""}`;
}
