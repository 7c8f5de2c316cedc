import { z } from "zod";
import { ACTION_MODES } from "../job-enums";
import { EnumOption, LIMITS } from "./common";
import { RetryPolicy } from "./retry";

export { ACTION_MODES } from "../job-enums";
export const JobMode = z.enum(ACTION_MODES).meta({ id: "JobMode" });
export type JobMode = z.infer<typeof JobMode>;

export const ActionSchedule = z.enum(["hourly", "daily", "weekly"]);
export type ActionSchedule = z.infer<typeof ActionSchedule>;
export const ActionConstraint = z.object({ type: z.enum(["hasAllValid", "hasSelection", "hasData"]) });
export const ActionMessage = z.object({
  type: z.enum(["error", "info"]),
  content: z.string().max(LIMITS.message),
});

export const INPUT_FIELD_TYPES = ["string", "textarea", "number", "boolean", "enum"] as const;

/**
 * What a form field's value must be. `required` is Flatfile's own; `email` (a text field holds an email address) and
 * `min`/`max` (a number field's bounds) are this platform's additions, checked by the server and the dashboard alike.
 */
export const InputConstraint = z.discriminatedUnion("type", [
  z.object({ type: z.literal("required") }),
  z.object({ type: z.literal("email") }),
  z.object({ type: z.literal("min"), value: z.number().finite() }),
  z.object({ type: z.literal("max"), value: z.number().finite() }),
]);
export type InputConstraint = z.infer<typeof InputConstraint>;

export const InputField = z
  .object({
    key: z.string().min(1).max(LIMITS.label),
    label: z.string().min(1).max(LIMITS.label),
    description: z.string().max(LIMITS.info).optional(),
    type: z.enum(INPUT_FIELD_TYPES),
    defaultValue: z.unknown().optional(),
    config: z.object({ options: z.array(EnumOption).max(500) }).optional(),
    constraints: z.array(InputConstraint).max(10).optional(),
  })
  .superRefine((field, ctx) => {
    if (field.type === "enum" && !field.config?.options.length) {
      ctx.addIssue({
        code: "custom",
        path: ["config", "options"],
        message: "an enum field needs at least one option",
      });
    }
    field.constraints?.forEach((constraint, index) => {
      const fits =
        constraint.type === "required" ||
        (constraint.type === "email" && (field.type === "string" || field.type === "textarea")) ||
        ((constraint.type === "min" || constraint.type === "max") && field.type === "number");
      if (!fits)
        ctx.addIssue({
          code: "custom",
          path: ["constraints", index, "type"],
          message: `a ${field.type} field cannot have the constraint "${constraint.type}"`,
        });
    });
  });
export type InputField = z.infer<typeof InputField>;

export const InputForm = z
  .object({ type: z.literal("simple"), fields: z.array(InputField).min(1).max(100) })
  .superRefine((form, ctx) => {
    const seen = new Set<string>();
    form.fields.forEach((field, index) => {
      if (seen.has(field.key))
        ctx.addIssue({
          code: "custom",
          path: ["fields", index, "key"],
          message: `duplicate key "${field.key}"`,
        });
      seen.add(field.key);
    });
  });
export type InputForm = z.infer<typeof InputForm>;

/** A developer-defined operation mounted on a space, workbook, sheet, document or file. */
export const Action = z
  .object({
    id: z.string().max(LIMITS.id).optional(),
    slug: z.string().max(LIMITS.label).optional(),
    operation: z
      .string()
      .min(1)
      .max(LIMITS.operation)
      .regex(/^[A-Za-z0-9_.-]+$/, "use letters, digits, '-', '_' or '.'"),
    label: z.string().min(1).max(LIMITS.label),
    /** Free-form kind of the action, as in Flatfile's `Action.type` (the guide's export action has `type: "file"`). */
    type: z.string().max(LIMITS.label).optional(),
    description: z.string().max(LIMITS.message).optional(),
    tooltip: z.string().max(LIMITS.info).optional(),
    mode: JobMode.optional(),
    primary: z.boolean().optional(),
    confirm: z.boolean().optional(),
    icon: z.string().max(64).optional(),
    schedule: ActionSchedule.optional(),
    messages: z.array(ActionMessage).max(20).optional(),
    constraints: z.array(ActionConstraint).max(10).optional(),
    inputForm: InputForm.optional(),
    /** Automatic retries of its jobs' failed attempts. */
    retry: RetryPolicy.optional(),
  })
  .meta({ id: "Action" });
export type Action = z.infer<typeof Action>;

export type InputError = { key: string; message: string };

/** Deliberately loose, as browsers' own `type="email"` check is: something, one "@", a domain with a dot, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const constraintOf = <T extends InputConstraint["type"]>(field: InputField, type: T) =>
  field.constraints?.find((c): c is Extract<InputConstraint, { type: T }> => c.type === type);

/**
 * What a person is asked for when a required field is empty. It names the field after "for", so any label reads
 * well ("Enter an email address for Send the summary to"), where "<label> is required" does not.
 */
function missingMessage(field: InputField): string {
  switch (field.type) {
    case "enum":
      return `Choose an option for ${field.label}`;
    case "number":
      return `Enter a number for ${field.label}`;
    case "boolean":
      return `Check ${field.label}`;
    case "string":
    case "textarea":
      return constraintOf(field, "email")
        ? `Enter an email address for ${field.label}`
        : `Enter a value for ${field.label}`;
  }
}

/**
 * Checks a job's `input` against an action's form: required fields, types, enum values, email addresses and number
 * bounds. Returns one error per bad field (empty when valid); both the server and the dashboard's form dialog use it.
 */
export function validateActionInput(
  form: InputForm | undefined,
  input: Record<string, unknown> | undefined,
): InputError[] {
  const errors: InputError[] = [];
  const values = input ?? {};
  if (!form) return errors;
  const known = new Set(form.fields.map((field) => field.key));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) errors.push({ key, message: `"${key}" is not a field of this form` });
  }
  for (const field of form.fields) {
    // Own keys only: a field named "constructor" or "toString" must not read the prototype's value.
    const value = Object.hasOwn(values, field.key) ? values[field.key] : undefined;
    const required = constraintOf(field, "required") !== undefined;
    if (value === undefined || value === null || value === "") {
      if (required) errors.push({ key: field.key, message: missingMessage(field) });
      continue;
    }
    const error = fieldTypeError(field, value) ?? constraintError(field, value);
    if (error) errors.push({ key: field.key, message: error });
  }
  return errors;
}

function constraintError(field: InputField, value: unknown): string | undefined {
  if (typeof value === "string" && constraintOf(field, "email") && !EMAIL.test(value.trim()))
    return `${field.label} must be an email address, like name@example.com`;
  if (typeof value === "number") {
    const min = constraintOf(field, "min")?.value;
    const max = constraintOf(field, "max")?.value;
    if (min !== undefined && value < min) return `${field.label} must be at least ${min}`;
    if (max !== undefined && value > max) return `${field.label} must be at most ${max}`;
  }
  return undefined;
}
function fieldTypeError(field: InputField, value: unknown): string | undefined {
  switch (field.type) {
    case "string":
    case "textarea":
      return typeof value === "string" ? undefined : `${field.label} must be text`;
    case "number":
      return typeof value === "number" && Number.isFinite(value)
        ? undefined
        : `${field.label} must be a number`;
    case "boolean":
      return typeof value === "boolean" ? undefined : `${field.label} must be true or false`;
    case "enum": {
      const options = field.config?.options ?? [];
      return options.some((option) => option.value === value)
        ? undefined
        : `${field.label} must be one of ${options.map((o) => JSON.stringify(o.value)).join(", ")}`;
    }
  }
}
