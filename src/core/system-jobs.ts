import { exportJobKind } from "./schemas/export-jobs";
import type { Job } from "./schemas/job";

/**
 * Who the platform's own worker is in jobs and events: the listener id of its claims (`claimedBy`) and the `actorId`
 * of what it writes. A listener can tell an import's commits from a person's by it.
 */
export const SYSTEM_WORKER_ID = "system:worker";

/** The label of a workbook the platform extracted from a file (its raw sheets; `metadata.fileId` names the file). */
export const FILE_WORKBOOK_LABEL = "file";

/** Whether a workbook is a file's extracted data rather than one of the space's own workbooks. */
export const isFileWorkbook = (workbook: { labels?: readonly string[] }) =>
  workbook.labels?.includes(FILE_WORKBOOK_LABEL) ?? false;

const ROWS = new Intl.NumberFormat("en-US");

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;

const count = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;

/**
 * The name a person gives one of the platform's own jobs, from what the platform writes in its metadata:
 * "Extract contacts.csv", "Import 12,345 rows into Contacts", "Export Contacts to CSV". Undefined for any other job, or when the metadata does
 * not say enough (the caller falls back to the job's type and operation).
 */
export function systemJobTitle(
  job: Pick<Job, "type" | "operation"> & { metadata?: Record<string, unknown> },
): string | undefined {
  const metadata = job.metadata ?? {};
  if (job.type === "file" && job.operation === "extract") {
    const fileName = text(metadata.fileName);
    return fileName === undefined ? undefined : `Extract ${fileName}`;
  }
  if (job.type === "workbook" && job.operation === "map") {
    const sheetName = text(metadata.destinationSheetName);
    if (sheetName === undefined) return undefined;
    const rows = count(metadata.sourceRows);
    if (rows === undefined) return `Import into ${sheetName}`;
    return `Import ${ROWS.format(rows)} ${rows === 1 ? "row" : "rows"} into ${sheetName}`;
  }
  const exportKind = exportJobKind(job);
  if (exportKind === "sheet") {
    const sheetName = text(metadata.sheetName);
    return sheetName === undefined ? undefined : `Export ${sheetName} to CSV`;
  }
  if (exportKind === "workbook") {
    const workbookName = text(metadata.workbookName);
    return workbookName === undefined ? undefined : `Export all sheets of ${workbookName}`;
  }
  return undefined;
}
