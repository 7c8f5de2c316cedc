/**
 * An error a job handler throws when its failure is not worth retrying (bad credentials, a file that cannot be
 * read): the job fails for good, whatever attempts its retry policy has left. Any error with `retryable: false`
 * counts the same, so an application's own error classes can say so too.
 *
 * @example
 * if (response.status === 401) throw new PermanentError("The CRM refused the API key");
 */
export class PermanentError extends Error {
  readonly retryable = false;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PermanentError";
  }
}

/** Whether a failure may be retried: every error but one with `retryable: false` (a `PermanentError`). */
export function isRetryable(error: unknown): boolean {
  return !(
    typeof error === "object" &&
    error !== null &&
    (error as { retryable?: unknown }).retryable === false
  );
}
