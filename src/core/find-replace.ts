import { coerceCell } from "./coerce-cell";
import type { CellScalar } from "./schemas/record";
import type { Field } from "./schemas/sheet";

/**
 * What a find and replace looks for (Flatfile's `FindAndReplaceJobConfig.find`): plain text, never a regular
 * expression. Wrapped in double quotes (`"Smith"`), it matches whole cells only; otherwise any substring. Matching is
 * case-sensitive, so that a replace never rewrites text the person did not type. An empty find (or `""`) matches
 * empty cells, whole: that is how blanks are filled.
 */
export type FindPattern = { text: string; wholeCell: boolean };

export function parseFind(find: CellScalar | undefined): FindPattern {
  const text = find === undefined || find === null ? "" : String(find);
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"'))
    return { text: text.slice(1, -1), wholeCell: true };
  return { text, wholeCell: text === "" };
}

/** A cell's value as the find reads it: numbers and booleans as text, an empty cell as "". */
const cellText = (value: CellScalar | undefined): string =>
  value === undefined || value === null ? "" : String(value);

/**
 * One cell after a find and replace, or undefined when the find does not match it. The result is text, read back in
 * the field's type with `coerceCell` ("42" in a number field is 42); text that the type cannot hold ("4x2") stays
 * as it is, so validation flags the cell for a person to fix, as an import does. An emptied cell has no value.
 */
export function replaceInCell(
  value: CellScalar | undefined,
  pattern: FindPattern,
  replace: CellScalar | undefined,
  field: Field,
): { value: CellScalar | undefined } | undefined {
  const text = cellText(value);
  const replacement = cellText(replace);
  let next: string;
  if (pattern.wholeCell) {
    if (text !== pattern.text) return undefined;
    next = replacement;
  } else {
    if (!text.includes(pattern.text)) return undefined;
    // split/join replaces every occurrence literally: no pattern syntax, no `$&` in the replacement.
    next = text.split(pattern.text).join(replacement);
  }
  const coerced = coerceCell(field, next);
  if (coerced === value || (coerced === undefined && (value === undefined || value === null)))
    return undefined;
  return { value: coerced };
}
