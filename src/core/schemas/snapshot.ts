import { z } from "zod";
import { IsoDateTime, LIMITS, ResourceId } from "./common";

/** `POST /snapshots`. */
export const CreateSnapshotRequest = z
  .object({ sheetId: ResourceId, label: z.string().max(LIMITS.label).optional() })
  .meta({ id: "CreateSnapshotRequest" });
export type CreateSnapshotRequest = z.infer<typeof CreateSnapshotRequest>;

/** A frozen copy of a sheet's records. */
export const Snapshot = z
  .object({
    id: z.string(),
    sheetId: z.string(),
    workbookId: z.string(),
    spaceId: z.string(),
    label: z.string().optional(),
    recordCount: z.number().int(),
    createdBy: z.string().optional(),
    createdAt: IsoDateTime,
  })
  .meta({ id: "Snapshot" });
export type Snapshot = z.infer<typeof Snapshot>;

export const ListSnapshotsQuery = z.object({ sheetId: ResourceId });
