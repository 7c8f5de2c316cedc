// Apart from the record job schemas, so that naming a job (system-jobs.ts) loads no schema.

/**
 * The platform's own jobs over a sheet's records (Flatfile's DeleteRecords, FindReplace, MutateRecords and
 * validation), by type and operation. The system worker runs them (`managed: true`); listeners never claim them.
 */
export const RECORD_JOBS = {
  deleteRecords: { type: "workbook", operation: "delete-records" },
  findReplace: { type: "sheet", operation: "find-replace" },
  mutate: { type: "sheet", operation: "mutate-records" },
  validate: { type: "sheet", operation: "validate" },
} as const;
export type RecordJobKind = keyof typeof RECORD_JOBS;
