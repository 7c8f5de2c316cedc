import type { CellScalar, SheetConfig } from "../../core";
import { badRequest } from "../http/api-error";

/** A column of an export: the field it reads and its header. */
export type CsvColumn = { key: string; header: string };

/** Makes spreadsheet programs read the file as UTF-8 rather than their local code page. */
const BOM = "\uFEFF";

/**
 * One CSV field (RFC 4180): numbers and booleans as JSON writes them, empty for no value; quoted (quotes doubled) when
 * it holds a comma, a quote, a line break, or leading or trailing whitespace that a reader would otherwise trim.
 */
export function csvField(value: CellScalar | undefined): string {
  if (value === undefined || value === null) return "";
  // Numbers and booleans never need quotes: no test for them (most cells of a large export).
  if (typeof value !== "string") return String(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One CSV line, ended with CRLF as RFC 4180 asks. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.join(",")}\r\n`;
}

/**
 * The lines of a page of rows (each the values of the columns, in order): one string built by appending, the hot path
 * of a large export (no array of fields per row, no array of lines).
 */
function csvLines(rows: readonly (readonly CellScalar[])[]): string {
  let text = "";
  for (const row of rows) {
    const last = row.length - 1;
    for (let i = 0; i <= last; i++) {
      text += csvField(row[i]);
      text += i === last ? "\r\n" : ",";
    }
  }
  return text;
}

/**
 * The columns of an export: the chosen field keys in their order (400 with key `fields` for a key the sheet does not
 * have, unless it allows additional fields), else every field of the sheet. Headers are labels, keys when unlabelled.
 */
export function csvColumns(config: SheetConfig, keys: readonly string[] | undefined): CsvColumn[] {
  const byKey = new Map(config.fields.map((field) => [field.key, field]));
  if (!keys) return config.fields.map((field) => ({ key: field.key, header: field.label || field.key }));
  return keys.map((key) => {
    const field = byKey.get(key);
    if (!field && !config.allowAdditionalFields)
      throw badRequest(`"${key}" is not a field of sheet ${config.name}`, "fields");
    return { key, header: field?.label || key };
  });
}

/**
 * The CSV of records read page by page, each record as its columns' values (`recordValuePages`): a header line, then
 * one line per record. A page is read only when the reader of the stream wants more (pull), so however large the
 * sheet, only about a page is held at a time; a reader that stops early ends the reading of pages.
 */
export function csvStream(
  columns: readonly CsvColumn[],
  pages: AsyncIterable<readonly (readonly CellScalar[])[]>,
  options: { bom?: boolean } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        const header = csvLine(columns.map((column) => csvField(column.header)));
        controller.enqueue(encoder.encode((options.bom ? BOM : "") + header));
        return;
      }
      const next = await iterator.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(csvLines(next.value)));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
