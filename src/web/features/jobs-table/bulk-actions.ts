import { ALLOWED_FROM, countOf } from "../../../core";
import type { ApiClient } from "../../../sdk";
import type { Job } from "../../lib/api-types";
import { errorText } from "../../lib/error-text";

export type BulkKind = "cancel" | "retry" | "delete";

export const BULK_LABELS: Record<BulkKind, { verb: string; pending: string; done: string }> = {
  cancel: { verb: "Cancel", pending: "Canceling…", done: "Canceled" },
  retry: { verb: "Retry", pending: "Retrying…", done: "Retried" },
  delete: { verb: "Delete", pending: "Deleting…", done: "Deleted" },
};

/** The bulk actions that ask first: canceling stops work that cannot be resumed, deleting cannot be undone. */
export type ConfirmedBulkKind = Exclude<BulkKind, "retry">;

/** The confirm button of a bulk cancel or delete, "Cancel 3 jobs"; its question adds a "?". */
export const bulkJobsText = (kind: ConfirmedBulkKind, count: number) =>
  `${BULK_LABELS[kind].verb} ${countOf(count, "job")}`;

/** Whether the state machine allows `kind` from the job's status (core's transition table, the server's rule). */
export const isEligible = (kind: BulkKind, job: Pick<Job, "status">): boolean =>
  ALLOWED_FROM[kind].includes(job.status);

export type BulkSummary = {
  kind: BulkKind;
  /** The jobs as the API answered them. */
  done: Job[];
  failed: { job: Job; message: string }[];
  /** Selected jobs the status did not allow it for; no request was sent for them. */
  skipped: number;
};

/** At most this many requests at once: a large selection must not flood the API or the browser's connections. */
const CONCURRENCY = 4;

/**
 * Sends one request per eligible job, a few at a time (decision: no bulk endpoint; a page holds at most a few hundred
 * jobs, and per-job answers give per-job errors); one job's refusal does not stop the others. A deleted job is
 * reported as it was, since the API answers a delete with its id only.
 */
async function runOne(api: ApiClient, kind: BulkKind, job: Job): Promise<Job> {
  if (kind === "cancel") return api.jobs.cancel(job.id);
  if (kind === "retry") return api.jobs.retry(job.id);
  await api.jobs.delete(job.id);
  return job;
}

/** Cancels, retries or deletes the eligible jobs among `jobs` (see `runOne`). */
export async function runBulk(api: ApiClient, kind: BulkKind, jobs: readonly Job[]): Promise<BulkSummary> {
  const eligible = jobs.filter((job) => isEligible(kind, job));
  const summary: BulkSummary = { kind, done: [], failed: [], skipped: jobs.length - eligible.length };
  let next = 0;
  const worker = async () => {
    for (let job = eligible[next++]; job; job = eligible[next++]) {
      try {
        summary.done.push(await runOne(api, kind, job));
      } catch (error) {
        summary.failed.push({ job, message: errorText(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, eligible.length) }, worker));
  return summary;
}

/** One sentence for the summary line: "Canceled 3 of 4 jobs; 1 failed; 2 not eligible, skipped." */
export function summaryText({ kind, done, failed, skipped }: BulkSummary): string {
  const tried = done.length + failed.length;
  const parts = [`${BULK_LABELS[kind].done} ${done.length} of ${tried} ${tried === 1 ? "job" : "jobs"}`];
  if (failed.length) parts.push(`${failed.length} failed`);
  if (skipped) parts.push(`${skipped} not eligible, skipped`);
  return `${parts.join("; ")}.`;
}
