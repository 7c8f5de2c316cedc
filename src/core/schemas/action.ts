import { z } from "zod";
import { EnumOption, LIMITS } from "./common";

export const ACTION_MODES = ["foreground", "background", "toolbarBlocking"] as const;
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

export const InputField = z
  .object({
    key: z.string().min(1).max(LIMITS.label),
    label: z.string().min(1).max(LIMITS.label),
    description: z.string().max(LIMITS.info).optional(),
    type: z.enum(INPUT_FIELD_TYPES),
    defaultValue: z.unknown().optional(),
    config: z.object({ options: z.array(EnumOption).max(500) }).optional(),
    constraints: z.array(z.object({ type: z.literal("required") })).optional(),
  })
  .superRefine((field, ctx) => {
    if (field.type === "enum" && !field.config?.options.length) {
      ctx.addIssue({
        code: "custom",
        path: ["config", "options"],
        message: "an enum field needs at least one option",
      });
    }
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
  })
  .meta({ id: "Action" });
export type Action = z.infer<typeof Action>;

export type InputError = { key: string; message: string };

/**
 * Checks a job's `input` against an action's form: required fields, types and enum values. Returns one error per
 * bad field (empty when valid); both the server and the dashboard's form dialog use it.
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
    const required = field.constraints?.some((c) => c.type === "required") ?? false;
    if (value === undefined || value === null || value === "") {
      if (required) errors.push({ key: field.key, message: `${field.label} is required` });
      continue;
    }
    const error = fieldTypeError(field, value);
    if (error) errors.push({ key: field.key, message: error });
  }
  return errors;
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
