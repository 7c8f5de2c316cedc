import { ApiError, AuthError, ConnectionError, PayloadTooLargeError, ValidationError } from "../../../sdk";

const UNITS: Record<string, string> = { MiB: "MB", KiB: "KB", bytes: "bytes" };

/** Why an upload failed, in plain words for the line under the file ("Too large (limit 100 MB)"). */
export function uploadErrorText(error: unknown): string {
  if (error instanceof PayloadTooLargeError) {
    const limit = /limit of ([\d.]+) (MiB|KiB|bytes)/.exec(error.firstMessage);
    return limit ? `Too large (limit ${limit[1]} ${UNITS[limit[2] ?? "bytes"]})` : "Too large for the server";
  }
  if (error instanceof ValidationError) return `Refused: ${error.firstMessage}`;
  if (error instanceof AuthError) return "You may not upload files here";
  if (error instanceof ConnectionError) return "Could not reach the server";
  if (error instanceof ApiError) return `Failed: ${error.firstMessage}`;
  return error instanceof Error ? `Failed: ${error.message}` : "Failed";
}
