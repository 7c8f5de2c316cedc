import { z } from "zod";
import { IsoDateTime, LIMITS } from "./common";

/**
 * Automatic retries (issue 16). An action or a job may declare how often a failed job is tried again and how long
 * it waits in between. The bounds keep a misconfigured action from hammering a service or holding a job for days:
 * at most 10 attempts, at most an hour between two of them (exponential backoff stops doubling there).
 */
export const RETRY_LIMITS = {
  attempts: 10,
  delaySeconds: 3_600,
  /** The longest wait between two attempts, whatever the backoff. */
  maxDelaySeconds: 3_600,
  /** Earlier attempts a job keeps in `attempts` (the oldest go first); manual retries can add more than `attempts`. */
  history: 20,
} as const;

export const RetryBackoff = z
  .object({
    type: z.enum(["fixed", "exponential"]),
    /** Fixed: the wait before every retry. Exponential: before the first, doubling for each one after. */
    delaySeconds: z.number().int().min(1).max(RETRY_LIMITS.delaySeconds),
  })
  .meta({ id: "RetryBackoff" });
export type RetryBackoff = z.infer<typeof RetryBackoff>;

/** `retry` of an action or a job: `attempts` counts the first one (1 never retries). */
export const RetryPolicy = z
  .object({
    attempts: z.number().int().min(1).max(RETRY_LIMITS.attempts),
    backoff: RetryBackoff,
  })
  .meta({ id: "RetryPolicy" });
export type RetryPolicy = z.infer<typeof RetryPolicy>;

/** One earlier attempt of a job, as its detail lists it: the current attempt is the job itself. */
export const JobAttempt = z
  .object({
    attempt: z.number().int().min(1),
    status: z.enum(["failed", "canceled"]),
    startedAt: IsoDateTime.optional(),
    finishedAt: IsoDateTime.optional(),
    /** Why it ended: the failure's message or heading, or the listener's info. */
    reason: z.string().max(LIMITS.info).optional(),
  })
  .meta({ id: "JobAttempt" });
export type JobAttempt = z.infer<typeof JobAttempt>;
