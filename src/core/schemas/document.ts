import { z } from "zod";
import { IsoDateTime, LIMITS } from "./common";
import { Action } from "./action";

/** `POST /spaces/{id}/documents` and `PATCH`: a markdown page of a space, with actions. */
export const DocumentConfig = z
  .object({
    title: z.string().min(1).max(LIMITS.name),
    body: z.string().max(1_000_000),
    treatments: z.array(z.string().max(LIMITS.label)).max(20).optional(),
    actions: z.array(Action).max(50).optional(),
  })
  .meta({ id: "DocumentConfig" });
export type DocumentConfig = z.infer<typeof DocumentConfig>;

export const DocumentUpdate = DocumentConfig.partial().meta({ id: "DocumentUpdate" });
export type DocumentUpdate = z.infer<typeof DocumentUpdate>;

export const SpaceDocument = z
  .object({
    id: z.string(),
    spaceId: z.string(),
    environmentId: z.string(),
    title: z.string(),
    body: z.string(),
    treatments: z.array(z.string()),
    actions: z.array(Action),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .meta({ id: "Document" });
export type SpaceDocument = z.infer<typeof SpaceDocument>;
