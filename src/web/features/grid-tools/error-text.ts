import { ApiError } from "../../../sdk";

/** A refused or failed call in words: the server's messages, without the status code. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.errors.map((item) => item.message).join("; ") || error.message;
  return error instanceof Error ? error.message : String(error);
}

/** A count as people read it: 1,204. */
export const countText = (value: number) => value.toLocaleString("en-US");

/** "1 record", "1,204 records". */
export const recordsText = (value: number) => `${countText(value)} ${value === 1 ? "record" : "records"}`;
