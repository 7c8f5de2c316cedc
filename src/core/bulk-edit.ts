import { coerceCell } from "./coerce-cell";
import type { BulkEdit } from "./schemas/record-jobs";
import type { CellScalar } from "./schemas/record";
import type { Field } from "./schemas/sheet";

// A letter that starts a word: the first of the text or one after anything but a letter, a mark or an apostrophe
// ("o'neil" is one word, "jean-luc" two).
const WORD_START = /(^|[^\p{L}\p{M}'’])(\p{L})/gu;

function capitalize(text: string): string {
  return text
    .toLowerCase()
    .replace(WORD_START, (_, before: string, letter: string) => before + letter.toUpperCase());
}

function editText(op: Exclude<BulkEdit["op"], "set" | "clear">, text: string): string {
  switch (op) {
    case "trim":
      return text.trim();
    case "uppercase":
      return text.toUpperCase();
    case "lowercase":
      return text.toLowerCase();
    case "capitalize":
      return capitalize(text);
  }
}

/** Text in the type of the field it goes into (core's `coerceCell`); empty text is no value (`null`). */
function typed(field: Field | undefined, text: string): CellScalar {
  if (!field) return text.trim() === "" ? null : text;
  return coerceCell(field, text) ?? null;
}

/**
 * What a person's bulk edit makes of one cell: `set` writes `edit.value` (text read as the field's type, "42" in a
 * number field is 42), `clear` empties the cell, `trim` and the case changes rewrite text and leave numbers and
 * booleans as they are. `field` is undefined for a key the sheet keeps as an additional field (no type to read
 * into). Empty is always `null`, so a caller compares the result with the cell's value to learn whether it changed.
 */
export function applyBulkEdit(
  edit: BulkEdit,
  cellValue: CellScalar | undefined,
  field: Field | undefined,
): CellScalar {
  switch (edit.op) {
    case "set":
      return typeof edit.value === "string" ? typed(field, edit.value) : (edit.value ?? null);
    case "clear":
      return null;
    case "trim":
    case "uppercase":
    case "lowercase":
    case "capitalize":
      return typeof cellValue === "string" ? typed(field, editText(edit.op, cellValue)) : (cellValue ?? null);
  }
}

/** Whether two cell values are the same; an absent value, `null` and empty text are all "empty". */
export function sameCellValue(a: CellScalar | undefined, b: CellScalar | undefined): boolean {
  const empty = (v: CellScalar | undefined) => v === undefined || v === null || v === "";
  if (empty(a) || empty(b)) return empty(a) && empty(b);
  return a === b;
}
