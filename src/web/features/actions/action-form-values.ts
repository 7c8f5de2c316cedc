import { assertExhaustive, type InputField, type InputForm } from "../../../core";

/**
 * What a form control holds while the user edits: text for text and number fields (a number field keeps what was
 * typed, so "12 kg" is reported as not a number instead of silently dropped), a flag for a boolean field and the
 * index of the chosen option ("" for none) for an enum field.
 */
export type RawValue = string | boolean;
export type RawValues = Record<string, RawValue>;

/** What a control holds for a field's typed `value` (its default, or what a job ran with). */
function rawValue(field: InputField, value: unknown): RawValue {
  switch (field.type) {
    case "boolean":
      return value === true;
    case "enum": {
      const index = field.config?.options.findIndex((option) => option.value === value) ?? -1;
      return index >= 0 ? String(index) : "";
    }
    case "number":
      return typeof value === "number" || typeof value === "string" ? String(value) : "";
    case "string":
    case "textarea":
      return typeof value === "string" ? value : "";
    default:
      return assertExhaustive(field.type);
  }
}

/**
 * The controls' starting values: each field's value in `input` (what a job ran with, to run it again with changes),
 * else its `defaultValue`, else empty. A field the input leaves out was left empty, or is newer than the job: its
 * default is the better guess for both.
 */
export const initialValues = (form: InputForm, input?: Record<string, unknown>): RawValues =>
  Object.fromEntries(
    form.fields.map((field) => [
      field.key,
      rawValue(field, input && Object.hasOwn(input, field.key) ? input[field.key] : field.defaultValue),
    ]),
  );

function inputValue(field: InputField, raw: RawValue | undefined): unknown {
  if (field.type === "boolean") return raw === true;
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  switch (field.type) {
    case "number": {
      const number = Number(raw.trim());
      return Number.isFinite(number) ? number : raw;
    }
    case "enum":
      return field.config?.options[Number(raw)]?.value;
    case "string":
    case "textarea":
      return raw;
    default:
      return assertExhaustive(field.type);
  }
}

/** The job's `input`: one typed value per filled-in field (empty fields are left out, so "required" can say so). */
export function toInput(form: InputForm, values: RawValues): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of form.fields) {
    const value = inputValue(field, values[field.key]);
    if (value !== undefined) input[field.key] = value;
  }
  return input;
}
