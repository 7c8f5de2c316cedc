import { countOf, recordsWord } from "./count-words";
import { exportJobKind } from "./export-job-kinds";
import type { Job } from "./schemas/job";
import { RECORD_JOBS } from "./record-job-kinds";

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
    return `Import ${countOf(rows, "row")} into ${sheetName}`;
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
  return recordJobTitle(job.type, job.operation, metadata);
}

const is = (type: string, operation: string, kind: { type: string; operation: string }) =>
  type === kind.type && operation === kind.operation;

/** A cell value as the title quotes it (find and replace take text, numbers and booleans). */
const cellText = (value: unknown): string | undefined =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : undefined;

/**
 * The record jobs' titles, from the metadata written when they were created: `sheetName`, `selected` (records the
 * selection held), `fieldLabel`, `find` and `replace`, `mutation` ("bulkEdit" or "code").
 */
function recordJobTitle(
  type: string,
  operation: string,
  metadata: Record<string, unknown>,
): string | undefined {
  const sheetName = text(metadata.sheetName);
  if (sheetName === undefined) return undefined;
  const fieldLabel = text(metadata.fieldLabel);
  if (is(type, operation, RECORD_JOBS.deleteRecords)) {
    const selected = count(metadata.selected);
    if (selected === undefined) return `Delete records from ${sheetName}`;
    return `Delete ${recordsWord(selected)} from ${sheetName}`;
  }
  if (is(type, operation, RECORD_JOBS.findReplace)) {
    const find = cellText(metadata.find);
    if (find === undefined || fieldLabel === undefined) return `Find and replace in ${sheetName}`;
    const replace = cellText(metadata.replace) ?? "";
    return replace === ""
      ? `Remove ${find} from ${fieldLabel}`
      : `Replace ${find} with ${replace} in ${fieldLabel}`;
  }
  if (is(type, operation, RECORD_JOBS.mutate)) {
    return metadata.mutation === "bulkEdit" && fieldLabel !== undefined
      ? `Bulk edit ${fieldLabel} in ${sheetName}`
      : `Run a mutation on ${sheetName}`;
  }
  if (is(type, operation, RECORD_JOBS.validate)) return `Validate ${sheetName}`;
  return undefined;
}
