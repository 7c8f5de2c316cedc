import { ByteReader, type ByteStream, type ExtractSource } from "./byte-reader";
import { readDelimited } from "./delimited-reader";
import { ExtractError } from "./extract-error";
import type { ExtractEvent } from "./extract-events";
import { extractFormatOf, sniffContainer } from "./extract-format";
import { DEFAULT_EXTRACT_LIMITS, type ExtractLimits } from "./extract-limits";
import { readJson } from "./json-reader";
import { readXlsx } from "./xlsx-reader";

export type ExtractOptions = {
  /** The uploaded file's name: its extension picks the format, its base names a CSV, TSV or JSON table. */
  fileName: string;
  /** The file's media type, used when the name has no known extension. */
  mediaType?: string;
  /** The file's size in bytes, when known: gives `onProgress` its `bytesTotal`. */
  size?: number;
  /** Caps and batch sizes; each one left out keeps its DEFAULT_EXTRACT_LIMITS value. */
  limits?: Partial<ExtractLimits>;
  /** 0-based index of the header row, to skip detection (a person said where the header is). */
  headerRow?: number;
  /**
   * Called as bytes are read. `bytesTotal` is what reading will take in all, `size` times the passes expected (2 for
   * XLSX, which may end after one: then progress jumps to the end); undefined without `size`. Never decreases.
   */
  onProgress?: (progress: { bytesRead: number; bytesTotal: number | undefined }) => void;
};

/**
 * Parses a file into tables, as a stream of events (see ExtractEvent): for each table a `table` event (name, header
 * row, columns), then `rows` batches and, when a row or JSON object brings more columns, `columns` events.
 *
 * Pull-based: nothing is read until the caller asks for the next event, so a batch can be written (in one
 * transaction) before the next is parsed, and memory stays bounded by a batch and a chunk. Calling `return()` on the
 * generator (leaving a `for await` loop) cancels the source stream. A file that cannot be extracted ends the
 * iteration with an {@link ExtractError}; the caller should first check {@link extractFormatOf}, or expect an
 * ExtractError saying the format is not supported.
 *
 * Runs in Node and in browsers: no Node built-ins, WHATWG streams only.
 */
export async function* extractTables(
  source: ExtractSource,
  options: ExtractOptions,
): AsyncGenerator<ExtractEvent, void, undefined> {
  const limits = { ...DEFAULT_EXTRACT_LIMITS, ...options.limits };
  const byName = extractFormatOf(options.fileName, options.mediaType);
  if (!byName) {
    throw new ExtractError(
      `Files like "${options.fileName.slice(0, 200)}" are not extracted: upload a CSV, TSV, JSON or XLSX file.`,
    );
  }
  let bytesRead = 0;
  let passes = byName === "xlsx" ? 2 : 1;
  const progress = (bytes: number) => {
    bytesRead += bytes;
    options.onProgress?.({ bytesRead, bytesTotal: total() });
  };
  const total = () => (options.size === undefined ? undefined : Math.max(bytesRead, options.size * passes));
  const open = async () => new ByteReader(typeof source === "function" ? await source() : source, progress);
  const reopen =
    typeof source === "function"
      ? async () => new ByteReader(await (source as () => ByteStream | Promise<ByteStream>)(), progress)
      : undefined;

  const reader = await open();
  try {
    const container = sniffContainer(await reader.peek(4));
    if (container === "zip") {
      passes = 2;
      yield* readXlsx(reader, reopen, { limits, headerRow: options.headerRow });
      return;
    }
    if (container === "ole") {
      throw new ExtractError(
        "This is an old-style Excel (.xls) or a password-protected workbook; save it as .xlsx without a password, or as CSV.",
      );
    }
    if (byName === "xlsx")
      throw new ExtractError("The file is not a valid XLSX workbook (it is not a zip archive).");
    const tableName = baseName(options.fileName);
    if (byName === "json") {
      yield* readJson(reader, { tableName, limits });
      return;
    }
    yield* readDelimited(reader, { format: byName, tableName, limits, headerRow: options.headerRow });
  } finally {
    await reader.close();
  }
}

function baseName(fileName: string): string {
  const name = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = name.lastIndexOf(".");
  return (dot > 0 ? name.slice(0, dot) : name) || "Sheet1";
}
