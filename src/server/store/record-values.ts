import type { Cell, CellScalar, SheetRecord } from "../../core";

/**
 * How records are searched and sorted, shared by the adapters so that they agree exactly. Isomorphic: the memory
 * store uses it in browsers too.
 */

/** A record's cell for `key` (own properties only, so keys such as "constructor" are plain field keys). */
export function cellOf(record: SheetRecord, key: string): Cell | undefined {
  return Object.hasOwn(record.values, key) ? record.values[key] : undefined;
}

/** The text a search looks at for one value; empty values are never found. */
export function searchableText(value: CellScalar | undefined): string | undefined {
  return value === undefined || value === null ? undefined : String(value).toLowerCase();
}

/** Separates the cells of `recordSearchText`; a needle cannot span two cells unless it contains it. */
export const SEARCH_SEPARATOR = "\u0001";

/** Every non-empty cell's value, lower-cased (JavaScript rules) and joined by `SEARCH_SEPARATOR`. */
export function recordSearchText(record: SheetRecord): string {
  const parts: string[] = [];
  for (const key of Object.keys(record.values)) {
    const text = searchableText(record.values[key]?.value);
    if (text !== undefined) parts.push(text);
  }
  return parts.join(SEARCH_SEPARATOR);
}

/** Whether `record` matches a lower-cased `needle` in any cell, or in `field`'s cell only. */
export function recordContains(record: SheetRecord, needle: string, field?: string): boolean {
  if (field !== undefined) return searchableText(cellOf(record, field)?.value)?.includes(needle) ?? false;
  for (const key of Object.keys(record.values)) {
    if (searchableText(record.values[key]?.value)?.includes(needle)) return true;
  }
  return false;
}

/** A UTF-16 code unit mapped so that comparing mapped units orders strings by code point (= UTF-8 bytes). */
function codePointOrder(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** Binary (UTF-8 byte) comparison of two strings, as SQLite's default collation does. */
export function compareBinary(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointOrder(x) - codePointOrder(y);
  }
  return a.length - b.length;
}

/**
 * Orders cell values as SQLite orders `json_extract` results: empty (missing or null) first, then numbers with
 * booleans as 0/1, numerically, then text by binary comparison.
 */
export function compareCellValues(a: CellScalar | undefined, b: CellScalar | undefined): number {
  const rankA = valueRank(a);
  const rankB = valueRank(b);
  if (rankA !== rankB) return rankA - rankB;
  if (rankA === 1) return Number(a) - Number(b);
  if (rankA === 2) return compareBinary(a as string, b as string);
  return 0;
}

function valueRank(value: CellScalar | undefined): number {
  if (value === undefined || value === null) return 0;
  return typeof value === "string" ? 2 : 1;
}

/** The JSON path of a field's cell value, with the key quoted so that '.', '-' and '"' are taken literally. */
export function fieldValuePath(key: string): string {
  return `$.values.${JSON.stringify(key)}.value`;
}
