import { finishedStatusOf, isFinalStatus, type JobAttempt } from "../../../core";
import type { Job } from "../../lib/api-types";
import { durationText } from "../../lib/time-text";
import type { JobEvent } from "./api/jobs-query-options";

/** The `job:scheduled` of a failed attempt that the job's retry policy runs again. */
export const isRetryScheduled = (event: Pick<JobEvent, "topic" | "payload">): boolean =>
  event.topic === "job:scheduled" && event.payload.failedAttempt !== undefined;

/**
 * A `job:ready` that follows the end of an attempt (a failure or cancel, or a failed attempt scheduled again) starts
 * a new attempt: its number, as the event says (older events say none: counted from 2).
 */
export function retryIndexes(events: readonly JobEvent[]): Map<string, number> {
  const retries = new Map<string, number>();
  let ended = false;
  for (const event of events) {
    if (finishedStatusOf(event) !== undefined || isRetryScheduled(event)) ended = true;
    else if (event.topic === "job:ready" && ended) {
      ended = false;
      const attempt = event.payload.attempt;
      retries.set(event.id, typeof attempt === "number" ? attempt : retries.size + 2);
    }
  }
  return retries;
}

/** How many times the job ran or was set to run, by its events: 1, or more after retries. */
export const attemptsOf = (events: readonly JobEvent[]) => Math.max(1, ...retryIndexes(events).values());

/** "Retried once", "Retried twice", "Retried 3 times"; undefined for a job never retried. */
export function retriedText(attempts: number): string | undefined {
  const retries = attempts - 1;
  if (retries <= 0) return undefined;
  if (retries === 1) return "Retried once";
  if (retries === 2) return "Retried twice";
  return `Retried ${retries} times`;
}

/** "Attempt 2 of 3" (or "Attempt 2" with no retry policy); undefined for a first attempt that gets no other. */
export function attemptText(job: Pick<Job, "attempt" | "maxAttempts">): string | undefined {
  const attempt = job.attempt ?? 1;
  const of = job.maxAttempts ?? attempt;
  if (of <= 1) return undefined;
  return job.maxAttempts === undefined ? `Attempt ${attempt}` : `Attempt ${attempt} of ${of}`;
}

/** The wait before a job's next attempt: "next in 30 s", or "starting…" once it is due. */
export function nextAttemptText(nextAttemptAt: string, now: number): string {
  const wait = Date.parse(nextAttemptAt) - now;
  return wait > 1000 ? `next in ${durationText(wait)}` : "starting…";
}

/** One row of the job detail's attempts: an earlier attempt, or the current one (the job itself). */
export type AttemptRow = {
  attempt: number;
  status: JobAttempt["status"] | Job["status"];
  startedAt?: string | undefined;
  finishedAt?: string | undefined;
  reason?: string | undefined;
  current: boolean;
};

/** The job's attempts, oldest first: those it keeps in `attempts`, then the current one. */
export function attemptRows(job: Job): AttemptRow[] {
  const earlier = (job.attempts ?? []).map((a): AttemptRow => ({ ...a, current: false }));
  const final = isFinalStatus(job.status);
  const reason =
    final && job.status !== "complete" ? job.outcome?.message || job.outcome?.heading || job.info : undefined;
  return [
    ...earlier,
    {
      attempt: job.attempt ?? 1,
      status: job.status,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
      reason,
      current: true,
    },
  ];
}
