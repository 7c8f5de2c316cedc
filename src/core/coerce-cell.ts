import type { Field } from "./schemas/sheet";
import type { CellScalar } from "./schemas/record";

const TRUE_WORDS = new Set(["true", "yes", "y", "1", "on"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0", "off"]);
// "1,234.5", "-12", "3.0e4", " 42 ": digits with optional thousands separators (commas) and a decimal point.
const NUMBER_TEXT = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:e[+-]?\d+)?$/i;

/**
 * A value read from a file (always text) in the type of the field it is imported into: "1,234.5" for a number field
 * becomes 1234.5, "Yes" for a boolean true, an enum's option label its value. What cannot be read as the field's
 * type stays the text it was, so validation flags it for a person to fix instead of the import dropping it. Empty
 * text is no value.
 */
export function coerceCell(field: Field, text: string): CellScalar | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  switch (field.type) {
    case "string":
      return text;
    case "number": {
      if (!NUMBER_TEXT.test(trimmed) || !/\d/.test(trimmed)) return text;
      const value = Number(trimmed.replaceAll(",", ""));
      return Number.isFinite(value) ? value : text;
    }
    case "boolean": {
      const word = trimmed.toLowerCase();
      return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : text;
    }
    case "date":
      return trimmed;
    case "enum": {
      const wanted = trimmed.toLowerCase();
      const option = (field.config?.options ?? []).find(
        (o) => String(o.value).toLowerCase() === wanted || o.label?.toLowerCase() === wanted,
      );
      return option ? option.value : text;
    }
  }
}
