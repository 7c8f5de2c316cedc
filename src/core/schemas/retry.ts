import { z } from "zod";
import { RETRY_LIMITS } from "../retry-limits";
import { IsoDateTime, LIMITS } from "./common";

export { RETRY_LIMITS } from "../retry-limits";

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
