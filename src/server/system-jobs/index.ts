import { sheetExportHandler, workbookExportHandler } from "./export/export-job";
import { extractJobHandler } from "./extract-job";
import { mapJobHandler } from "./map/map-job";
import { mutateJobHandler } from "./mutate/mutate-job";
import { deleteRecordsJobHandler, validateJobHandler } from "./records/delete-records-job";
import { findReplaceJobHandler } from "./records/find-replace-job";
import type { SystemJobDeps } from "./system-job-run";
import {
  startSystemWorker,
  type SystemJobHandler,
  type SystemWorker,
  type SystemWorkerOptions,
} from "./system-worker";

export { SYSTEM_ACTOR, SYSTEM_WORKER_ID } from "./system-actor";
export type { SystemJobDeps } from "./system-job-run";
export { SYSTEM_WORKER_DEFAULTS, type SystemWorker, type SystemWorkerOptions } from "./system-worker";

/** Every system job the platform runs itself. */
export const SYSTEM_JOB_HANDLERS: readonly SystemJobHandler[] = [
  extractJobHandler,
  mapJobHandler,
  sheetExportHandler,
  workbookExportHandler,
  deleteRecordsJobHandler,
  findReplaceJobHandler,
  validateJobHandler,
  mutateJobHandler,
];

/** Starts this instance's system worker with every system job's handler. */
export function startSystemJobs(deps: SystemJobDeps, options?: SystemWorkerOptions): SystemWorker {
  return startSystemWorker(deps, SYSTEM_JOB_HANDLERS, options);
}
