import {
  diffRecords,
  newId,
  paginate,
  type CreateSnapshotRequest,
  type Principal,
  type SheetRecord,
  type Snapshot,
} from "../../core";
import { badRequest, notFound } from "../http/api-error";
import type { StoreReader, StoredSheet } from "../store/store";
import { canSeeSpace, requireSnapshotWriter, requireStructureWriter } from "./access";
import { makeEvent, sheetContext } from "./event-factory";
import { allRecords, commitEvent, validateRecords } from "./record-service";
import type { ServiceDeps } from "./service-deps";

/**
 * Which changes since the snapshot a restore undoes (Flatfile's `RestoreOptions`), all by default: `created`
 * removes records added since, `updated` puts changed records back, `deleted` brings removed records back.
 */
export type RestoreOptions = { created?: boolean; updated?: boolean; deleted?: boolean };

/** A snapshot's or its sheet's event (`snapshot:created`, `sheet:updated` after a restore), in the sheet's context. */
export function snapshotEvent(
  deps: ServiceDeps,
  sheet: StoredSheet,
  topic: string,
  domain: string,
  payload: object,
  actor: Principal,
  now: string,
) {
  return makeEvent(
    deps,
    {
      topic,
      domain,
      context: {
        ...sheetContext({ spaceId: sheet.spaceId, workbookId: sheet.workbookId, sheet }),
        ...("snapshotId" in payload ? { snapshotId: String(payload.snapshotId) } : {}),
        actorId: actor.subject,
      },
      payload: { sheetId: sheet.id, ...payload },
    },
    now,
  );
}

/**
 * Snapshots: frozen copies of a sheet's records. Create (`snapshot:created`), list by sheet (newest first), get,
 * read its records, compare with the sheet now, restore (`commit:created` and `sheet:updated`), delete.
 */
export class SnapshotService {
  constructor(private readonly deps: ServiceDeps) {}

  async #visibleSnapshot(reader: StoreReader, id: string, principal: Principal): Promise<Snapshot> {
    const snapshot = await reader.getSnapshot(id);
    if (!snapshot || !canSeeSpace(principal, snapshot.spaceId)) throw notFound("snapshot", id);
    return snapshot;
  }

  async create(request: CreateSnapshotRequest, principal: Principal): Promise<Snapshot> {
    requireSnapshotWriter(principal, "create snapshots");
    const now = this.deps.now().toISOString();
    return this.deps.store.transaction(async (tx) => {
      const sheet = await tx.getSheet(request.sheetId);
      if (!sheet || !canSeeSpace(principal, sheet.spaceId))
        throw badRequest(`sheet ${request.sheetId} not found`, "sheetId");
      const records = await allRecords(tx, sheet.id);
      const snapshot: Snapshot = {
        id: newId("snapshot"),
        sheetId: sheet.id,
        workbookId: sheet.workbookId,
        spaceId: sheet.spaceId,
        ...(request.label === undefined ? {} : { label: request.label }),
        recordCount: records.length,
        createdBy: principal.subject,
        createdAt: now,
      };
      await tx.insertSnapshot(snapshot, records);
      await tx.appendEvent(
        snapshotEvent(
          this.deps,
          sheet,
          "snapshot:created",
          "sheet",
          { snapshotId: snapshot.id, label: snapshot.label, recordCount: snapshot.recordCount },
          principal,
          now,
        ),
      );
      return snapshot;
    });
  }

  /** A sheet's snapshots, newest first; a sheet the token cannot see is 404. */
  async list(sheetId: string, principal: Principal): Promise<Snapshot[]> {
    const sheet = await this.deps.store.getSheet(sheetId);
    if (!sheet || !canSeeSpace(principal, sheet.spaceId)) throw notFound("sheet", sheetId);
    return this.deps.store.listSnapshots(sheet.id);
  }

  async get(id: string, principal: Principal): Promise<Snapshot> {
    return this.#visibleSnapshot(this.deps.store, id, principal);
  }

  async records(id: string, page: { pageSize: number; pageNumber: number }, principal: Principal) {
    const snapshot = await this.#visibleSnapshot(this.deps.store, id, principal);
    const records = await this.deps.store.getSnapshotRecords(snapshot.id);
    const offset = (page.pageNumber - 1) * page.pageSize;
    return {
      data: records.slice(offset, offset + page.pageSize),
      pagination: paginate(records.length, page.pageSize, page.pageNumber),
    };
  }

  /** What changed in the sheet since the snapshot: added, removed and changed records (with the changed fields). */
  async diff(id: string, principal: Principal) {
    const snapshot = await this.#visibleSnapshot(this.deps.store, id, principal);
    const then = await this.deps.store.getSnapshotRecords(snapshot.id);
    const now = await allRecords(this.deps.store, snapshot.sheetId);
    const diff = diffRecords(then, now);
    return {
      ...diff,
      counts: { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length },
    };
  }

  /**
   * Puts the snapshot's records back into the sheet (by default every change since is undone). Restored records are
   * validated against the sheet's fields as they are now. Publishes `commit:created` and `sheet:updated`.
   */
  async restore(id: string, options: RestoreOptions, principal: Principal): Promise<Snapshot> {
    requireSnapshotWriter(principal, "restore snapshots");
    const undo = { created: true, updated: true, deleted: true, ...options };
    const now = this.deps.now().toISOString();
    return this.deps.store.transaction(async (tx) => {
      const snapshot = await this.#visibleSnapshot(tx, id, principal);
      const sheet = await tx.getSheet(snapshot.sheetId);
      if (!sheet) throw notFound("sheet", snapshot.sheetId);
      const then = await tx.getSnapshotRecords(snapshot.id);
      const current = await allRecords(tx, sheet.id);
      const { added, removed, changed } = diffRecords(then, current);
      const currentById = new Map(current.map((r) => [r.id, r]));
      const addedIds = new Set(added.map((r) => r.id));
      const removedIds = new Set(removed.map((r) => r.id));
      const changedIds = new Set(changed.map((c) => c.id));

      // The snapshot's order first, then records added since that the restore keeps.
      const next: SheetRecord[] = [];
      for (const record of then) {
        const present = currentById.get(record.id);
        if (!present) {
          if (undo.deleted) next.push(record);
        } else {
          next.push(undo.updated && changedIds.has(record.id) ? record : present);
        }
      }
      if (!undo.created) next.push(...added);
      const restored = validateRecords(sheet.config, next, now);
      await tx.replaceRecords(sheet.id, restored);

      const recordIds = [
        ...(undo.deleted ? removedIds : []),
        ...(undo.updated ? changedIds : []),
        ...(undo.created ? addedIds : []),
      ];
      await tx.appendEvent(
        commitEvent(
          this.deps,
          sheet,
          {
            inserted: undo.deleted ? removedIds.size : 0,
            updated: undo.updated ? changedIds.size : 0,
            deleted: undo.created ? addedIds.size : 0,
            recordIds,
          },
          principal,
          now,
        ),
      );
      const updatedSheet = { ...sheet, updatedAt: now };
      await tx.updateSheet(updatedSheet);
      await tx.appendEvent(
        snapshotEvent(
          this.deps,
          updatedSheet,
          "sheet:updated",
          "sheet",
          { name: sheet.name, slug: sheet.slug, snapshotId: snapshot.id, restored: true },
          principal,
          now,
        ),
      );
      return snapshot;
    });
  }

  async delete(id: string, principal: Principal): Promise<void> {
    requireStructureWriter(principal, "delete snapshots");
    const now = this.deps.now().toISOString();
    await this.deps.store.transaction(async (tx) => {
      const snapshot = await this.#visibleSnapshot(tx, id, principal);
      const sheet = await tx.getSheet(snapshot.sheetId);
      await tx.deleteSnapshot(snapshot.id);
      if (sheet)
        await tx.appendEvent(
          snapshotEvent(
            this.deps,
            sheet,
            "snapshot:deleted",
            "sheet",
            { snapshotId: snapshot.id },
            principal,
            now,
          ),
        );
    });
  }
}
