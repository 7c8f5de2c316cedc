// Apart from the retry schemas (schemas/retry.ts re-exports them), so that the dashboard's first page loads no zod.

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
