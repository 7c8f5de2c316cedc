import {
  newId,
  type Job,
  type JobOutcome,
  type RecordData,
  type ResolvedSelection,
  type SheetRecord,
  type Snapshot,
  formatCount,
} from "../../../core";
import {
  UniqueIndex,
  commitEvent,
  writeRecordChanges,
  type RecordChunkChanges,
} from "../../services/record-service";
import { jobEvent } from "../../services/event-factory";
import { snapshotEvent } from "../../services/snapshot-service";
import type { RecordCursor, StoreTx, StoredSheet } from "../../store/store";
import { ChunkSizer } from "../chunk-sizer";
import { SYSTEM_ACTOR } from "../system-actor";
import { CURSOR_KEY, SystemJobError, type SystemJobDeps, type SystemJobRun } from "../system-job-run";
import { cellFilter, storeSelection } from "./record-selection";

/** One record's edit: its id and only the cells that change, as input (`{ [fieldKey]: { value } }`). */
export type RecordEdit = { id: string; values: RecordData };

/** What a transform makes of one chunk: records to edit and ids to delete (each a record of the chunk). */
export type RecordTransformResult = { edits?: RecordEdit[]; deletes?: string[] };

/**
 * Turns one chunk of the selection's records (in the sheet's order, as stored) into edits and deletes. It may be
 * async (a sandbox); it runs inside the chunk's transaction, so it must not call the store. A throw of a
 * `SystemJobError` fails the job with its message; the chunks already applied stay.
 */
export type RecordTransform = (
  records: readonly SheetRecord[],
) => RecordTransformResult | Promise<RecordTransformResult>;

/** What a record job's run did; `snapshotId` is undefined for a job that takes none (validate). */
export type RecordChangeResult = {
  snapshotId?: string;
  /** Records of the selection read. */
  scanned: number;
  /** Records edited (whose cells changed) and deleted by the job, plus others re-validated for `unique`. */
  updated: number;
  deleted: number;
  revalidated: number;
};

export type RecordChangePlan = {
  sheet: StoredSheet;
  selection: ResolvedSelection;
  /** The snapshot taken first (its label), or false for a job that only re-validates (no Undo). */
  snapshot: { label: string } | false;
  /** `"delete"` deletes every selected record, reading ids only; a transform edits or deletes chunk by chunk. */
  change: "delete" | RecordTransform;
  /**
   * Text every record the transform can change contains (a find's text, JSON-escaped): a hint that lets the store
   * skip the other rows unparsed. Progress then counts the rows passed, whether or not they were kept.
   */
  containsHint?: string;
  /**
   * How many records the selection holds, for progress (the walk goes to the end); by default the count the job's
   * creation wrote in `metadata.selected`.
   */
  expected?: number;
  /** The line under the progress bar, from what is done so far: "Deleted 1,000 of 1,204 records". */
  progressInfo: (done: RecordChangeResult, expected: number) => string;
  /** The outcome's heading and message: "Records deleted", "1,204 records deleted from Contacts." */
  outcome: (result: RecordChangeResult) => { heading: string; message: string };
};

/** Where a record job stands, committed with each chunk: a resumed run continues from here. */
export type RecordChangeCursor = RecordChangeResult & {
  /** "announce": the sheet's records were handed to the snapshot; their deletes are being announced. */
  phase: "snapshot" | "announce" | "change";
  /** Records copied into the snapshot (or announced, after a hand-over). */
  copied: number;
  /** The last position read of the current phase (copy, announce or change). */
  after?: RecordCursor;
  /** The snapshot's label, kept from the hand-over on: whoever finishes the announce writes the snapshot's row. */
  label?: string;
};

/** Ids per announced chunk after a hand-over: each is one commit and one `commit:created`. */
const ANNOUNCE_CHUNK = 4_000;

/** A delete of every record of the sheet: the store may hand them to the snapshot instead of copying them. */
const deletesWholeSheet = (plan: RecordChangePlan) =>
  plan.change === "delete" &&
  plan.selection.filter === "all" &&
  plan.selection.searchValue === undefined &&
  plan.selection.includeIds === undefined &&
  !plan.selection.excludeIds?.length;

/** The share of the progress bar the snapshot's copy takes (it is several times faster than the change). */
const SNAPSHOT_SHARE = 20;

/**
 * One chunk of the change, in the chunk's transaction: a plain delete is made in the store, reading no cells; with a
 * cell filter or a transform the records are read and judged here. Returns the changes left to write, how many rows
 * the store went through, and where the next chunk starts.
 */
async function changeChunk(
  tx: StoreTx,
  plan: RecordChangePlan,
  after: RecordCursor | undefined,
  size: number,
): Promise<{ changes: RecordChunkChanges; selected: number; read: number; cursor?: RecordCursor }> {
  const selection = {
    ...storeSelection(plan.selection),
    ...(plan.containsHint === undefined ? {} : { containsHint: plan.containsHint }),
  };
  const keep = cellFilter(plan.selection);
  if (plan.change === "delete" && !keep) {
    const chunk = await tx.deleteSelectedRecords(plan.sheet.id, selection, after, size);
    const changes = { edits: [], deletes: chunk.items, deletedInStore: true };
    const read = chunk.items.length;
    return { changes, selected: read, read, cursor: chunk.cursor };
  }
  const chunk = await tx.readSelectedRecords(plan.sheet.id, selection, after, size);
  const records = keep ? chunk.items.filter(keep) : chunk.items;
  const changes =
    plan.change === "delete"
      ? { edits: [], deletes: records.map((record) => record.id) }
      : changesOf(records, await plan.change(records));
  const read = chunk.scanned ?? chunk.items.length;
  return { changes, selected: chunk.scanned ?? records.length, read, cursor: chunk.cursor };
}

/** A transform's result checked against its chunk: only records of the chunk, each once. */
function changesOf(records: readonly SheetRecord[], result: RecordTransformResult) {
  const byId = new Map(records.map((record) => [record.id, record]));
  const deletes = [...new Set(result.deletes ?? [])].filter((id) => byId.has(id));
  const deleted = new Set(deletes);
  const seen = new Set<string>();
  const edits: { record: SheetRecord; values: RecordData }[] = [];
  for (const edit of result.edits ?? []) {
    const record = byId.get(edit.id);
    if (!record || deleted.has(edit.id) || seen.has(edit.id)) continue;
    seen.add(edit.id);
    edits.push({ record, values: edit.values });
  }
  return { edits, deletes };
}

const progressOf = (cursor: RecordChangeCursor, expected: number, snapshotTaken: boolean) => {
  const share = snapshotTaken ? SNAPSHOT_SHARE : 0;
  const ratio = (n: number) => Math.min(1, n / Math.max(expected, 1));
  const value =
    cursor.phase === "announce"
      ? 100 * ratio(cursor.copied)
      : cursor.phase === "snapshot"
        ? share * ratio(cursor.copied)
        : share + (100 - share) * ratio(cursor.scanned);
  return Math.min(99, Math.floor(value));
};

/**
 * Runs a record job (delete, find and replace, mutate, validate) in chunks: first, unless the plan says not to, a
 * snapshot of the whole sheet, copied a chunk per transaction (its row written with the last chunk, so the snapshot
 * appears whole); then the change, a chunk of the selection per transaction with its record writes (validated,
 * `unique` kept), their `commit:created` and the job's progress and cursor. The walk continues after the last
 * position read, so records the job deletes or changes do not disturb it, and a resumed run continues after the last
 * committed chunk. A cancel stops it at the next chunk: the chunks applied stay (as an import's do) and so does the
 * snapshot, which undoes them; a cancel during the copy deletes the partial copy (`discardRecordChangeJob`).
 * Completes with an outcome whose next step is Undo: restore the snapshot (the deleted records back for a delete,
 * the changed records' cells for an edit).
 */
export async function runRecordChangeJob(run: SystemJobRun, plan: RecordChangePlan): Promise<void> {
  const { deps } = run;
  const { sheet } = plan;
  // The selection counted when the job was created (`metadata.selected`), else the whole sheet: for progress only.
  const selected = run.job.metadata.selected;
  const expected =
    plan.expected ??
    (typeof selected === "number" ? selected : (await deps.store.countRecords(sheet.id)).total);
  const snapshotTaken = plan.snapshot !== false;
  const cursor: RecordChangeCursor = {
    phase: snapshotTaken ? "snapshot" : "change",
    // The id given at creation (`PUT /sheets/{id}/find-replace` answers it as the version), else a new one.
    snapshotId: snapshotTaken
      ? typeof run.job.metadata.snapshotId === "string"
        ? run.job.metadata.snapshotId
        : newId("snapshot")
      : undefined,
    copied: 0,
    scanned: 0,
    updated: 0,
    deleted: 0,
    revalidated: 0,
    ...run.cursor<RecordChangeCursor>(),
  };
  const report = (next: RecordChangeCursor, info: string) => ({
    progress: progressOf(next, expected, snapshotTaken),
    info,
    metadata: next,
  });

  if (cursor.phase === "snapshot" && plan.snapshot !== false && deletesWholeSheet(plan)) {
    const label = plan.snapshot.label;
    const snapshotId = cursor.snapshotId as string;
    const restart = cursor.copied > 0 || cursor.after !== undefined;
    const handed: RecordChangeCursor = { ...cursor, phase: "announce", copied: 0, after: undefined, label };
    // One transaction: the sheet is empty from here, its records the snapshot's, and the cursor says so.
    const done = await run.chunk(
      async (tx) => {
        if (!tx.handOverRecords) return false;
        if (restart) await tx.deleteSnapshot(snapshotId);
        await tx.handOverRecords(sheet.id, snapshotId);
        return true;
      },
      (done) => (done ? report(handed, plan.progressInfo(handed, expected)) : {}),
    );
    if (done) Object.assign(cursor, handed);
  }

  if (cursor.phase === "announce") {
    await announceHandedOver(deps, sheet, cursor, (work, next) =>
      run.chunk(work, (value) => report(next(value), plan.progressInfo(next(value), expected))),
    );
    return completeRecordChange(run, plan, cursor);
  }

  if (cursor.phase === "snapshot" && plan.snapshot !== false) {
    const label = plan.snapshot.label;
    const snapshotId = cursor.snapshotId as string;
    const sizer = new ChunkSizer({ initial: 1_000, max: 10_000 });
    // A copy interrupted by a crash (or a cancel, then a retry) starts over: what it copied before may be gone.
    let restart = cursor.copied > 0 || cursor.after !== undefined;
    cursor.copied = 0;
    cursor.after = undefined;
    for (;;) {
      const started = performance.now();
      const size = sizer.size;
      const copied = await run.chunk(
        async (tx) => {
          if (restart) await tx.deleteSnapshot(snapshotId);
          const chunk = await tx.copyRecordsToSnapshot(snapshotId, sheet.id, cursor.after, size);
          if (chunk.copied < size)
            await writeSnapshotRow(deps, tx, sheet, snapshotId, label, cursor.copied + chunk.copied);
          return chunk;
        },
        (chunk) => {
          const done = chunk.copied < size;
          const next: RecordChangeCursor = done
            ? { ...cursor, phase: "change", copied: cursor.copied + chunk.copied, after: undefined }
            : { ...cursor, copied: cursor.copied + chunk.copied, after: chunk.cursor };
          return report(
            next,
            `Saving a snapshot: ${formatCount(next.copied)} of ${formatCount(Math.max(expected, next.copied))} records`,
          );
        },
      );
      restart = false;
      sizer.observe(performance.now() - started, Math.max(copied.copied, 1));
      cursor.copied += copied.copied;
      if (copied.copied < size) {
        cursor.phase = "change";
        cursor.after = undefined;
        break;
      }
      cursor.after = copied.cursor;
    }
  }

  const index = await UniqueIndex.load(deps.store, sheet.id, sheet.config);
  const sizer = new ChunkSizer({ initial: plan.change === "delete" ? 1_000 : 200 });
  for (;;) {
    const started = performance.now();
    const size = sizer.size;
    const done = await run.chunk(
      async (tx) => {
        const chunk = await changeChunk(tx, plan, cursor.after, size);
        const changes = chunk.changes;
        const now = deps.now().toISOString();
        const written = await writeRecordChanges(deps, tx, sheet, changes, index, SYSTEM_ACTOR, now);
        const next: RecordChangeCursor = {
          ...cursor,
          scanned: cursor.scanned + chunk.selected,
          updated: cursor.updated + written.updated.length,
          deleted: cursor.deleted + written.deleted,
          revalidated: cursor.revalidated + written.revalidated.length,
          after: chunk.cursor ?? cursor.after,
        };
        return { next, read: chunk.read };
      },
      ({ next }) => report(next, plan.progressInfo(next, Math.max(expected, next.scanned))),
    );
    Object.assign(cursor, done.next);
    sizer.observe(performance.now() - started, Math.max(done.read, 1));
    if (done.read < size) break;
  }
  return completeRecordChange(run, plan, cursor);
}

/** Completes a record job with its outcome, whose next step is Undo when it changed something. */
async function completeRecordChange(
  run: SystemJobRun,
  plan: RecordChangePlan,
  cursor: RecordChangeCursor,
): Promise<void> {
  const { outcome, message } = recordChangeOutcome(plan, cursor, plan.sheet.id);
  await run.complete(outcome, message);
}

function recordChangeOutcome(
  plan: Pick<RecordChangePlan, "outcome" | "change">,
  cursor: RecordChangeCursor,
  sheetId: string,
): { outcome: JobOutcome; message: string } {
  const words = plan.outcome(cursor);
  const outcome: JobOutcome = { heading: words.heading, message: words.message };
  if (cursor.snapshotId !== undefined && cursor.updated + cursor.deleted > 0)
    outcome.next = {
      type: "snapshot",
      snapshotId: cursor.snapshotId,
      sheetId,
      label: "Undo",
      restore: {
        created: false,
        updated: plan.change !== "delete",
        deleted: plan.change === "delete" || cursor.deleted > 0,
      },
    };
  return { outcome, message: words.message };
}

/** Runs one announce chunk's work in a transaction, with the cursor it leads to (`run.chunk` or a plain one). */
type AnnounceRunner = <T extends { next: RecordChangeCursor; read: number }>(
  work: (tx: StoreTx) => Promise<T>,
  next: (value: T) => RecordChangeCursor,
) => Promise<T>;

/**
 * After a hand-over: walks the records handed to the snapshot a chunk per transaction, each chunk one commit with its
 * ids and `commit:created` (the sheet's counts dropped at the hand-over; listeners and the grid learn which records
 * went), and writes the snapshot's row with the last chunk. Resumes after the last committed chunk.
 */
async function announceHandedOver(
  deps: SystemJobDeps,
  sheet: StoredSheet,
  cursor: RecordChangeCursor,
  inChunk: AnnounceRunner,
): Promise<void> {
  const snapshotId = cursor.snapshotId as string;
  for (;;) {
    const done = await inChunk(
      async (tx) => {
        if (!tx.announceHandedOverRecords) throw new Error("the store took records it cannot announce");
        const chunk = await tx.announceHandedOverRecords(
          snapshotId,
          cursor.after,
          cursor.copied,
          ANNOUNCE_CHUNK,
        );
        const read = chunk.items.length;
        const now = deps.now().toISOString();
        if (read > 0)
          await tx.appendEvent(
            commitEvent(
              deps,
              sheet,
              { inserted: 0, updated: 0, deleted: read, recordIds: chunk.items },
              SYSTEM_ACTOR,
              now,
            ),
          );
        const next: RecordChangeCursor = {
          ...cursor,
          copied: cursor.copied + read,
          scanned: cursor.scanned + read,
          deleted: cursor.deleted + read,
          after: chunk.cursor ?? cursor.after,
        };
        if (read < ANNOUNCE_CHUNK)
          await writeSnapshotRow(
            deps,
            tx,
            sheet,
            snapshotId,
            cursor.label ?? "Before deleting records",
            next.copied,
          );
        return { next, read };
      },
      (value) => value.next,
    );
    Object.assign(cursor, done.next);
    if (done.read < ANNOUNCE_CHUNK) return;
  }
}

/** The snapshot's row and `snapshot:created`, with the last chunk of its copy. */
async function writeSnapshotRow(
  deps: SystemJobDeps,
  tx: StoreTx,
  sheet: StoredSheet,
  snapshotId: string,
  label: string,
  recordCount: number,
): Promise<void> {
  const now = deps.now().toISOString();
  const snapshot: Snapshot = {
    id: snapshotId,
    sheetId: sheet.id,
    workbookId: sheet.workbookId,
    spaceId: sheet.spaceId,
    label,
    recordCount,
    createdBy: SYSTEM_ACTOR.subject,
    createdAt: now,
  };
  await tx.insertSnapshot(snapshot, []);
  await tx.appendEvent(
    snapshotEvent(
      deps,
      sheet,
      "snapshot:created",
      "sheet",
      { snapshotId, label, recordCount },
      SYSTEM_ACTOR,
      now,
    ),
  );
}

/**
 * After a cancel or delete stopped a record job: a snapshot whose copy was not finished is deleted (nothing was
 * changed yet, so there is nothing to undo); a finished snapshot stays with the chunks applied, to undo them. After a
 * hand-over the delete has happened: see `finishHandOver`.
 */
export async function discardRecordChangeJob(
  deps: SystemJobDeps,
  job: { metadata: Record<string, unknown> } | undefined,
): Promise<void> {
  const cursor = job?.metadata[CURSOR_KEY] as Partial<RecordChangeCursor> | undefined;
  if (cursor?.phase !== "snapshot" || typeof cursor.snapshotId !== "string") return;
  const snapshotId = cursor.snapshotId;
  await deps.store.transaction(async (tx) => {
    await tx.deleteSnapshot(snapshotId);
  });
}

/** Fails a record job whose sheet is gone. */
export async function sheetOf(run: SystemJobRun, sheetId: string): Promise<StoredSheet> {
  const sheet = await run.deps.store.getSheet(sheetId);
  if (!sheet) throw new SystemJobError("The sheet of this job no longer exists.");
  return sheet;
}

/**
 * After a cancel or delete stopped a delete whose records were handed over (`job` as found, undefined when it was
 * deleted; `last` as the run last wrote it): the records are the snapshot's already and must not be left under a key
 * no snapshot names, so the announce is finished here and the snapshot's row written; a canceled job then gets the
 * outcome it would have had (all deleted, Undo) and a cursor from which a retry deletes what the sheet holds now. A
 * job another instance took over is left to it.
 */
export async function finishHandOver(
  deps: SystemJobDeps,
  job: Job | undefined,
  last: Job,
  sheetId: string,
  outcomeOf: (sheet: StoredSheet) => RecordChangePlan["outcome"],
): Promise<boolean> {
  const found = (job ?? last).metadata[CURSOR_KEY] as RecordChangeCursor | undefined;
  if (found?.phase !== "announce" || typeof found.snapshotId !== "string") return false;
  if (job && job.status !== "canceled") return true;
  const sheet = await deps.store.getSheet(sheetId);
  // The sheet went with its snapshots, handed-over records included.
  if (!sheet) return true;
  const cursor: RecordChangeCursor = { ...found };
  await announceHandedOver(deps, sheet, cursor, (work) => deps.store.transaction(work));
  if (!job) return true;
  const { outcome } = recordChangeOutcome({ change: "delete", outcome: outcomeOf(sheet) }, cursor, sheet.id);
  await deps.store.transaction(async (tx) => {
    const current = await tx.getJob(job.id);
    if (current?.status !== "canceled") return;
    const now = deps.now().toISOString();
    const next: Job = {
      ...current,
      outcome,
      metadata: { ...current.metadata, [CURSOR_KEY]: { ...cursor, phase: "change", after: undefined } },
      updatedAt: now,
    };
    if (await tx.updateJob(next, { status: current.status, updatedAt: current.updatedAt }))
      await tx.appendEvent(jobEvent(deps, next, "job:updated", SYSTEM_ACTOR, now));
  });
  return true;
}
