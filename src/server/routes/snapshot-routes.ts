import { z } from "zod";
import {
  CreateSnapshotRequest,
  ListSnapshotsQuery,
  RestoreOptions,
  SheetRecord,
  Snapshot,
  SnapshotDiff,
  SnapshotRecordsQuery,
} from "../../core";
import type { ApiRouter } from "../http/api-router";
import type { SnapshotService } from "../services/snapshot-service";

const READ = "secret key, operator; user (own space)";
const WRITE = "secret key, operator; user (own space)";

/** `/snapshots` as `@flatfile/api`'s snapshots client calls them, plus `GET /snapshots/{id}/diff`. */
export function registerSnapshotRoutes(api: ApiRouter, snapshots: SnapshotService): void {
  api.add(
    {
      method: "post",
      path: "/snapshots",
      tag: "Snapshots",
      summary: "Snapshot a sheet's records",
      description: "Publishes `snapshot:created`.",
      access: WRITE,
      body: CreateSnapshotRequest,
      response: Snapshot,
    },
    async ({ body, principal }) => ({ data: await snapshots.create(body, principal) }),
  );
  api.add(
    {
      method: "get",
      path: "/snapshots",
      tag: "Snapshots",
      summary: "List a sheet's snapshots, newest first",
      access: READ,
      query: ListSnapshotsQuery,
      response: z.array(Snapshot),
    },
    async ({ query, principal }) => ({ data: await snapshots.list(query.sheetId, principal) }),
  );
  api.add(
    {
      method: "get",
      path: "/snapshots/:snapshotId",
      tag: "Snapshots",
      summary: "Get a snapshot",
      access: READ,
      response: Snapshot,
    },
    async ({ params, principal }) => ({ data: await snapshots.get(params.snapshotId as string, principal) }),
  );
  api.add(
    {
      method: "delete",
      path: "/snapshots/:snapshotId",
      tag: "Snapshots",
      summary: "Delete a snapshot",
      description: "Publishes `snapshot:deleted`.",
      access: "secret key (operator and user tokens: 403)",
    },
    async ({ params, principal }) => {
      await snapshots.delete(params.snapshotId as string, principal);
      return { data: { success: true } };
    },
  );
  api.add(
    {
      method: "post",
      path: "/snapshots/:snapshotId/restore",
      tag: "Snapshots",
      summary: "Restore a snapshot into its sheet",
      description:
        "Undoes the changes since the snapshot: `created` removes records added since, `updated` puts changed records back, `deleted` brings removed ones back (all three when the body is absent). Restored records are validated against the sheet's fields now, and deleted ones go back to their places. Works a chunk per transaction: publishes a `commit:created` per chunk that changed something (one, with zero counts, when nothing did), then `sheet:updated`. A restore cut short is finished by sending it again.",
      access: WRITE,
      body: RestoreOptions,
      bodyOptional: true,
      response: Snapshot,
    },
    async ({ params, body, principal }) => ({
      data: await snapshots.restore(params.snapshotId as string, body, principal),
    }),
  );
  api.add(
    {
      method: "get",
      path: "/snapshots/:snapshotId/records",
      tag: "Snapshots",
      summary: "A snapshot's records, paged",
      access: READ,
      query: SnapshotRecordsQuery,
      response: z.array(SheetRecord),
      paged: true,
    },
    async ({ params, query, principal }) => snapshots.records(params.snapshotId as string, query, principal),
  );
  api.add(
    {
      method: "get",
      path: "/snapshots/:snapshotId/diff",
      tag: "Snapshots",
      summary: "Compare a snapshot with its sheet now",
      description:
        "Our addition: records `added` and `removed` since the snapshot, and those `changed`, with the fields that changed and both versions. Compares both sides whole: a snapshot or sheet of more than 100,000 records answers 409 with the reason.",
      access: READ,
      response: SnapshotDiff,
    },
    async ({ params, principal }) => ({ data: await snapshots.diff(params.snapshotId as string, principal) }),
  );
}
