import type { Job } from "./schemas/job";
import { LIMITS } from "./limits";
import type { JobOutcome } from "./schemas/outcome";
import { RETRY_LIMITS } from "./retry-limits";
import type { JobAttempt, RetryBackoff, RetryPolicy } from "./schemas/retry";

/**
 * The wait in seconds before retry number `retry` (1 for the wait after the first failed attempt): the backoff's
 * delay, doubled for each retry before it when exponential, never more than `RETRY_LIMITS.maxDelaySeconds`.
 */
export function retryDelaySeconds(backoff: RetryBackoff, retry: number): number {
  const factor = backoff.type === "exponential" ? 2 ** Math.max(0, retry - 1) : 1;
  return Math.min(backoff.delaySeconds * factor, RETRY_LIMITS.maxDelaySeconds);
}

/** The job's attempt number (jobs stored before retries existed have none: their only attempt was the first). */
export const jobAttempt = (job: Pick<Job, "attempt">): number => job.attempt ?? 1;

/** The highest attempt number a job with this policy may reach when its current round starts at `attempt`. */
export const maxAttemptsFrom = (policy: RetryPolicy | undefined, attempt: number): number | undefined =>
  policy ? attempt + policy.attempts - 1 : undefined;

/**
 * When the job's next attempt starts if its current one fails at `now`, or undefined when none is left (no policy,
 * or the last attempt of the round). A round is the policy's attempts, from creation or from a manual retry.
 */
export function nextAttemptAt(
  job: Pick<Job, "retry" | "attempt" | "maxAttempts">,
  now: string,
): string | undefined {
  const { retry } = job;
  const attempt = jobAttempt(job);
  if (!retry || job.maxAttempts === undefined || attempt >= job.maxAttempts) return undefined;
  const retryNumber = attempt - (job.maxAttempts - retry.attempts);
  return new Date(Date.parse(now) + retryDelaySeconds(retry.backoff, retryNumber) * 1000).toISOString();
}

/** Why an attempt ended, in a sentence: the outcome's message or heading, or the info the listener gave. */
export function attemptReason(outcome: JobOutcome | undefined, info: string | undefined): string | undefined {
  const reason = outcome?.message || outcome?.heading || info;
  return reason ? reason.slice(0, LIMITS.info) : undefined;
}

/** The history with `entry` added, keeping the newest `RETRY_LIMITS.history` entries. */
export const withAttempt = (history: JobAttempt[] | undefined, entry: JobAttempt): JobAttempt[] =>
  [...(history ?? []), entry].slice(-RETRY_LIMITS.history);
