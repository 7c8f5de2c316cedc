import {
  changedFields,
  diffRecords,
  newId,
  paginate,
  type CreateSnapshotRequest,
  type Principal,
  type SheetRecord,
  type Snapshot,
  formatCount,
} from "../../core";
import { badRequest, conflict, notFound } from "../http/api-error";
import type { PlacedRecord, RecordCursor, StoreReader, StoreTx, StoredSheet } from "../store/store";
import { ChunkSizer } from "../system-jobs/chunk-sizer";
import { yieldToLoop } from "../system-jobs/yield-to-loop";
import { canSeeSpace, requireSnapshotWriter, requireStructureWriter } from "./access";
import { makeEvent, sheetContext } from "./event-factory";
import {
  allRecords,
  commitEvent,
  recordsById,
  UniqueIndex,
  writeRestoredRecords,
  type RestoredChunk,
} from "./record-service";
import type { ServiceDeps } from "./service-deps";

/**
 * The most records `diff` compares (on either side): it holds both sides in memory and compares them in one turn of
 * the event loop, which for larger sheets would stall every other request.
 */
export const DIFF_LIMIT = 100_000;

/** Snapshot records read per chunk when only their ids are wanted (the ids a `created` restore keeps). */
const ID_CHUNK = 5_000;

/** Chunk sizes of a copy (capped as the record jobs' copy is, decision 021) and of a restore's writes. */
const copySizer = () => new ChunkSizer({ initial: 1_000, max: 10_000 });
const restoreSizer = () => new ChunkSizer({ initial: 200, max: 5_000 });

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
 * read its records, compare with the sheet now, restore (`commit:created` and `sheet:updated`), delete. Creating
 * and restoring go a chunk per transaction with the event loop free between chunks (decision 025).
 */
export class SnapshotService {
  constructor(private readonly deps: ServiceDeps) {}

  async #visibleSnapshot(reader: StoreReader, id: string, principal: Principal): Promise<Snapshot> {
    const snapshot = await reader.getSnapshot(id);
    if (!snapshot || !canSeeSpace(principal, snapshot.spaceId)) throw notFound("snapshot", id);
    return snapshot;
  }

  /**
   * Copies the sheet's records into the new snapshot a chunk per transaction (`copyRecordsToSnapshot`, inside the
   * database), and writes the snapshot's row with `snapshot:created` with the last chunk, so that no reader sees a
   * snapshot half copied. Records changed while the copy runs are copied as they are when their chunk is.
   */
  async create(request: CreateSnapshotRequest, principal: Principal): Promise<Snapshot> {
    requireSnapshotWriter(principal, "create snapshots");
    const now = this.deps.now().toISOString();
    const missing = () => badRequest(`sheet ${request.sheetId} not found`, "sheetId");
    const found = await this.deps.store.getSheet(request.sheetId);
    if (!found || !canSeeSpace(principal, found.spaceId)) throw missing();
    const id = newId("snapshot");
    const sizer = copySizer();
    let after: RecordCursor | undefined;
    let copied = 0;
    try {
      for (;;) {
        const started = performance.now();
        const size = sizer.size;
        const step = await this.deps.store.transaction(async (tx) => {
          const chunk = await tx.copyRecordsToSnapshot(id, found.id, after, size);
          if (chunk.copied === size) return { chunk };
          const sheet = await tx.getSheet(found.id);
          if (!sheet) throw missing();
          const snapshot: Snapshot = {
            id,
            sheetId: sheet.id,
            workbookId: sheet.workbookId,
            spaceId: sheet.spaceId,
            ...(request.label === undefined ? {} : { label: request.label }),
            recordCount: copied + chunk.copied,
            createdBy: principal.subject,
            createdAt: now,
          };
          await tx.insertSnapshot(snapshot, []);
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
          return { chunk, snapshot };
        });
        if (step.snapshot) return step.snapshot;
        copied += step.chunk.copied;
        after = step.chunk.cursor;
        sizer.observe(performance.now() - started, step.chunk.copied);
        await yieldToLoop();
      }
    } catch (error) {
      // The chunks copied so far have no row: nobody sees them, and they go with the failure.
      if (copied > 0) await this.deps.store.transaction((tx) => tx.deleteSnapshot(id));
      throw error;
    }
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

  /** One page of the frozen records, read by `ord` in the store (the total is the snapshot's `recordCount`). */
  async records(id: string, page: { pageSize: number; pageNumber: number }, principal: Principal) {
    const snapshot = await this.#visibleSnapshot(this.deps.store, id, principal);
    const offset = (page.pageNumber - 1) * page.pageSize;
    const rows = await this.deps.store.readSnapshotRecords(
      snapshot.id,
      offset === 0 ? undefined : offset - 1,
      page.pageSize,
    );
    return {
      data: rows.map((row) => row.record),
      pagination: paginate(snapshot.recordCount, page.pageSize, page.pageNumber),
    };
  }

  /**
   * What changed in the sheet since the snapshot: added, removed and changed records (with the changed fields).
   * Both sides are compared whole, so a snapshot or sheet of more than `DIFF_LIMIT` records is refused (409).
   */
  async diff(id: string, principal: Principal) {
    const snapshot = await this.#visibleSnapshot(this.deps.store, id, principal);
    const { total } = await this.deps.store.countRecords(snapshot.sheetId);
    const largest = Math.max(snapshot.recordCount, total);
    if (largest > DIFF_LIMIT)
      throw conflict(
        `This comparison would cover ${formatCount(largest)} records; it is available up to ` +
          `${formatCount(DIFF_LIMIT)}. Read the snapshot's records page by page ` +
          `(GET /v1/snapshots/${snapshot.id}/records) or restore it instead.`,
      );
    const then = await this.deps.store.getSnapshotRecords(snapshot.id);
    const now = await allRecords(this.deps.store, snapshot.sheetId);
    const diff = diffRecords(then, now);
    return {
      ...diff,
      counts: { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length },
    };
  }

  /**
   * Puts the snapshot's records back into the sheet (by default every change since is undone), a chunk per
   * transaction with the event loop free between chunks (decision 025): first, with `created`, the records added
   * since are removed (the sheet walked in chunks against the snapshot's ids, held in memory); then the snapshot is
   * walked by `ord`, and per chunk, with `deleted`, its records missing from the sheet are put back at their former
   * places, and with `updated`, those whose values differ go back to the snapshot's. Records put back are validated
   * against the sheet's fields as they are now, `unique` kept across the sheet. Each transaction that changes
   * something publishes its `commit:created`; the last publishes `sheet:updated` (and an empty commit when nothing
   * changed at all). Each chunk is atomic, the whole is not: a restore cut short is finished by running it again.
   */
  async restore(id: string, options: RestoreOptions, principal: Principal): Promise<Snapshot> {
    requireSnapshotWriter(principal, "restore snapshots");
    const undo = { created: true, updated: true, deleted: true, ...options };
    const { store } = this.deps;
    const snapshot = await this.#visibleSnapshot(store, id, principal);
    const sheet = await store.getSheet(snapshot.sheetId);
    if (!sheet) throw notFound("sheet", snapshot.sheetId);
    const keep = undo.created ? await this.#snapshotIds(snapshot.id) : undefined;
    const index = await UniqueIndex.load(store, sheet.id, sheet.config);
    const sizer = restoreSizer();
    const walk = undo.deleted || undo.updated ? "restore" : "done";
    let state: RestoreState = { phase: keep ? "prune" : walk, committed: false };
    for (;;) {
      const started = performance.now();
      const size = sizer.size;
      const step = await store.transaction(async (tx) => {
        if (!(await tx.getSnapshot(snapshot.id))) throw notFound("snapshot", snapshot.id);
        const current = await tx.getSheet(sheet.id);
        if (!current) throw notFound("sheet", sheet.id);
        const now = this.deps.now().toISOString();
        const planned = await planRestoreChunk(tx, sheet.id, snapshot.id, undo, keep, state, size);
        const { revalidated } = await writeRestoredRecords(tx, sheet, planned.chunk, index, now);
        const { inserts, updates, deletes } = planned.chunk;
        const changed = inserts.length + updates.length + deletes.length > 0;
        const last = planned.next.phase === "done";
        // The counts say what the restore undid, as they always have; records re-validated for `unique` are named.
        if (changed || (last && !state.committed))
          await tx.appendEvent(
            commitEvent(
              this.deps,
              current,
              {
                inserted: inserts.length,
                updated: updates.length,
                deleted: deletes.length,
                recordIds: [
                  ...inserts.map((placed) => placed.record.id),
                  ...updates.map((record) => record.id),
                  ...deletes,
                  ...revalidated,
                ],
              },
              principal,
              now,
            ),
          );
        if (last) {
          const updatedSheet = { ...current, updatedAt: now };
          await tx.updateSheet(updatedSheet);
          await tx.appendEvent(
            snapshotEvent(
              this.deps,
              updatedSheet,
              "sheet:updated",
              "sheet",
              { name: current.name, slug: current.slug, snapshotId: snapshot.id, restored: true },
              principal,
              now,
            ),
          );
        }
        return { next: { ...planned.next, committed: state.committed || changed }, read: planned.read };
      });
      state = step.next;
      if (state.phase === "done") return snapshot;
      sizer.observe(performance.now() - started, Math.max(step.read, 1));
      await yieldToLoop();
    }
  }

  /** Every id among the snapshot's records, read a chunk at a time (a `created` restore keeps only these). */
  async #snapshotIds(snapshotId: string): Promise<ReadonlySet<string>> {
    const ids = new Set<string>();
    let after: number | undefined;
    for (;;) {
      const rows = await this.deps.store.readSnapshotRecords(snapshotId, after, ID_CHUNK);
      for (const row of rows) ids.add(row.record.id);
      const last = rows.at(-1);
      if (!last || rows.length < ID_CHUNK) return ids;
      after = last.ord;
      await yieldToLoop();
    }
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

/** Where a restore stands between its transactions. */
type RestoreState = {
  /** `prune`: removing records added since (sheet walked by `seq`); `restore`: the snapshot walked by `ord`. */
  phase: "prune" | "restore" | "done";
  /** The last sheet position read while pruning. */
  pruned?: RecordCursor;
  /** The last snapshot `ord` read. */
  ord?: number;
  /** Whether a `commit:created` was published yet. */
  committed: boolean;
};

/**
 * What one transaction of a restore writes: up to `size` rows read, going on from one phase to the next within the
 * same budget, so that a small restore is one transaction with one commit, as it always was.
 */
async function planRestoreChunk(
  tx: StoreTx,
  sheetId: string,
  snapshotId: string,
  undo: Required<RestoreOptions>,
  keep: ReadonlySet<string> | undefined,
  state: RestoreState,
  size: number,
): Promise<{ chunk: RestoredChunk; next: Omit<RestoreState, "committed">; read: number }> {
  const deletes: string[] = [];
  const inserts: PlacedRecord[] = [];
  const updates: SheetRecord[] = [];
  let budget = size;
  let { phase, pruned, ord } = state;
  if (phase === "prune" && keep) {
    const chunk = await tx.readSelectedIds(sheetId, { filter: "all" }, pruned, budget);
    deletes.push(...chunk.items.filter((recordId) => !keep.has(recordId)));
    pruned = chunk.cursor ?? pruned;
    budget -= chunk.items.length;
    if (chunk.items.length < size) phase = undo.deleted || undo.updated ? "restore" : "done";
  }
  if (phase === "restore" && budget > 0) {
    const rows = await tx.readSnapshotRecords(snapshotId, ord, budget);
    {
      const present = new Map(
        (
          await recordsById(
            tx,
            sheetId,
            rows.map((row) => row.record.id),
          )
        ).map((record) => [record.id, record]),
      );
      for (const row of rows) {
        const now = present.get(row.record.id);
        if (!now) {
          if (undo.deleted)
            inserts.push({ record: row.record, ...(row.seq === undefined ? {} : { seq: row.seq }) });
        } else if (undo.updated && changedFields(row.record, now).length > 0) updates.push(row.record);
      }
    }
    ord = rows.at(-1)?.ord ?? ord;
    if (rows.length < budget) phase = "done";
    budget -= rows.length;
  }
  return {
    chunk: { inserts, updates, deletes },
    next: {
      phase,
      ...(pruned === undefined ? {} : { pruned }),
      ...(ord === undefined ? {} : { ord }),
    },
    read: size - budget,
  };
}
