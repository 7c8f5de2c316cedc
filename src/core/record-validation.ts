import type { Field } from "./schemas/sheet";
import type { Cell, CellScalar, RecordData, ValidationMessage } from "./schemas/record";

const error = (message: string): ValidationMessage => ({ type: "error", message, source: "field" });

/** True for a value that counts as "no value" for `required`. */
export function isEmptyValue(value: CellScalar | undefined): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

// ISO 8601 date or date-time ("2024-10-31", "2024-10-31T12:00:00Z").
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** The type rule of one field, as a message, or undefined when the value fits. */
export function fieldTypeMessage(field: Field, value: CellScalar): string | undefined {
  const name = field.label ?? field.key;
  switch (field.type) {
    case "string":
      return typeof value === "string" ? undefined : `${name} must be text`;
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? undefined : `${name} must be a number`;
    case "boolean":
      return typeof value === "boolean" ? undefined : `${name} must be true or false`;
    case "date":
      return typeof value === "string" && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : `${name} must be a date (YYYY-MM-DD)`;
    case "enum": {
      const options = field.config?.options ?? [];
      return options.some((option) => option.value === value)
        ? undefined
        : `${name} must be one of ${options.map((o) => o.label ?? String(o.value)).join(", ")}`;
    }
  }
}

/** Validates one cell against its field's type and `required` constraint (uniqueness needs the whole sheet). */
export function validateCell(field: Field, value: CellScalar | undefined): Cell {
  // Written for speed (an import validates every cell of a million rows): no spread, one message array.
  let message: string | undefined;
  if (isEmptyValue(value)) {
    if (field.constraints?.some((c) => c.type === "required"))
      message = `${field.label ?? field.key} is required`;
  } else {
    message = fieldTypeMessage(field, value as CellScalar);
  }
  const messages = message === undefined ? [] : [error(message)];
  const valid = message === undefined;
  // The same keys in the same order either way: stored cells are compared by their JSON.
  return value === undefined ? { valid, messages } : { value, valid, messages };
}

/** Keys of `values` that are not fields of the sheet: a 400, unless the sheet allows additional fields. */
export function unknownFieldKeys(fields: readonly Field[], values: RecordData): string[] {
  const known = new Set(fields.map((f) => f.key));
  return Object.keys(values).filter((key) => !known.has(key));
}

/**
 * Builds every cell of a record from its raw values: each field of the sheet gets a cell (empty ones too, so a
 * missing required value is an error), with `valid` and `messages`. `extraMessages` adds, per field, what a
 * whole-sheet rule found (a duplicate for `unique`).
 */
export function buildCells(
  fields: readonly Field[],
  values: RecordData,
  extraMessages: Record<string, ValidationMessage[]> = {},
): { values: Record<string, Cell>; valid: boolean } {
  const cells: Record<string, Cell> = {};
  let valid = true;
  for (const field of fields) {
    const input = values[field.key];
    const cell = validateCell(field, input?.value);
    const extra = extraMessages[field.key];
    if (extra?.length) {
      cell.messages.push(...extra);
      cell.valid = cell.messages.every((m) => m.type !== "error");
    }
    if (input?.metadata) cell.metadata = input.metadata;
    cells[field.key] = cell;
    valid &&= cell.valid;
  }
  return { values: cells, valid };
}

/** The key a `unique` field compares values by (case-insensitive unless the constraint says otherwise). */
export function uniqueKey(field: Field, value: CellScalar | undefined): string | undefined {
  if (isEmptyValue(value)) return undefined;
  const unique = field.constraints?.find((c) => c.type === "unique");
  if (!unique) return undefined;
  const text = typeof value === "string" ? value.trim() : JSON.stringify(value);
  return (unique.config?.caseSensitive ?? unique.caseSensitive) ? text : text.toLowerCase();
}

export const duplicateMessage = (field: Field): ValidationMessage =>
  error(`${field.label ?? field.key} must be unique; another record has this value`);
