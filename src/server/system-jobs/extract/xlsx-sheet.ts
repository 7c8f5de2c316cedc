import { ExtractError, formatCount } from "./extract-error";
import type { ExtractLimits } from "./extract-limits";
import { type DateKind, excelDateText } from "./xlsx-dates";
import { type EntrySink, xmlEntry } from "./xml-entry";

export type SheetContext = {
  sharedStrings: readonly string[];
  dateKinds: readonly (DateKind | undefined)[];
  date1904: boolean;
  limits: ExtractLimits;
};

/**
 * Streams a worksheet's `<sheetData>` into rows of cell text, as Excel shows them without formatting: shared and
 * inline strings, formula results, TRUE/FALSE, error codes, numbers to 15 significant digits, and ISO 8601 text for
 * numbers whose style is a date or time format. `row(cells, index)` gets 0-based row indexes (rows may be missing).
 */
export function sheetEntry(
  entryName: string,
  context: SheetContext,
  row: (cells: string[], index: number) => void,
  done: () => void,
): EntrySink {
  const { maxColumns } = context.limits;
  let cells: string[] = [];
  let rowIndex = -1;
  let column = -1;
  let type = "n";
  let style = 0;
  let value = "";
  let inValue = false;
  let inPhonetic = false;
  return xmlEntry(entryName, {
    open(name, attributes) {
      switch (name) {
        case "row": {
          const number = Number(attributes["r"]);
          rowIndex = Number.isInteger(number) && number > rowIndex + 1 ? number - 1 : rowIndex + 1;
          cells = [];
          column = -1;
          break;
        }
        case "c": {
          const reference = attributes["r"];
          const parsed = reference ? columnIndex(reference) : -1;
          column = parsed > column ? parsed : column + 1;
          type = attributes["t"] ?? "n";
          style = Number(attributes["s"] ?? 0);
          value = "";
          break;
        }
        case "v":
          inValue = true;
          break;
        case "t":
          inValue = !inPhonetic && type === "inlineStr";
          break;
        case "rPh":
          inPhonetic = true;
          break;
      }
    },
    close(name) {
      switch (name) {
        case "v":
        case "t":
          inValue = false;
          break;
        case "rPh":
          inPhonetic = false;
          break;
        case "c": {
          const text = cellText(value, type, style, context);
          if (text === "") break;
          if (column >= maxColumns) {
            throw new ExtractError(
              `Row ${formatCount(rowIndex + 1)} has ${formatCount(column + 1)} columns; at most ${formatCount(maxColumns)} are supported.`,
            );
          }
          while (cells.length < column) cells.push("");
          cells[column] = text;
          break;
        }
        case "row":
          row(cells, rowIndex);
          break;
      }
    },
    text(text) {
      if (inValue) value += text;
    },
    end: done,
  });
}

function cellText(value: string, type: string, style: number, context: SheetContext): string {
  switch (type) {
    case "s":
      return context.sharedStrings[Number(value)] ?? "";
    case "b":
      return value === "1" || value === "true" ? "TRUE" : value === "" ? "" : "FALSE";
    case "n": {
      if (value === "") return "";
      const number = Number(value);
      if (!Number.isFinite(number)) return value;
      const kind = context.dateKinds[style];
      if (kind) return excelDateText(number, kind, context.date1904) ?? value;
      // Excel writes 17 significant digits (0.30000000000000004) but shows 15.
      return String(Number(number.toPrecision(15)));
    }
    default:
      // "str" (formula text), "inlineStr", "e" (#N/A...), "d" (ISO 8601 already).
      return value;
  }
}

/** "C12" -> 2, "AA3" -> 26; -1 when the reference does not start with letters. */
export function columnIndex(reference: string): number {
  let index = 0;
  let letters = 0;
  for (; letters < reference.length && letters < 4; letters++) {
    const code = reference.charCodeAt(letters) | 0x20;
    if (code < 0x61 || code > 0x7a) break;
    index = index * 26 + (code - 0x60);
  }
  return letters === 0 ? -1 : index - 1;
}
