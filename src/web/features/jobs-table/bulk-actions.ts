import { ALLOWED_FROM, countOf } from "../../../core";
import type { ApiClient } from "../../../sdk";
import type { Job } from "../../lib/api-types";
import { errorText } from "../../lib/error-text";

export type BulkKind = "cancel" | "retry";

export const BULK_LABELS: Record<BulkKind, { verb: string; done: string }> = {
  cancel: { verb: "Cancel", done: "Canceled" },
  retry: { verb: "Retry", done: "Retried" },
};

/** The confirm button of a bulk cancel, "Cancel 3 jobs"; its question adds a "?". */
export const cancelJobsText = (count: number) => `Cancel ${countOf(count, "job")}`;

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

/** Cancels or retries the eligible jobs among `jobs`, a few at a time; one job's refusal does not stop the others. */
export async function runBulk(api: ApiClient, kind: BulkKind, jobs: readonly Job[]): Promise<BulkSummary> {
  const eligible = jobs.filter((job) => isEligible(kind, job));
  const summary: BulkSummary = { kind, done: [], failed: [], skipped: jobs.length - eligible.length };
  let next = 0;
  const worker = async () => {
    for (let job = eligible[next++]; job; job = eligible[next++]) {
      try {
        summary.done.push(kind === "cancel" ? await api.jobs.cancel(job.id) : await api.jobs.retry(job.id));
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
