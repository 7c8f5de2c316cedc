import { HTTPException } from "hono/http-exception";
import { ApiError } from "./api-error";

/** An error's answer: its status, its JSON body's text and the headers that go with it (besides the content type). */
export type ErrorAnswer = { status: number; body: string; headers?: Record<string, string> };

/**
 * The one mapping from a thrown error to the API's answer, for the app's error handler and for the Node server's
 * fast path alike: an `ApiError` as it says, a Hono `HTTPException` with its message, anything else a 500 (logged).
 */
export function errorAnswer(error: Error): ErrorAnswer {
  if (error instanceof ApiError) {
    // The rest of an over-long body is never read: close the connection rather than leave the client uploading
    // into a socket that will be torn down under it.
    const headers = error.status === 413 ? { ...error.headers, connection: "close" } : error.headers;
    return { status: error.status, body: JSON.stringify(error.toBody()), headers };
  }
  if (error instanceof HTTPException) {
    return {
      status: error.status,
      body: JSON.stringify({ errors: [{ message: error.message || "Request refused" }] }),
    };
  }
  console.error("unhandled error", error);
  return {
    status: 500,
    body: JSON.stringify({ errors: [{ message: "Internal error: the request was not completed" }] }),
  };
}

/** `errorAnswer` as a Response. */
export function errorResponse(error: Error): Response {
  const { status, body, headers } = errorAnswer(error);
  return new Response(body, { status, headers: { "content-type": "application/json", ...headers } });
}
