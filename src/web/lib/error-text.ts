import { ApiError, ConnectionError, TooManyRequestsError } from "../../sdk";

/** What a person reads when no answer came from the server. */
export const UNREACHABLE_TEXT = "Could not reach the server. Check your connection and try again.";
/** What a person reads when a part of the dashboard built before the last deploy is gone from the server. */
export const NEW_VERSION_TEXT = "A new version of the dashboard is available. Reload the page to use it.";

const CHUNK_MESSAGES = [
  // Chromium and Firefox
  "failed to fetch dynamically imported module",
  "error loading dynamically imported module",
  // Safari
  "importing a module script failed",
  // Vite's preload of a chunk's stylesheet
  "unable to preload css",
];

/** A lazy part of the dashboard (a page, a dialog) that could not be fetched: offline, or renamed by a deploy. */
export function isChunkLoadError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "ChunkLoadError") return true;
  const message = error.message.toLowerCase();
  return CHUNK_MESSAGES.some((text) => message.includes(text));
}

const browserOffline = () => typeof navigator !== "undefined" && navigator.onLine === false;

/** No answer came: the server is down or the network is gone (a request, or a lazy chunk fetched offline). */
export function isUnreachable(error: unknown): boolean {
  return error instanceof ConnectionError || (isChunkLoadError(error) && browserOffline());
}

/** A 429 calmly: what happened and when to try again (the server's `Retry-After`, at least a second). */
export function tooManyRequestsText(retryAfterSeconds: number | undefined): string {
  return retryAfterSeconds === undefined
    ? "Too many requests, try again in a moment"
    : `Too many requests, try again in ${Math.max(1, retryAfterSeconds)} s`;
}

/**
 * A failed call or load in words a person can act on: the server's own messages (without the status code) for a
 * refusal, one plain sentence when the server could not be reached (never the request's method and URL, which the
 * SDK's message carries for logs), and "a new version is available" for a chunk a deploy removed. Every place of the
 * dashboard that shows an error shows this text.
 */
export function errorText(error: unknown): string {
  if (isUnreachable(error)) return UNREACHABLE_TEXT;
  if (error instanceof TooManyRequestsError) return tooManyRequestsText(error.retryAfterSeconds);
  if (isChunkLoadError(error)) return NEW_VERSION_TEXT;
  if (error instanceof ApiError) return error.errors.map((item) => item.message).join("; ") || error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
