import { ApiError, AuthError, PayloadTooLargeError, ValidationError } from "../../../sdk";
import { errorText, isUnreachable, UNREACHABLE_TEXT } from "../../lib/error-text";

const UNITS: Record<string, string> = { MiB: "MB", KiB: "KB", bytes: "bytes" };

/** Why an upload failed, in plain words for the line under the file ("Too large (limit 100 MB)"). */
export function uploadErrorText(error: unknown): string {
  if (error instanceof PayloadTooLargeError) {
    const limit = /limit of ([\d.]+) (MiB|KiB|bytes)/.exec(error.firstMessage);
    return limit ? `Too large (limit ${limit[1]} ${UNITS[limit[2] ?? "bytes"]})` : "Too large for the server";
  }
  if (error instanceof ValidationError) return `Refused: ${error.firstMessage}`;
  if (error instanceof AuthError) return "You may not upload files here";
  if (isUnreachable(error)) return UNREACHABLE_TEXT;
  if (error instanceof ApiError) return `Failed: ${error.firstMessage}`;
  return error instanceof Error ? `Failed: ${errorText(error)}` : "Failed";
}
