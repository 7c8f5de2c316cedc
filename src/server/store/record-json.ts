import type { CellScalar, SheetRecord } from "../../core";

/**
 * The values of some cells of a record stored as JSON text, read without parsing the whole record: an export of a
 * million records spent most of its time in `JSON.parse` building cells (validity, messages) that it never wrote.
 * The scan walks the text that `JSON.stringify` writes (no whitespace) only as far as the record's `values`, skips
 * every other member by its brackets and quotes, and decodes just the values asked for. Text in any other shape
 * (whitespace, a member that is not what a record holds) is parsed whole instead, so the answer is always
 * `JSON.parse`'s.
 */
export class CellValueReader {
  readonly #columns = new Map<string, number>();

  /** `keys` are the cells to read, in the order of the answer's values. */
  constructor(readonly keys: readonly string[]) {
    keys.forEach((key, column) => this.#columns.set(key, column));
  }

  /** The values of the cells `keys` (null for a cell that is missing or has no value) of one stored record. */
  read(json: string): CellScalar[] {
    return this.#scan(json) ?? this.fromRecord(JSON.parse(json) as SheetRecord);
  }

  /** The same values from a record already parsed. */
  fromRecord(record: SheetRecord): CellScalar[] {
    const values = record.values;
    return this.keys.map((key) => values[key]?.value ?? null);
  }

  /** The values, or undefined when the text is not in the shape the scan reads (then it is parsed whole). */
  #scan(s: string): CellScalar[] | undefined {
    const out = new Array<CellScalar>(this.keys.length).fill(null);
    if (s.charCodeAt(0) !== OPEN_OBJECT) return undefined;
    // The record's members up to `values`: each a key, a colon and a value to skip.
    let i = 1;
    for (;;) {
      if (s.charCodeAt(i) !== QUOTE) return undefined;
      const keyEnd = stringEnd(s, i);
      if (keyEnd < 0 || s.charCodeAt(keyEnd) !== COLON) return undefined;
      const key = stringAt(s, i, keyEnd);
      i = keyEnd + 1;
      if (key === "values") break;
      i = valueEnd(s, i);
      if (i < 0 || s.charCodeAt(i) !== COMMA) return undefined;
      i++;
    }
    if (s.charCodeAt(i) !== OPEN_OBJECT) return undefined;
    i++;
    if (s.charCodeAt(i) === CLOSE_OBJECT) return out;
    // The cells: a key, a colon and the cell, whose `value` is decoded when the key is asked for.
    for (;;) {
      if (s.charCodeAt(i) !== QUOTE) return undefined;
      const keyEnd = stringEnd(s, i);
      if (keyEnd < 0 || s.charCodeAt(keyEnd) !== COLON) return undefined;
      const column = this.#columns.get(stringAt(s, i, keyEnd));
      i = keyEnd + 1;
      if (column === undefined || s.charCodeAt(i) !== OPEN_OBJECT) {
        // A cell that is not an object has no value (`cell?.value` is undefined), as a cell not asked for is skipped.
        if (column !== undefined) out[column] = null;
        i = valueEnd(s, i);
      } else {
        const cellEnd = this.#cell(s, i + 1, out, column);
        if (cellEnd < 0) return undefined;
        i = cellEnd;
      }
      if (i < 0) return undefined;
      const next = s.charCodeAt(i);
      if (next === CLOSE_OBJECT) break;
      if (next !== COMMA) return undefined;
      i++;
    }
    return out;
  }

  /** Reads one cell's members from `i` (after its `{`) into `out[column]`; answers the index after its `}`. */
  #cell(s: string, i: number, out: CellScalar[], column: number): number {
    // A later cell of the same key replaces an earlier one, as in `JSON.parse`.
    out[column] = null;
    if (s.charCodeAt(i) === CLOSE_OBJECT) return i + 1;
    for (;;) {
      if (s.charCodeAt(i) !== QUOTE) return -1;
      const keyEnd = stringEnd(s, i);
      if (keyEnd < 0 || s.charCodeAt(keyEnd) !== COLON) return -1;
      const isValue = stringAt(s, i, keyEnd) === "value";
      const start = keyEnd + 1;
      const end = valueEnd(s, start);
      if (end < 0) return -1;
      if (isValue) out[column] = decode(s, start, end);
      const next = s.charCodeAt(end);
      if (next === CLOSE_OBJECT) return end + 1;
      if (next !== COMMA) return -1;
      i = end + 1;
    }
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** The index after the string that opens at `i` (a quote not escaped by an odd run of backslashes); -1 if none. */
function stringEnd(s: string, i: number): number {
  for (let quote = s.indexOf('"', i + 1); quote >= 0; quote = s.indexOf('"', quote + 1)) {
    let before = quote - 1;
    while (s.charCodeAt(before) === BACKSLASH) before--;
    if ((quote - 1 - before) % 2 === 0) return quote + 1;
  }
  return -1;
}

/** The string from `start` to `end` (quotes included), its escapes decoded only when it has any. */
function stringAt(s: string, start: number, end: number): string {
  const inner = s.slice(start + 1, end - 1);
  return inner.includes("\\") ? (JSON.parse(s.slice(start, end)) as string) : inner;
}

/**
 * The index after the value that starts at `i`: a string, an object or array (by its brackets, skipping strings),
 * or a number or literal (up to the next comma or closing bracket); -1 when the text ends first or holds whitespace
 * where a literal stands.
 */
function valueEnd(s: string, i: number): number {
  const first = s.charCodeAt(i);
  if (first === QUOTE) return stringEnd(s, i);
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
    let depth = 0;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        i = stringEnd(s, i);
        if (i < 0) return -1;
        continue;
      }
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
      else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && --depth === 0) return i + 1;
      i++;
    }
    return -1;
  }
  if (!isLiteral(first)) return -1;
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY) return j;
    if (!isLiteral(c)) return -1;
  }
  return -1;
}

/** What a number, `true`, `false` or `null` is written with; anything else (whitespace) sends the text to `JSON.parse`. */
function isLiteral(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x2d ||
    c === 0x2b ||
    c === 0x2e ||
    c === 0x45
  );
}

/** A cell's value from its text: a string without escapes as it stands, anything else as `JSON.parse` reads it. */
function decode(s: string, start: number, end: number): CellScalar {
  if (s.charCodeAt(start) === QUOTE) return stringAt(s, start, end);
  const text = s.slice(start, end);
  if (text === "true") return true;
  if (text === "false") return false;
  if (text === "null") return null;
  return JSON.parse(text) as CellScalar;
}
