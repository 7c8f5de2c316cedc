// Apart from the export schemas, so that naming a job (system-jobs.ts) loads no schema.

/**
 * The platform's own export jobs, by type and operation. Not `workbook:export`: that is the name Flatfile's users
 * (and the demo listener) give their own export action, which stays theirs to mount and run.
 */
export const EXPORT_JOBS = {
  sheet: { type: "sheet", operation: "export-csv" },
  workbook: { type: "workbook", operation: "export-csv" },
} as const;
export type ExportJobKind = keyof typeof EXPORT_JOBS;

/** Which export job `type` and `operation` name, if any. */
export function exportJobKind(job: { type: string; operation: string }): ExportJobKind | undefined {
  if (job.operation !== EXPORT_JOBS.sheet.operation) return undefined;
  return job.type === "sheet" ? "sheet" : job.type === "workbook" ? "workbook" : undefined;
}
