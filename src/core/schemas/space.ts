import { z } from "zod";
import { IsoDateTime, LIMITS, Metadata, PageQuery, ResourceId } from "./common";
import { Action } from "./action";

/** `POST /spaces` and `PATCH /spaces/{id}`. */
export const SpaceConfig = z
  .object({
    name: z.string().min(1).max(LIMITS.name).optional(),
    environmentId: ResourceId.optional(),
    primaryWorkbookId: ResourceId.optional(),
    metadata: Metadata.optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
    actions: z.array(Action).max(50).optional(),
    autoConfigure: z.boolean().optional(),
    namespace: z.string().max(LIMITS.label).optional(),
    labels: z.array(z.string().max(LIMITS.label)).max(50).optional(),
    displayOrder: z.number().int().optional(),
    languageOverride: z.string().max(16).optional(),
  })
  .meta({ id: "SpaceConfig" });
export type SpaceConfig = z.infer<typeof SpaceConfig>;

export const Space = z
  .object({
    id: z.string(),
    name: z.string(),
    environmentId: z.string(),
    primaryWorkbookId: z.string().optional(),
    metadata: Metadata,
    settings: z.record(z.string(), z.unknown()).optional(),
    actions: z.array(Action),
    autoConfigure: z.boolean().optional(),
    namespace: z.string().optional(),
    labels: z.array(z.string()),
    displayOrder: z.number().optional(),
    languageOverride: z.string().optional(),
    guestAuthentication: z.array(z.string()),
    createdByUserId: z.string().optional(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .meta({ id: "Space" });
export type Space = z.infer<typeof Space>;

export const ListSpacesQuery = PageQuery.extend({
  environmentId: ResourceId.optional(),
  search: z.string().max(LIMITS.name).optional(),
});
export type ListSpacesQuery = z.infer<typeof ListSpacesQuery>;
