import { z } from "zod";
import { EnumOption, IsoDateTime, LIMITS, Metadata, ResourceId } from "./common";
import { Action } from "./action";

export const FIELD_TYPES = ["string", "number", "boolean", "date", "enum"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const Slug = z
  .string()
  .min(1)
  .max(LIMITS.label)
  .regex(/^[A-Za-z0-9_-]+$/, "use letters, digits, '-' or '_'");

export const FieldConstraint = z.discriminatedUnion("type", [
  z.object({ type: z.literal("required") }),
  z.object({
    type: z.literal("unique"),
    caseSensitive: z.boolean().optional(),
    /** Flatfile's shape (`UniqueConstraint.config`), the only one `@flatfile/api` sends; wins over the top-level flag. */
    config: z.object({ caseSensitive: z.boolean().optional() }).optional(),
  }),
]);

/** A column of a sheet (Flatfile's `Property`): typed, with `required`/`unique` constraints. */
export const Field = z
  .object({
    key: z
      .string()
      .min(1)
      .max(LIMITS.label)
      .regex(/^[A-Za-z0-9_.-]+$/, "use letters, digits, '-', '_' or '.'"),
    label: z.string().max(LIMITS.label).optional(),
    description: z.string().max(LIMITS.info).optional(),
    type: z.enum(FIELD_TYPES),
    constraints: z.array(FieldConstraint).max(5).optional(),
    readonly: z.boolean().optional(),
    config: z
      .object({
        options: z.array(EnumOption).max(1_000).optional(),
        decimalPlaces: z.number().int().min(0).max(20).optional(),
      })
      .optional(),
    metadata: Metadata.optional(),
  })
  .superRefine((field, ctx) => {
    if (field.type === "enum" && !field.config?.options?.length) {
      ctx.addIssue({
        code: "custom",
        path: ["config", "options"],
        message: "an enum field needs at least one option",
      });
    }
  })
  .meta({ id: "Field" });
export type Field = z.infer<typeof Field>;

/** A sheet's configuration as a workbook is created or updated with it. */
export const SheetConfig = z
  .object({
    name: z.string().min(1).max(LIMITS.name),
    slug: Slug.optional(),
    description: z.string().max(LIMITS.info).optional(),
    readonly: z.boolean().optional(),
    allowAdditionalFields: z.boolean().optional(),
    fields: z.array(Field).min(1).max(500),
    actions: z.array(Action).max(50).optional(),
    metadata: Metadata.optional(),
  })
  .superRefine((sheet, ctx) => {
    const seen = new Set<string>();
    sheet.fields.forEach((field, index) => {
      if (seen.has(field.key))
        ctx.addIssue({
          code: "custom",
          path: ["fields", index, "key"],
          message: `duplicate field key "${field.key}"`,
        });
      seen.add(field.key);
    });
  })
  .meta({ id: "SheetConfig" });
export type SheetConfig = z.infer<typeof SheetConfig>;

export const RecordCounts = z
  .object({ total: z.number().int(), valid: z.number().int(), error: z.number().int() })
  .meta({ id: "RecordCounts" });
export type RecordCounts = z.infer<typeof RecordCounts>;

export const Sheet = z
  .object({
    id: z.string(),
    workbookId: z.string(),
    spaceId: z.string(),
    name: z.string(),
    slug: z.string(),
    config: SheetConfig,
    metadata: Metadata,
    recordCounts: RecordCounts.optional(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .meta({ id: "Sheet" });
export type Sheet = z.infer<typeof Sheet>;

/** `PATCH /sheets/{id}`: name, slug, metadata and the sheet's actions. */
export const SheetUpdate = z
  .object({
    name: z.string().min(1).max(LIMITS.name).optional(),
    slug: Slug.optional(),
    metadata: Metadata.optional(),
    actions: z.array(Action).max(50).optional(),
  })
  .meta({ id: "SheetUpdate" });
export type SheetUpdate = z.infer<typeof SheetUpdate>;

/** Turns a sheet name into its default slug ("Contacts 2024" -> "contacts-2024"). */
export function slugify(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 64) || "sheet"
  );
}

export const SheetIdParam = ResourceId;
