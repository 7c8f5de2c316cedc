import { z } from "zod";
import { IsoDateTime, LIMITS, Metadata, PageQuery, ResourceId } from "./common";
import { Action } from "./action";
import { Sheet, SheetConfig } from "./sheet";

/** `POST /workbooks` (as `@flatfile/api`'s `CreateWorkbookConfig`). */
export const CreateWorkbookConfig = z
  .object({
    name: z.string().min(1).max(LIMITS.name),
    spaceId: ResourceId,
    environmentId: ResourceId.optional(),
    namespace: z.string().max(LIMITS.label).optional(),
    labels: z.array(z.string().max(LIMITS.label)).max(50).optional(),
    sheets: z.array(SheetConfig).max(50).optional(),
    actions: z.array(Action).max(50).optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
    metadata: Metadata.optional(),
  })
  .superRefine((config, ctx) => {
    const slugs = new Set<string>();
    config.sheets?.forEach((sheet, index) => {
      const slug = sheet.slug ?? sheet.name;
      if (slugs.has(slug))
        ctx.addIssue({
          code: "custom",
          path: ["sheets", index, "slug"],
          message: `duplicate sheet slug "${slug}"`,
        });
      slugs.add(slug);
    });
  })
  .meta({ id: "CreateWorkbookConfig" });
export type CreateWorkbookConfig = z.infer<typeof CreateWorkbookConfig>;

/** `PATCH /workbooks/{id}`: sheets given here are matched by slug; new slugs add sheets. */
export const WorkbookUpdate = z
  .object({
    name: z.string().min(1).max(LIMITS.name).optional(),
    namespace: z.string().max(LIMITS.label).optional(),
    labels: z.array(z.string().max(LIMITS.label)).max(50).optional(),
    sheets: z.array(SheetConfig).max(50).optional(),
    actions: z.array(Action).max(50).optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
    metadata: Metadata.optional(),
  })
  .meta({ id: "WorkbookUpdate" });
export type WorkbookUpdate = z.infer<typeof WorkbookUpdate>;

export const Workbook = z
  .object({
    id: z.string(),
    name: z.string(),
    spaceId: z.string(),
    environmentId: z.string(),
    namespace: z.string().optional(),
    labels: z.array(z.string()),
    sheets: z.array(Sheet),
    actions: z.array(Action),
    settings: z.record(z.string(), z.unknown()).optional(),
    metadata: Metadata,
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .meta({ id: "Workbook" });
export type Workbook = z.infer<typeof Workbook>;

export const ListWorkbooksQuery = PageQuery.extend({
  spaceId: ResourceId.optional(),
  environmentId: ResourceId.optional(),
});
export type ListWorkbooksQuery = z.infer<typeof ListWorkbooksQuery>;
