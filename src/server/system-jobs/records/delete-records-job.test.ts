/* eslint-disable @typescript-eslint/no-explicit-any -- tests read response bodies loosely on purpose */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SheetRecord } from "../../../core";
import { createApp } from "../../app";
import { MemoryBlobStore } from "../../files/memory-blob-store";
import { MemoryStore } from "../../store/memory-store";
import { openSqliteStore } from "../../store/sqlite/sqlite-store";
import type { Store } from "../../store/store";
import { SYSTEM_JOB_HANDLERS } from "..";
import { startSystemWorker, type SystemJobHandler, type SystemWorker } from "../system-worker";
import { deleteRecordsJobHandler } from "./delete-records-job";

/*
 * A delete of a whole sheet hands its records to the Undo snapshot in one transaction, then announces them chunk by
 * chunk (decision 033): on the memory store and on SQLite, which both can.
 */

const SECRET = "sk_test_delete_hand_over";
const blobs = new MemoryBlobStore();

/** The delete job, stopped (as a shutdown stops it) right after its hand-over committed: the job stays executing. */
const stopAfterHandOver: SystemJobHandler = {
  ...deleteRecordsJobHandler,
  async run(run) {
    const chunk = run.chunk.bind(run);
    run.chunk = async (work, report) => {
      const value = await chunk(work, report);
      if (run.cursor<{ phase: string }>()?.phase === "announce") run.stop();
      return value;
    };
    await deleteRecordsJobHandler.run(run);
  },
};

type Opened = { store: Store; file?: string; close(): Promise<void> };

const stores: [string, () => Promise<Opened>][] = [
  ["memory", async () => ({ store: new MemoryStore(), close: async () => {} })],
  [
    "SQLite",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "delete-hand-over-"));
      const file = join(dir, "jobs.db");
      const store = await openSqliteStore({ filename: file });
      return {
        store,
        file,
        close: async () => {
          await store.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];

describe.each(stores)("delete all on the %s store", (_name, open) => {
  let opened: Opened;
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let workers: SystemWorker[];

  const deps = () => ({
    store,
    blobs,
    now: () => new Date(),
    environmentId: "us_env_local",
    accountId: "us_acc_local",
  });

  beforeEach(async () => {
    opened = await open();
    store = opened.store;
    app = createApp({ store, secretKey: SECRET, blobs });
    workers = [];
  });

  afterEach(async () => {
    for (const worker of workers) await worker.stop();
    await opened.close();
  });

  const call = async (method: string, path: string, body?: unknown): Promise<any> => {
    const response = await app.request(`/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as any;
    if (response.status !== 200) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
    return json.data;
  };

  const startWorker = (options = {}, handlers: readonly SystemJobHandler[] = SYSTEM_JOB_HANDLERS) => {
    const worker = startSystemWorker(deps(), handlers, { pollIntervalMs: 20, ...options });
    workers.push(worker);
    return worker;
  };

  const until = async (jobId: string, done: (job: any) => boolean) => {
    for (let i = 0; i < 2_000; i++) {
      const job = await store.getJob(jobId);
      if (done(job)) return job as any;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`job ${jobId} did not get there`);
  };

  /** A sheet of `count` records, every fourth invalid (a required name left empty). */
  async function sheetOf(count: number) {
    const space = await call("POST", "/spaces", { name: "Hand-over" });
    const workbook = await call("POST", "/workbooks", {
      name: "W",
      spaceId: space.id,
      sheets: [
        { name: "People", fields: [{ key: "name", type: "string", constraints: [{ type: "required" }] }] },
      ],
    });
    const sheetId = workbook.sheets[0].id as string;
    const rows = Array.from({ length: count }, (_, i) => ({ name: { value: i % 4 === 0 ? "" : `r${i}` } }));
    for (let i = 0; i < rows.length; i += 5_000)
      await call("POST", `/sheets/${sheetId}/records`, rows.slice(i, i + 5_000));
    return { spaceId: space.id as string, workbookId: workbook.id as string, sheetId };
  }

  const all = async (sheetId: string) =>
    (await store.listRecords(sheetId, { filter: "all", sortDirection: "asc", limit: 1_000_000, offset: 0 }))
      .items;
  const strip = (record: SheetRecord) => ({ id: record.id, values: record.values, valid: record.valid });

  const deleteAll = (workbookId: string, sheetId: string) =>
    call("POST", "/jobs", {
      type: "workbook",
      operation: "delete-records",
      source: workbookId,
      config: { sheet: sheetId },
    });

  /** Every frozen record of a snapshot, read in pages of `size` as a restore and the snapshot's page do. */
  async function frozen(snapshotId: string, size: number) {
    const rows = [];
    let after: number | undefined;
    for (;;) {
      const page = await store.readSnapshotRecords(snapshotId, after, size);
      rows.push(...page);
      if (page.length < size) return rows;
      after = page.at(-1)!.ord;
    }
  }

  /** Records rows under any key in the SQLite file (none for the memory store). */
  const rowsInFile = () => {
    if (!opened.file) return undefined;
    const db = new Database(opened.file, { readonly: true });
    try {
      return (db.prepare("SELECT COUNT(*) AS n FROM records").get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it("hands 9,000 records over, announces them in chunks with commits, and Undo puts the same ids back exactly", async () => {
    const { workbookId, sheetId, spaceId } = await sheetOf(9_000);
    const before = await all(sheetId);
    startWorker();
    const created = await deleteAll(workbookId, sheetId);
    const job = await until(created.id, (j) => j.status === "complete");
    expect(job.metadata.systemCursor).toMatchObject({ phase: "announce", copied: 9_000, deleted: 9_000 });
    expect(job.outcome).toMatchObject({
      heading: "Records deleted",
      message: "9,000 records deleted from People.",
      next: { type: "snapshot", sheetId, label: "Undo", restore: { deleted: true, updated: false } },
    });
    expect(await store.countRecords(sheetId)).toEqual({ total: 0, valid: 0, error: 0 });
    const { items: events } = await store.listEvents({ spaceId, limit: 10_000, offset: 0 });
    const commits = events.filter(
      (e) => e.topic === "commit:created" && e.context.actorId === "system:worker",
    );
    expect(commits.length).toBeGreaterThan(2);
    expect(commits.reduce((sum, e) => sum + (e.payload as any).deleted, 0)).toBe(9_000);
    expect((commits[0]?.payload as any).recordIds).toEqual(before.slice(0, 1_000).map((r) => r.id));

    const snapshotId = job.outcome.next.snapshotId as string;
    expect(await store.getSnapshot(snapshotId)).toMatchObject({ recordCount: 9_000, sheetId });
    // Pages that do not line up with the announced chunks still read the sheet's order, ord by ord.
    const pages = await frozen(snapshotId, 700);
    expect(pages.map((row) => row.ord)).toEqual(before.map((_, i) => i));
    expect(pages.map((row) => strip(row.record))).toEqual(before.map(strip));
    expect((await store.getSnapshotRecords(snapshotId)).map((r) => r.id)).toEqual(before.map((r) => r.id));

    await call("POST", `/snapshots/${snapshotId}/restore`, job.outcome.next.restore);
    expect((await all(sheetId)).map(strip)).toEqual(before.map(strip));
    expect(await store.countRecords(sheetId)).toEqual({ total: 9_000, valid: 6_750, error: 2_250 });
    // The snapshot keeps its records after the Undo: it restores again, and reads the same.
    expect((await frozen(snapshotId, 4_000)).length).toBe(9_000);
  });

  it("resumes the announce after a stop; records inserted meanwhile are the sheet's and stay", async () => {
    const { workbookId, sheetId } = await sheetOf(9_000);
    const before = await all(sheetId);
    const first = startWorker({ staleAfterMs: 50 }, [stopAfterHandOver]);
    const created = await deleteAll(workbookId, sheetId);
    await until(created.id, (j) => j.metadata.systemCursor?.phase === "announce");
    await first.stop();
    expect((await store.getJob(created.id))?.metadata.systemCursor).toMatchObject({ copied: 0 });
    expect((await store.getJob(created.id))?.status).toBe("executing");
    // The sheet was empty from the hand-over on; what is inserted now is not the delete's.
    expect((await store.countRecords(sheetId)).total).toBe(0);
    await call("POST", `/sheets/${sheetId}/records`, [{ name: { value: "new" } }]);
    startWorker({ staleAfterMs: 50 });
    const job = await until(created.id, (j) => j.status === "complete");
    expect(job.outcome.message).toBe("9,000 records deleted from People.");
    expect((await all(sheetId)).map((r) => r.values.name?.value)).toEqual(["new"]);
    const snapshotId = job.outcome.next.snapshotId as string;
    expect((await frozen(snapshotId, 1_000)).map((row) => row.record.id)).toEqual(before.map((r) => r.id));
    await call("POST", `/snapshots/${snapshotId}/restore`, job.outcome.next.restore);
    const restored = await all(sheetId);
    expect(restored).toHaveLength(9_001);
    expect(new Set(restored.map((r) => r.id))).toEqual(
      new Set([
        ...before.map((r) => r.id),
        ...restored.filter((r) => r.values.name?.value === "new").map((r) => r.id),
      ]),
    );
  });

  it("a cancel after the hand-over finishes the announce and the snapshot; the outcome offers Undo", async () => {
    const { workbookId, sheetId } = await sheetOf(9_000);
    const before = await all(sheetId);
    const worker = startWorker({}, [stopAfterHandOver]);
    const created = await deleteAll(workbookId, sheetId);
    await until(created.id, (j) => j.metadata.systemCursor?.phase === "announce");
    // Stopped after the hand-over, then canceled: what the worker does next when a cancel stops a live run.
    await worker.stop();
    const last = (await store.getJob(created.id))!;
    await call("POST", `/jobs/${created.id}/cancel`);
    await deleteRecordsJobHandler.interrupted!(deps(), await store.getJob(created.id), last);
    const job = (await store.getJob(created.id)) as any;
    expect(job.status).toBe("canceled");
    expect(job.outcome).toMatchObject({
      message: "9,000 records deleted from People.",
      next: { type: "snapshot", label: "Undo", restore: { deleted: true } },
    });
    const snapshotId = job.outcome.next.snapshotId as string;
    expect(await store.getSnapshot(snapshotId)).toMatchObject({ recordCount: 9_000 });
    await call("POST", `/snapshots/${snapshotId}/restore`, job.outcome.next.restore);
    expect((await all(sheetId)).map(strip)).toEqual(before.map(strip));
  });

  it("a job deleted after the hand-over still leaves its snapshot whole", async () => {
    const { workbookId, sheetId } = await sheetOf(5_000);
    const worker = startWorker({}, [stopAfterHandOver]);
    const created = await deleteAll(workbookId, sheetId);
    await until(created.id, (j) => j.metadata.systemCursor?.phase === "announce");
    await worker.stop();
    const last = (await store.getJob(created.id))!;
    await store.transaction((tx) => tx.deleteJob(created.id));
    await deleteRecordsJobHandler.interrupted!(deps(), undefined, last);
    const [snapshot] = await store.listSnapshots(sheetId);
    expect(snapshot?.recordCount).toBe(5_000);
  });

  it("deleting the snapshot, the sheet or the space removes the handed-over records, written or pending", async () => {
    const spaces = [];
    for (let i = 0; i < 3; i++) spaces.push(await sheetOf(2_500));
    const baseline = rowsInFile();
    expect(baseline ?? 7_500).toBe(7_500);
    const handed: string[] = [];
    for (const { sheetId } of spaces) {
      const snapshotId = `us_vs_handed${handed.length}`;
      handed.push(snapshotId);
      await store.transaction(async (tx) => {
        await tx.handOverRecords!(sheetId, snapshotId);
        await tx.announceHandedOverRecords!(snapshotId, undefined, 0, 1_000);
      });
    }
    // The first written, the others pending (no row yet).
    const [a, b, c] = spaces as [(typeof spaces)[0], (typeof spaces)[0], (typeof spaces)[0]];
    await store.transaction(async (tx) => {
      const sheet = (await tx.getSheet(a.sheetId))!;
      await tx.insertSnapshot(
        {
          id: handed[0]!,
          sheetId: sheet.id,
          workbookId: sheet.workbookId,
          spaceId: sheet.spaceId,
          label: "L",
          recordCount: 1_000,
          createdBy: "system:worker",
          createdAt: new Date().toISOString(),
        },
        [],
      );
    });
    expect(await store.listSnapshots(b.sheetId)).toEqual([]);
    expect(await store.transaction((tx) => tx.deleteSnapshot(handed[0]!))).toBe(true);
    expect(await store.getSnapshotRecords(handed[0]!)).toEqual([]);
    await store.transaction((tx) => tx.deleteSheet(b.sheetId));
    await store.transaction((tx) => tx.deleteSpace(c.spaceId));
    expect(rowsInFile() ?? 0).toBe(0);
    // The sheet left takes records again, under its new key.
    await call("POST", `/sheets/${a.sheetId}/records`, [{ name: { value: "x" } }]);
    expect((await store.countRecords(a.sheetId)).total).toBe(1);
  });
});
