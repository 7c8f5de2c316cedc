/** One problem the API reported: the field it concerns (when there is one) and a sentence a person understands. */
export type ApiErrorItem = { key?: string; message: string };

function readErrors(body: unknown): ApiErrorItem[] {
  if (body && typeof body === "object" && "errors" in body && Array.isArray(body.errors)) {
    return body.errors
      .filter((item): item is Record<string, unknown> => !!item && typeof item === "object")
      .map((item) => ({
        ...(typeof item.key === "string" ? { key: item.key } : {}),
        message: typeof item.message === "string" ? item.message : JSON.stringify(item.message),
      }));
  }
  if (typeof body === "string" && body.trim()) return [{ message: body.trim().slice(0, 500) }];
  return [];
}

function describe(status: number | undefined, errors: readonly ApiErrorItem[], fallback: string): string {
  const text = errors.map((e) => (e.key ? `${e.key}: ${e.message}` : e.message)).join("; ") || fallback;
  return status === undefined ? text : `${status} ${text}`;
}

/**
 * The API refused a call or could not be reached. Every error the client throws is an `ApiError`; catch the
 * subclass that says what to do next (`NotFoundError`, `ConflictError`, ...), or read `status` and `errors`.
 *
 * Build one from a response with {@link ApiError.from}, which picks the subclass for the status.
 */
export class ApiError extends Error {
  /** The HTTP status, or `undefined` when no response arrived ({@link ConnectionError}). */
  readonly status: number | undefined;
  /** The problems the server listed in its `{ errors: [...] }` body, field by field where it named one. */
  readonly errors: readonly ApiErrorItem[];
  /** The response body as received (parsed JSON, or text), for logging. */
  readonly body: unknown;

  constructor(status: number | undefined, errors: readonly ApiErrorItem[], body?: unknown, message?: string) {
    super(message ?? describe(status, errors, status === undefined ? "No response" : "Request failed"));
    this.name = "ApiError";
    this.status = status;
    this.errors = errors;
    this.body = body;
  }

  /** The message of the first error the server listed (or the error's message when it listed none). */
  get firstMessage(): string {
    return this.errors[0]?.message ?? this.message;
  }

  /**
   * The error for a refused call: 400 → {@link ValidationError}, 401 and 403 → {@link AuthError}, 404 →
   * {@link NotFoundError}, 409 → {@link ConflictError}, 413 → {@link PayloadTooLargeError}, 429 →
   * {@link TooManyRequestsError}, anything else a plain `ApiError` (for example a 500).
   *
   * @param status the response's HTTP status
   * @param body the response body, parsed as JSON when it was JSON (`{ errors: [{ key?, message }] }`)
   * @param headers the response's headers (a 429's `Retry-After`)
   */
  static from(status: number, body: unknown, headers?: Headers): ApiError {
    const errors = readErrors(body);
    switch (status) {
      case 400:
        return new ValidationError(errors, body);
      case 401:
      case 403:
        return new AuthError(status, errors, body);
      case 404:
        return new NotFoundError(errors, body);
      case 409:
        return new ConflictError(errors, body);
      case 413:
        return new PayloadTooLargeError(errors, body);
      case 429:
        return new TooManyRequestsError(errors, body, retryAfterSeconds(headers?.get("retry-after")));
      default:
        return new ApiError(status, errors, body);
    }
  }
}

/**
 * 400: the request is malformed (a missing or wrong field, a value out of range). Retrying the same request will
 * fail again: fix the input. `errors[].key` names the field (`progress`, `outcome.next.url`, `query.pageSize`).
 */
export class ValidationError extends ApiError {
  declare readonly status: 400;

  constructor(errors: readonly ApiErrorItem[], body?: unknown) {
    super(400, errors, body);
    this.name = "ValidationError";
  }

  /** The messages the server gave for one field, e.g. `fieldErrors("progress")`. */
  fieldErrors(key: string): string[] {
    return this.errors.filter((e) => e.key === key).map((e) => e.message);
  }
}

/**
 * 401 (no token, or a tampered or expired one) or 403 (a valid token that may not do this). Do not retry with the
 * same token: sign in again or mint a new token for a 401; use a token with the right role for a 403.
 */
export class AuthError extends ApiError {
  declare readonly status: 401 | 403;

  constructor(status: 401 | 403, errors: readonly ApiErrorItem[], body?: unknown) {
    super(status, errors, body);
    this.name = "AuthError";
  }

  /** True for a 401: the token itself is missing, invalid or expired (as opposed to lacking a permission). */
  get isUnauthenticated(): boolean {
    return this.status === 401;
  }
}

/**
 * 404: no such resource, or one this token may not see (the API does not tell the two apart). Check the id, and
 * that the token's space is the resource's space; retrying will not help.
 */
export class NotFoundError extends ApiError {
  declare readonly status: 404;

  constructor(errors: readonly ApiErrorItem[], body?: unknown) {
    super(404, errors, body);
    this.name = "NotFoundError";
  }
}

/**
 * 409: the call is not allowed in the resource's current state (for example completing a job that was canceled,
 * or acking a job another listener claimed); the message names the state. Re-read the resource and decide again;
 * repeating the call unchanged will be refused the same way.
 */
export class ConflictError extends ApiError {
  declare readonly status: 409;

  constructor(errors: readonly ApiErrorItem[], body?: unknown) {
    super(409, errors, body);
    this.name = "ConflictError";
  }
}

/**
 * 413: the body is larger than the API reads (1 MiB for JSON; files have their own limit). Send less per call,
 * for example split a record insert into batches.
 */
export class PayloadTooLargeError extends ApiError {
  declare readonly status: 413;

  constructor(errors: readonly ApiErrorItem[], body?: unknown) {
    super(413, errors, body);
    this.name = "PayloadTooLargeError";
  }
}

/** `Retry-After` in seconds: a number of seconds, or an HTTP date; `undefined` when absent or unreadable. */
function retryAfterSeconds(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * 429: too many requests for now (a rate limit, or a space's quota of jobs a minute). Wait `retryAfterSeconds`
 * (the server's `Retry-After`) and send it again.
 */
export class TooManyRequestsError extends ApiError {
  declare readonly status: 429;

  constructor(
    errors: readonly ApiErrorItem[],
    body?: unknown,
    /** How long to wait before trying again, when the server said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(429, errors, body);
    this.name = "TooManyRequestsError";
  }
}

/**
 * No response arrived: the server is down or unreachable, the connection dropped, or DNS failed. The call may or
 * may not have been applied; retry it after a pause (reads and idempotent calls safely), and check the resource
 * before repeating a non-idempotent one. `cause` holds the underlying error.
 */
export class ConnectionError extends ApiError {
  declare readonly status: undefined;

  constructor(message: string, options?: { cause?: unknown }) {
    super(undefined, [{ message }], undefined, message);
    this.name = "ConnectionError";
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/**
 * The server answered with a success status but a body this client does not understand (a server of another
 * version, or a proxy's page). Check that `baseUrl` points at the API and that client and server versions match.
 */
export class UnexpectedResponseError extends ApiError {
  constructor(status: number, message: string, body: unknown, options?: { cause?: unknown }) {
    super(status, [{ message }], body, `${status} ${message}`);
    this.name = "UnexpectedResponseError";
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
