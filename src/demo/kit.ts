/**
 * Small helpers the demo's handlers share: the types they need (taken from the SDK's client, since the demo
 * imports the SDK only), reading a sheet's records page by page, CSV, and waiting without ignoring cancellation.
 */
import type { ApiClient, JobHandlerFunction } from "../sdk";

/** A job as the API returns it. */
export type Job = Parameters<JobHandlerFunction>[0];
/** An action as a workbook, sheet, document or file is created with it. */
export type ActionConfig = NonNullable<Parameters<ApiClient["workbooks"]["create"]>[0]["actions"]>[number];
/** A sheet's configuration as a workbook is created with it. */
export type SheetConfigInput = NonNullable<Parameters<ApiClient["workbooks"]["create"]>[0]["sheets"]>[number];
/** One record of a sheet. */
export type SheetRecord = Awaited<ReturnType<ApiClient["records"]["get"]>>["records"][number];
/** A sheet with its configuration and record counts. */
export type Sheet = Awaited<ReturnType<ApiClient["sheets"]["get"]>>;
/** A value as written into a record's cell. */
export type CellValue = string | number | boolean | null;

/** The slug of the demo's one sheet; the custom job listens to its commits. */
export const CONTACTS_SLUG = "contacts";
/** The name of the workbook the demo builds (the seed document's example). */
export const WORKBOOK_NAME = "October Report Workbook";

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts (the job was canceled). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The job's workbook (its source for workbook jobs, or the workbook its sheet or file lives in). */
export function workbookIdOf(job: Job): string {
  const id = job.workbookId ?? (job.type === "workbook" ? job.source : undefined);
  if (!id) throw new Error(`Job ${job.id} does not belong to a workbook`);
  return id;
}

/** The job's space; every demo job has one. */
export function spaceIdOf(job: Job): string {
  if (!job.spaceId) throw new Error(`Job ${job.id} does not belong to a space`);
  return job.spaceId;
}

/** The workbook's contacts sheet. */
export async function contactsSheet(api: ApiClient, workbookId: string): Promise<Sheet> {
  const sheets = await api.sheets.list({ workbookId });
  const sheet = sheets.find((s) => s.slug === CONTACTS_SLUG);
  if (!sheet) throw new Error(`The workbook has no "${CONTACTS_SLUG}" sheet`);
  return sheet;
}

/** Every record of a sheet (valid, error or all), read a page at a time. */
export async function allRecords(
  api: ApiClient,
  sheetId: string,
  filter: "all" | "valid" | "error" = "all",
): Promise<SheetRecord[]> {
  const records: SheetRecord[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await api.records.get(sheetId, { filter, pageSize: 500, pageNumber });
    records.push(...page.records);
    if (pageNumber >= page.pagination.pageCount) return records;
  }
}

/** The value of a record's cell, or undefined. */
export const cell = (record: SheetRecord, key: string) => record.values[key]?.value ?? undefined;

function csvField(value: unknown): string {
  const text = value === undefined || value === null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text (RFC 4180) of a header row and data rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** The records of a sheet as CSV, one column per field (plus `extra` columns computed per record). */
export function recordsToCsv(
  sheet: Sheet,
  records: readonly SheetRecord[],
  extra: Record<string, (record: SheetRecord) => unknown> = {},
): string {
  const keys = sheet.config.fields.map((field) => field.key);
  return toCsv(
    [...keys, ...Object.keys(extra)],
    records.map((record) => [
      ...keys.map((key) => cell(record, key)),
      ...Object.values(extra).map((f) => f(record)),
    ]),
  );
}

/** The error messages of a record, as one line ("Email: must be unique; Age must be a number"). */
export function recordErrors(record: SheetRecord): string {
  return Object.values(record.values)
    .flatMap((c) => c.messages.filter((m) => m.type === "error").map((m) => m.message))
    .join("; ");
}

/** Today as YYYY-MM-DD, for file names. */
export const today = () => new Date().toISOString().slice(0, 10);
