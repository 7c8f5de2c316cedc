import type { ZodError } from "zod";

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503;
export type ErrorItem = { key?: string; message: string };

/**
 * An error the API answers with `{ errors: [...] }` and its status. Throw one of the named constructors below from
 * any route or service; the app's single error handler turns it into the response.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly errors: ErrorItem[],
    /** Response headers that belong with the error (`Retry-After` on a 429). */
    readonly headers?: Record<string, string>,
  ) {
    super(errors.map((e) => (e.key ? `${e.key}: ${e.message}` : e.message)).join("; "));
    this.name = "ApiError";
  }

  toBody() {
    return { errors: this.errors };
  }
}

/** 400: the request is malformed; say which field and why. */
export const badRequest = (message: string, key?: string) => new ApiError(400, [{ key, message }]);

/** 400 from a failed schema parse, one item per problem. */
export function validationError(error: ZodError, prefix?: string): ApiError {
  return new ApiError(
    400,
    error.issues.map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
      return { key: path || undefined, message: issue.message };
    }),
  );
}

/** 401: no token, or one that is tampered with or expired. */
export const unauthorized = (message: string) => new ApiError(401, [{ message }]);

/** 403: the token is valid but may not do this. */
export const forbidden = (message: string) => new ApiError(403, [{ message }]);

/** 404: no such resource, or not visible to this token (the two are indistinguishable on purpose). */
export const notFound = (kind: string, id: string) =>
  new ApiError(404, [{ message: `${kind} ${id} not found` }]);

/** 409: the call is not allowed in the resource's current state; the message names the state. */
export const conflict = (message: string) => new ApiError(409, [{ message }]);

/** 413: the body is larger than the API reads. */
export const payloadTooLarge = (limitBytes: number) =>
  new ApiError(413, [{ message: `The request body is larger than ${Math.round(limitBytes / 1024)} KiB` }]);

/** 429: too many requests or jobs for now; `Retry-After` says when one will be accepted again. */
export const tooManyRequests = (
  message: string,
  retryAfterSeconds: number,
  headers?: Record<string, string>,
) => new ApiError(429, [{ message }], { ...headers, "retry-after": String(retryAfterSeconds) });

/** 503: the instance cannot take this now (a shared capacity is full); try again later, maybe elsewhere. */
export const unavailable = (message: string, retryAfterSeconds: number) =>
  new ApiError(503, [{ message }], { "retry-after": String(retryAfterSeconds) });
