/* eslint-disable @typescript-eslint/no-explicit-any -- tests read response bodies loosely on purpose */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../app";
import { MemoryBlobStore } from "../../files/memory-blob-store";
import { MemoryStore } from "../../store/memory-store";
import { SYSTEM_JOB_HANDLERS } from "..";
import { startSystemWorker, type SystemJobHandler, type SystemWorker } from "../system-worker";
import { runRecordChangeJob, sheetOf } from "./record-change-job";

/*
 * The runner as another job uses it (the mutate job gives its own transform): a test job that appends "!" to every
 * selected record's name, or deletes the records whose name says so.
 */

const SECRET = "sk_test_record_change";
const blobs = new MemoryBlobStore();
let store: MemoryStore;
let workers: SystemWorker[];
let app: ReturnType<typeof createApp>;

const deps = () => ({
  store,
  blobs,
  now: () => new Date(),
  environmentId: "us_env_local",
  accountId: "us_acc_local",
});

const bangHandler: SystemJobHandler = {
  type: "sheet",
  operation: "test-bang",
  async run(run) {
    const sheet = await sheetOf(run, run.job.source);
    const value = run.job.config?.value as string | undefined;
    await runRecordChangeJob(run, {
      sheet,
      selection: { filter: "all" },
      snapshot: { label: "Before the bangs" },
      change: (records) => ({
        edits: records
          .filter((record) => record.values.name?.value !== "delete me")
          .map((record) => ({
            id: record.id,
            values: { name: { value: value ?? `${String(record.values.name?.value)}!` } },
          })),
        deletes: records
          .filter((record) => record.values.name?.value === "delete me")
          .map((record) => record.id),
      }),
      progressInfo: (done) => `${done.scanned} read`,
      outcome: (result) => ({
        heading: "Done",
        message: `${result.updated} changed, ${result.deleted} deleted.`,
      }),
    });
  },
};

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

async function sheetWith(names: string[], fields: unknown[] = [{ key: "name", type: "string" }]) {
  const space = await call("POST", "/spaces", { name: "Runner" });
  const workbook = await call("POST", "/workbooks", {
    name: "W",
    spaceId: space.id,
    sheets: [{ name: "People", fields }],
  });
  const sheetId = workbook.sheets[0].id as string;
  if (names.length)
    await call(
      "POST",
      `/sheets/${sheetId}/records`,
      names.map((name) => ({ name: { value: name } })),
    );
  return sheetId;
}

const startWorker = (options = {}) => {
  const worker = startSystemWorker(deps(), [...SYSTEM_JOB_HANDLERS, bangHandler], {
    pollIntervalMs: 20,
    ...options,
  });
  workers.push(worker);
  return worker;
};

const until = async (jobId: string, done: (job: any) => boolean) => {
  for (let i = 0; i < 1_000; i++) {
    const job = await store.getJob(jobId);
    if (done(job)) return job as any;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`job ${jobId} did not get there`);
};

const names = async (sheetId: string) =>
  (
    await store.listRecords(sheetId, { filter: "all", sortDirection: "asc", limit: 100_000, offset: 0 })
  ).items.map((record) => record.values.name?.value);

beforeEach(() => {
  store = new MemoryStore();
  app = createApp({ store, secretKey: SECRET, blobs });
  workers = [];
});

afterEach(async () => {
  for (const worker of workers) await worker.stop();
});

describe("runRecordChangeJob", () => {
  it("applies a transform's edits and deletes, each chunk with its commit, and completes with Undo", async () => {
    const sheetId = await sheetWith(["a", "delete me", "b"]);
    startWorker();
    const job = await call("POST", "/jobs", {
      type: "sheet",
      operation: "test-bang",
      source: sheetId,
      managed: true,
      trigger: "immediate",
    });
    const done = await until(job.id, (j) => j.status === "complete");
    expect(done.outcome).toMatchObject({
      message: "2 changed, 1 deleted.",
      next: { type: "snapshot", label: "Undo", restore: { created: false, updated: true, deleted: true } },
    });
    expect(await names(sheetId)).toEqual(["a!", "b!"]);
    await call("POST", `/snapshots/${done.outcome.next.snapshotId}/restore`, done.outcome.next.restore);
    expect(await names(sheetId)).toEqual(["a", "delete me", "b"]);
  });

  it("keeps unique fields unique across chunks: a record of a later chunk is flagged as soon as it is a duplicate", async () => {
    const sheetId = await sheetWith(
      Array.from({ length: 300 }, (_, i) => (i === 250 ? "z" : `r${i}`)),
      [{ key: "name", type: "string", constraints: [{ type: "unique" }] }],
    );
    startWorker();
    const job = await call("POST", "/jobs", {
      type: "sheet",
      operation: "test-bang",
      source: sheetId,
      managed: true,
      trigger: "immediate",
      config: { value: "z" },
    });
    await until(job.id, (j) => j.status === "complete");
    expect(await store.countRecords(sheetId)).toEqual({ total: 300, valid: 0, error: 300 });
    // The first chunk (200 records) made record 250 a duplicate before its own chunk came: it was rewritten then.
    const { items: commits } = await store.listEvents({ topic: "commit:created", limit: 100, offset: 0 });
    const first = commits.find((e) => e.context.actorId === "system:worker");
    expect(first?.payload).toMatchObject({ updated: 201 });
  });

  it("resumes a run stopped between chunks where it stopped: every record changed once", async () => {
    const sheetId = await sheetWith(Array.from({ length: 5_000 }, (_, i) => `r${i}`));
    const first = startWorker({ staleAfterMs: 50 });
    const job = await call("POST", "/jobs", {
      type: "sheet",
      operation: "test-bang",
      source: sheetId,
      managed: true,
      trigger: "immediate",
    });
    await until(
      job.id,
      (j) => j.metadata.systemCursor?.phase === "change" && j.metadata.systemCursor.scanned > 0,
    );
    await first.stop();
    const stopped = await store.getJob(job.id);
    expect(stopped?.status).toBe("executing");
    startWorker({ staleAfterMs: 50 });
    const done = await until(job.id, (j) => j.status === "complete");
    expect(done.outcome.message).toBe("5000 changed, 0 deleted.");
    const after = await names(sheetId);
    expect(after.every((name, i) => name === `r${i}!`)).toBe(true);
    expect(await store.listSnapshots(sheetId)).toHaveLength(1);
  });
});

describe("sheet:validate", () => {
  it("writes only the records whose validity changed since the sheet's fields did", async () => {
    const sheetId = await sheetWith(["a", "", "c"]);
    // The fields change behind the records' back (as a direct store write would), so the records are stale.
    await store.transaction(async (tx) => {
      const sheet = (await tx.getSheet(sheetId))!;
      await tx.updateSheet({
        ...sheet,
        config: {
          ...sheet.config,
          fields: [{ key: "name", type: "string", constraints: [{ type: "required" }] }],
        },
      });
    });
    expect(await store.countRecords(sheetId)).toEqual({ total: 3, valid: 3, error: 0 });
    startWorker();
    const job = await call("POST", "/jobs", { type: "sheet", operation: "validate", source: sheetId });
    const done = await until(job.id, (j) => j.status === "complete");
    expect(done.outcome.message).toBe("3 records validated in People; 1 changed.");
    expect(await store.countRecords(sheetId)).toEqual({ total: 3, valid: 2, error: 1 });
    const { items: events } = await store.listEvents({ topic: "commit:created", limit: 100, offset: 0 });
    expect(events.at(-1)?.payload).toMatchObject({ updated: 1, deleted: 0, inserted: 0 });
    expect(await store.listSnapshots(sheetId)).toEqual([]);
  });
});
