import { type ParsedTokenInfo, Tokenizer, TokenParser, TokenType } from "@streamparser/json";
import { type ByteReader, Pacer } from "./byte-reader";
import { ColumnNames } from "./column-names";
import { ExtractError, formatCount } from "./extract-error";
import type { ExtractEvent } from "./extract-events";
import type { ExtractLimits } from "./extract-limits";
import { createTextDecoding, sniffEncoding } from "./text-encoding";

const SAMPLE_BYTES = 4096;

/**
 * A JSON array of objects as one table: the keys of all objects, in the order first seen, are the columns (a key
 * first seen after the first batch grows the table with a `columns` event); nested values become JSON text.
 */
export async function* readJson(
  reader: ByteReader,
  context: { tableName: string; limits: ExtractLimits },
): AsyncGenerator<ExtractEvent, void, undefined> {
  const { limits } = context;
  const sample = await reader.peek(SAMPLE_BYTES);
  if (sample.byteLength === 0) throw new ExtractError("The file is empty.");
  const decoding = createTextDecoding(sniffEncoding(sample, sample.byteLength < SAMPLE_BYTES));

  const out: ExtractEvent[] = [];
  const names = new ColumnNames();
  const columnOf = new Map<string, number>();
  let started = false;
  let batch: string[][] = [];
  let batchChars = 0;
  let items = 0;
  const flush = () => {
    const width = names.columns.length;
    if (!started) {
      out.push({
        kind: "table",
        name: context.tableName,
        index: 0,
        format: "json",
        headerRow: undefined,
        columns: [...names.columns],
      });
      started = true;
    }
    if (batch.length === 0) return;
    for (const row of batch) while (row.length < width) row.push("");
    out.push({ kind: "rows", rows: batch });
    batch = [];
    batchChars = 0;
  };
  const addItem = (value: unknown) => {
    items++;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new ExtractError(
        `Item ${formatCount(items)} of the JSON array is ${describe(value)}; each item must be an object ({"name": "value", ...}).`,
      );
    }
    const row: string[] = [];
    for (const [key, field] of Object.entries(value)) {
      let column = columnOf.get(key);
      if (column === undefined) {
        if (names.columns.length >= limits.maxColumns) {
          throw new ExtractError(
            `Item ${formatCount(items)} brings the JSON objects to more than ${formatCount(limits.maxColumns)} different keys; at most ${formatCount(limits.maxColumns)} columns are supported.`,
          );
        }
        if (started) flush();
        column = names.columns.length;
        names.add(key);
        columnOf.set(key, column);
        if (started) out.push({ kind: "columns", columns: [...names.columns] });
      }
      const text = cellText(field);
      if (text.length > limits.maxCellChars) {
        throw new ExtractError(
          `Item ${formatCount(items)} has a value of ${formatCount(text.length)} characters under "${key.slice(0, 100)}"; at most ${formatCount(limits.maxCellChars)} are supported.`,
        );
      }
      while (row.length < column) row.push("");
      row[column] = text;
      batchChars += text.length;
    }
    batch.push(row);
    if (batch.length >= limits.batchRows || batchChars >= limits.batchChars) flush();
  };

  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths: ["$.*"], keepStack: false });
  let depth = 0;
  let first = true;
  tokenizer.onToken = (token: ParsedTokenInfo) => {
    if (first) {
      first = false;
      if (token.token !== TokenType.LEFT_BRACKET) {
        throw new ExtractError(
          `The JSON file holds ${describe(token.token === TokenType.LEFT_BRACE ? {} : token.value)}; it must hold an array of objects ([{"name": "value", ...}, ...]).`,
        );
      }
    }
    if (token.token === TokenType.LEFT_BRACE || token.token === TokenType.LEFT_BRACKET) {
      if (++depth > limits.maxJsonDepth) {
        throw new ExtractError(
          `The JSON file nests arrays and objects more than ${formatCount(limits.maxJsonDepth)} levels deep, which is not supported.`,
        );
      }
    } else if (token.token === TokenType.RIGHT_BRACE || token.token === TokenType.RIGHT_BRACKET) depth--;
    parser.write(token);
  };
  parser.onValue = ({ value }) => addItem(value);

  const pacer = new Pacer();
  const write = (text: string, end: boolean) => {
    try {
      if (text.length > 0) tokenizer.write(text);
      if (end) {
        tokenizer.end();
        // The tokenizer ends between tokens; only the parser knows an array was left open.
        if (!parser.isEnded) parser.end();
      }
    } catch (error) {
      if (error instanceof ExtractError) throw error;
      throw new ExtractError(
        `The file is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  for (let chunk = await reader.read(); chunk; chunk = await reader.read()) {
    write(decoding.decode(chunk), false);
    yield* out.splice(0);
    await pacer.breathe();
  }
  write(decoding.end(), true);
  if (first) throw new ExtractError("The file holds no JSON value.");
  if (items === 0) throw new ExtractError("The JSON array is empty: there is nothing to import.");
  flush();
  yield* out.splice(0);
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "a string";
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return "a boolean";
  return "not an object";
}
