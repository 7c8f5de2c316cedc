import {
  EXPORT_JOBS,
  ExportJobConfig,
  exportJobKind,
  type ExportOptions,
  type Job,
  type JobConfig,
  type Principal,
} from "../../../core";
import { badRequest, validationError } from "../../http/api-error";
import { canSeeSpace } from "../../services/access";
import { csvColumns } from "../../services/csv-export";
import { insertNewJob } from "../../services/job-service";
import { checkQueryField } from "../../services/record-service";
import type { ServiceDeps } from "../../services/service-deps";
import type { StoreTx } from "../../store/store";

/** Whether a job request or a job is one of the platform's export jobs (`sheet:export-csv`, `workbook:export-csv`). */
export const isExportJob = (job: Pick<Job, "type" | "operation">) => exportJobKind(job) !== undefined;

/** Options of Flatfile's that this platform does not support: refused rather than silently ignored. */
const UNSUPPORTED = ["q", "versionId", "commitId"] as const;

/** The options a workbook's export takes; the others select records of one sheet. */
const WORKBOOK_OPTIONS = new Set<string>(["bom"]);

function checkOptions(options: ExportOptions, workbook: boolean): void {
  for (const key of UNSUPPORTED)
    if (options[key] !== undefined)
      throw badRequest("is not supported by this server", `config.options.${key}`);
  if (!workbook) return;
  for (const [key, value] of Object.entries(options))
    if (value !== undefined && !WORKBOOK_OPTIONS.has(key))
      throw badRequest(
        "does not apply to a workbook's export, which writes every sheet whole (export a sheet to choose its records)",
        `config.options.${key}`,
      );
}

/**
 * `POST /jobs` of a `sheet:export-csv` (source: the sheet) or `workbook:export-csv` (source: the workbook): any token
 * that can see the source may export it, as it may download it. The options are checked now (fields, sort and search
 * fields the sheet has), so a mistake is a 400 rather than a failed job. The platform runs it (`managed`), at once,
 * in the background; the names in its metadata give the job its title.
 */
export async function createExportJob(
  deps: ServiceDeps,
  tx: StoreTx,
  request: JobConfig,
  principal: Principal,
  now: string,
): Promise<Job> {
  const kind = exportJobKind(request);
  const parsed = ExportJobConfig.safeParse(request.config ?? {});
  if (!parsed.success) throw validationError(parsed.error, "config");
  const { options } = parsed.data;
  checkOptions(options, kind === "workbook");
  let scope: { spaceId: string; workbookId: string; metadata: Record<string, unknown> };
  if (kind === "sheet") {
    const sheet = await tx.getSheet(request.source);
    if (!sheet || !canSeeSpace(principal, sheet.spaceId))
      throw badRequest(`sheet ${request.source} not found`, "source");
    csvColumns(sheet.config, options.fields);
    checkQueryField(sheet.config, options.sortField, "config.options.sortField");
    checkQueryField(sheet.config, options.searchField, "config.options.searchField");
    checkQueryField(sheet.config, options.filterField, "config.options.filterField");
    scope = { spaceId: sheet.spaceId, workbookId: sheet.workbookId, metadata: { sheetName: sheet.name } };
  } else {
    const workbook = await tx.getWorkbook(request.source);
    if (!workbook || !canSeeSpace(principal, workbook.spaceId))
      throw badRequest(`workbook ${request.source} not found`, "source");
    scope = { spaceId: workbook.spaceId, workbookId: workbook.id, metadata: { workbookName: workbook.name } };
  }
  const operation = kind === "sheet" ? EXPORT_JOBS.sheet : EXPORT_JOBS.workbook;
  return insertNewJob(
    deps,
    tx,
    {
      ...operation,
      source: request.source,
      config: parsed.data,
      trigger: "immediate",
      managed: true,
      // A read: the person keeps working on the sheet while it runs, and its outcome offers the file.
      mode: "background",
      subject: request.subject,
      parentId: request.parentId,
      metadata: { ...request.metadata, ...scope.metadata },
    },
    { spaceId: scope.spaceId, workbookId: scope.workbookId, actor: principal, now },
  );
}
