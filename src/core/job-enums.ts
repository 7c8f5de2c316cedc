// Apart from their schemas (schemas/job.ts, schemas/action.ts), so that a list of them (the jobs table's filters)
// loads no zod.

/** What a job runs on. */
export const JOB_TYPES = ["file", "workbook", "sheet", "space", "document", "app"] as const;

/** How a job shows while it runs: in front of the page, in the background, or blocking the toolbar. */
export const ACTION_MODES = ["foreground", "background", "toolbarBlocking"] as const;
