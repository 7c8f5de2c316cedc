import {
  PipelineJobConfig,
  proposePlan,
  validatePlan,
  type EnumValue,
  type Field,
  type JobConfig,
  type JobExecutionPlan,
  type PlanIssue,
  type Principal,
} from "../../../core";
import { ApiError, badRequest, conflict, validationError } from "../../http/api-error";
import { canSeeSpace } from "../../services/access";
import type { StoreReader, StoredSheet } from "../../store/store";

/** Source records read for the preview values and the enum value samples of a proposed plan. */
const SAMPLE_RECORDS = 1_000;
const PREVIEW_VALUES = 10;
const DISTINCT_VALUES = 100;

export type PreparedMapJob = {
  spaceId: string;
  workbookId: string;
  config: PipelineJobConfig;
  source: StoredSheet;
  destination: StoredSheet;
  plan: JobExecutionPlan;
  sourceRows: number;
};

/** 400 for a plan that names fields the sheets do not have (and the like), each issue at its path. */
export function assertPlanFits(
  plan: Parameters<typeof validatePlan>[0],
  source: StoredSheet,
  destination: StoredSheet,
) {
  const issues: PlanIssue[] = validatePlan(plan, source.config.fields, destination.config.fields);
  if (issues.length) throw new ApiError(400, issues.slice(0, 100));
}

/**
 * Checks a `workbook:map` request (source: the extracted workbook; destination: the workbook to import into; config:
 * the two sheets) against what the caller may see, and proposes its plan from the sheets' fields and a sample of the
 * source's values. Every refusal is a 4xx that names the field.
 */
export async function prepareMapJob(
  reader: StoreReader,
  request: JobConfig,
  principal: Principal,
): Promise<PreparedMapJob> {
  const parsedConfig = PipelineJobConfig.safeParse(request.config);
  if (!parsedConfig.success) throw validationError(parsedConfig.error, "config");
  const config = parsedConfig.data;
  if (!request.destination) throw badRequest("a map job needs the workbook to import into", "destination");
  const sourceWorkbook = await reader.getWorkbook(request.source);
  if (!sourceWorkbook || !canSeeSpace(principal, sourceWorkbook.spaceId))
    throw badRequest(`workbook ${request.source} not found`, "source");
  const destinationWorkbook = await reader.getWorkbook(request.destination);
  if (!destinationWorkbook || destinationWorkbook.spaceId !== sourceWorkbook.spaceId)
    throw badRequest(`workbook ${request.destination} not found in the source's space`, "destination");
  const source = await reader.getSheet(config.sourceSheetId);
  if (!source || source.workbookId !== sourceWorkbook.id)
    throw badRequest(
      `sheet ${config.sourceSheetId} is not a sheet of workbook ${sourceWorkbook.id}`,
      "config.sourceSheetId",
    );
  const destination = await reader.getSheet(config.destinationSheetId);
  if (!destination || destination.workbookId !== destinationWorkbook.id)
    throw badRequest(
      `sheet ${config.destinationSheetId} is not a sheet of workbook ${destinationWorkbook.id}`,
      "config.destinationSheetId",
    );
  if (destination.config.readonly && principal.kind !== "secret")
    throw conflict(`The sheet ${destination.name} is read-only; nothing can be imported into it`);
  const fileId = sourceWorkbook.metadata?.fileId;
  if (typeof fileId === "string") {
    const file = await reader.getFile(fileId);
    if (file?.status === "partial")
      throw conflict(`The file ${file.name} is still being extracted; import it once extraction is complete`);
  }
  const sourceRows = (await reader.countRecords(source.id)).total;
  const plan = await proposeFromSample(reader, source, destination.config.fields);
  return {
    spaceId: sourceWorkbook.spaceId,
    workbookId: destinationWorkbook.id,
    config,
    source,
    destination,
    plan,
    sourceRows,
  };
}

/** The matcher's plan, with each column's first values as its preview and its distinct values for enum fields. */
async function proposeFromSample(
  reader: StoreReader,
  source: StoredSheet,
  destinationFields: readonly Field[],
): Promise<JobExecutionPlan> {
  const { items } = await reader.listRecords(source.id, {
    filter: "all",
    sortDirection: "asc",
    limit: SAMPLE_RECORDS,
    offset: 0,
  });
  const previews = new Map<string, string[]>();
  const distinct = new Map<string, Set<EnumValue>>();
  for (const field of source.config.fields) {
    previews.set(field.key, []);
    distinct.set(field.key, new Set());
  }
  for (const record of items) {
    for (const field of source.config.fields) {
      const value = record.values[field.key]?.value;
      if (value === undefined || value === null || value === "") continue;
      const preview = previews.get(field.key) as string[];
      if (preview.length < PREVIEW_VALUES) preview.push(String(value));
      const values = distinct.get(field.key) as Set<EnumValue>;
      if (values.size < DISTINCT_VALUES) values.add(String(value).trim());
    }
  }
  return proposePlan({
    sourceFields: source.config.fields,
    destinationFields,
    previews,
    distinctValues: new Map([...distinct].map(([key, values]) => [key, [...values]])),
  });
}
