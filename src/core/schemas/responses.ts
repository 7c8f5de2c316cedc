import { z } from "zod";
import { ResourceId } from "./common";
import { GetRecordsQuery, SheetRecord } from "./record";
import { RecordCounts } from "./sheet";

/*
 * Response bodies (and a few small requests) that are not a resource of their own. The routes declare them as their
 * `response`, and the SDK parses with the very same schemas.
 */

/** `{ success }` (and the id, for a deleted job) answered by deletes. */
export const DeleteResult = z
  .object({ success: z.boolean(), id: z.string().optional() })
  .meta({ id: "DeleteResult" });
export type DeleteResult = z.infer<typeof DeleteResult>;

/** `GET /sheets/{id}/counts`: `{ success, counts }`, as Flatfile's `RecordCountsResponseData`. */
export const SheetCountsResult = z
  .object({ success: z.boolean(), counts: RecordCounts })
  .meta({ id: "SheetCounts" });
export type SheetCountsResult = z.infer<typeof SheetCountsResult>;

/** Records read or written: `{ success, records, counts }`, as Flatfile's `GetRecordsResponseData`. */
export const RecordsResult = z
  .object({ success: z.boolean(), records: z.array(SheetRecord), counts: RecordCounts })
  .meta({ id: "RecordsResult" });
export type RecordsResult = z.infer<typeof RecordsResult>;

/** `DELETE /sheets/{id}/records`: how many records went, and the sheet's counts after. */
export const DeleteRecordsResult = z
  .object({ success: z.boolean(), deleted: z.number().int(), counts: RecordCounts })
  .meta({ id: "DeleteRecordsResult" });
export type DeleteRecordsResult = z.infer<typeof DeleteRecordsResult>;

/** `GET /snapshots/{id}/diff`: records added, removed and changed (with the fields that changed) since a snapshot. */
export const SnapshotDiff = z
  .object({
    added: z.array(SheetRecord),
    removed: z.array(SheetRecord),
    changed: z.array(
      z.object({ id: z.string(), fields: z.array(z.string()), before: SheetRecord, after: SheetRecord }),
    ),
    counts: z.object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int() }),
  })
  .meta({ id: "SnapshotDiff" });
export type SnapshotDiff = z.infer<typeof SnapshotDiff>;

/**
 * `POST /snapshots/{id}/restore` (Flatfile's `RestoreOptions`): which changes since the snapshot to undo; all three
 * when absent. `created` removes records added since, `updated` puts changed ones back, `deleted` brings removed ones back.
 */
export const RestoreOptions = z
  .object({
    created: z.boolean().optional(),
    updated: z.boolean().optional(),
    deleted: z.boolean().optional(),
  })
  .meta({ id: "RestoreOptions" });
export type RestoreOptions = z.infer<typeof RestoreOptions>;

/** Paging of a snapshot's records: the same bounds as a sheet's. */
export const SnapshotRecordsQuery = GetRecordsQuery.pick({ pageSize: true, pageNumber: true });

/** `GET /sheets` query, as `@flatfile/api`'s `ListSheetsRequest`. */
export const ListSheetsQuery = z.object({ workbookId: ResourceId });

/** `GET /health`. */
export const HealthResult = z.object({ status: z.string(), version: z.string() }).meta({ id: "Health" });
export type HealthResult = z.infer<typeof HealthResult>;
