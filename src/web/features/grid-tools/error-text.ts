import { ApiError } from "../../../sdk";

/** A refused or failed call in words: the server's messages, without the status code. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.errors.map((item) => item.message).join("; ") || error.message;
  return error instanceof Error ? error.message : String(error);
}

export { formatCount as countText, recordsWord as recordsText } from "../../../core";
