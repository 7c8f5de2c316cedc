import type { SheetField } from "../../lib/api-types";

/** About one character of the grid's 15 px system font, in px (its bold headers a little more): widths are
 * estimated, not measured. */
const CHAR = 7.5;
const HEADER_CHAR = 8.5;
/** A cell's padding and the room its error marker takes. */
const CELL_EXTRA = 44;
/** The header's padding and its menu icon. */
const HEADER_EXTRA = 50;
export const MIN_COLUMN = 88;
export const MAX_COLUMN = 320;

/** What a column of each type needs at least, before its label and values are read. */
const TYPE_MIN: Record<SheetField["type"], number> = {
  string: 140,
  enum: 120,
  date: 116,
  number: MIN_COLUMN,
  boolean: MIN_COLUMN,
};

/** Fields whose values run long before any is seen (emails, links, addresses). */
const LONG_KEY = /e-?mail|url|link|website|address/i;

const clamp = (value: number) => Math.round(Math.min(MAX_COLUMN, Math.max(MIN_COLUMN, value)));

/**
 * A column's width in px from its type, its label and a sample of its values as shown: wide enough for its label and
 * its longest value, between a minimum and a maximum (a longer value is cut with an ellipsis and shown whole on hover).
 */
export function columnWidth(field: SheetField, samples: readonly string[]): number {
  const label = (field.label ?? field.key).length * HEADER_CHAR + HEADER_EXTRA;
  const longest = Math.max(0, ...samples.map((text) => text.length));
  const content = longest * CHAR + CELL_EXTRA;
  const byKey = field.type === "string" && LONG_KEY.test(`${field.key} ${field.label ?? ""}`) ? 220 : 0;
  return clamp(Math.max(TYPE_MIN[field.type], label, content, samples.length ? 0 : byKey));
}
