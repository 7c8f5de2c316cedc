/**
 * Why a file could not be extracted, in a sentence for the person who uploaded it (the job's outcome shows it as is).
 * Anything else thrown while extracting is a bug or an I/O failure, not a property of the file.
 */
export class ExtractError extends Error {
  override readonly name = "ExtractError";
}

/** 12345 -> "12,345": numbers in messages people read. */
export { formatCount } from "../../../core";
