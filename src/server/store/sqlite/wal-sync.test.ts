import { fstatSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { Event } from "../../../core";
import type { Store } from "../store";
import { makeEvent, makeJob } from "../store-fixtures";
import { openSqliteStore, type SqliteSynchronous } from "./sqlite-store";
import { WalSync } from "./wal-sync";

/** A sync the test releases (or fails) by hand; it records the file each sync was asked for. */
function heldSyncs() {
  const pending: { fd: number; done: (error?: Error) => void }[] = [];
  const syncFile = (fd: number) =>
    new Promise<void>((resolve, reject) =>
      pending.push({ fd, done: (error) => (error ? reject(error) : resolve()) }),
    );
  /** Waits until `count` syncs are out. */
  const asked = async (count: number) => {
    for (let i = 0; i < 200 && pending.length < count; i++) await sleep(5);
  };
  return { pending, syncFile, asked };
}

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function openStore(synchronous: SqliteSynchronous, syncFile: (fd: number) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), "jobs-wal-sync-"));
  dirs.push(dir);
  const filename = join(dir, "jobs.db");
  const store = await openSqliteStore({ filename, synchronous, syncFile });
  stores.push(store);
  const heard: Event[] = [];
  store.onCommit((events) => void heard.push(...events));
  return { store, filename, heard };
}

/** Writes a job and one event of it, as a job call does; settles when the caller would hear back. */
const jobCall = (store: Store, job = makeJob()) =>
  store.transaction(async (tx) => {
    await tx.insertJob(job);
    return tx.appendEvent(makeEvent({ context: { jobId: job.id } }));
  });

describe("WAL sync (SQLITE_SYNCHRONOUS=full)", () => {
  it("answers a write and publishes its events only once the WAL file is synced, without holding the loop", async () => {
    const syncs = heldSyncs();
    const { store, filename, heard } = await openStore("full", syncs.syncFile);
    let answered = false;
    const job = makeJob();
    const call = jobCall(store, job).then((event) => {
      answered = true;
      return event;
    });
    await syncs.asked(1);
    expect(syncs.pending).toHaveLength(1);
    // The loop runs on while the sync is out: timers fire and reads answer, and they see the committed row.
    await sleep(20);
    expect((await store.getJob(job.id))?.id).toBe(job.id);
    expect(answered).toBe(false);
    expect(heard).toEqual([]);
    // It syncs the database's WAL file, the one the writer appends to.
    const { fd, done } = syncs.pending.shift()!;
    expect(fstatSync(fd).ino).toBe(statSync(`${filename}-wal`).ino);
    done();
    const event = await call;
    expect(answered).toBe(true);
    expect(heard.map((e) => e.id)).toEqual([event.id]);
  });

  it("holds the next group while a sync runs, then commits the calls that came meanwhile together, with one sync", async () => {
    const syncs = heldSyncs();
    const { store, heard } = await openStore("full", syncs.syncFile);
    const first = jobCall(store);
    await syncs.asked(1);
    const jobs = Array.from({ length: 5 }, () => makeJob());
    let answered = 0;
    const later = jobs.map((job) => jobCall(store, job).finally(() => answered++));
    // Their callers could not hear back before this sync ends: they wait uncommitted, and the loop runs on.
    await sleep(30);
    expect(await store.getJob(jobs[0]!.id)).toBeUndefined();
    expect(syncs.pending).toHaveLength(1);
    syncs.pending.shift()!.done();
    await first;
    // Then one commit for the five, and one sync.
    await syncs.asked(1);
    expect(syncs.pending).toHaveLength(1);
    for (const job of jobs) expect((await store.getJob(job.id))?.id).toBe(job.id);
    expect(answered).toBe(0);
    expect(heard.map((e) => e.position)).toEqual([1]);
    syncs.pending.shift()!.done();
    const events = await Promise.all(later);
    expect(heard.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events.map((e) => e.position)).toEqual([2, 3, 4, 5, 6]);
    expect(syncs.pending).toHaveLength(0);
  });

  it("fails the calls of a group whose sync fails, with the disk's error, and goes on with the next", async () => {
    const syncs = heldSyncs();
    const { store, heard } = await openStore("full", syncs.syncFile);
    const failing = jobCall(store);
    await syncs.asked(1);
    syncs.pending.shift()!.done(new Error("EIO: i/o error, fdatasync"));
    await expect(failing).rejects.toThrow("EIO: i/o error, fdatasync");
    expect(heard).toEqual([]);
    const next = jobCall(store);
    await syncs.asked(1);
    syncs.pending.shift()!.done();
    expect((await next).position).toBe(2);
    expect(heard.map((e) => e.position)).toEqual([2]);
  });

  it("closes only after the last group's sync, and that group hears back", async () => {
    const syncs = heldSyncs();
    const { store } = await openStore("full", syncs.syncFile);
    const call = jobCall(store);
    await syncs.asked(1);
    let closed = false;
    const closing = store.close().then(() => (closed = true));
    await sleep(20);
    expect(closed).toBe(false);
    syncs.pending.shift()!.done();
    expect((await call).position).toBe(1);
    await closing;
  });

  it("answers resumable work at once, with no sync of its own; its events wait for the commits before it", async () => {
    const syncs = heldSyncs();
    const { store, heard } = await openStore("full", syncs.syncFile);
    // Alone, a resumable transaction (a system job's chunk) answers at once: no sync is asked for.
    const chunk = () =>
      store.transaction(async (tx) => tx.appendEvent(makeEvent({ topic: "job:updated" })), {
        resumable: true,
      });
    expect((await chunk()).position).toBe(1);
    expect(syncs.pending).toHaveLength(0);
    expect(heard.map((e) => e.position)).toEqual([1]);
    // Behind a call waiting for its sync, it still answers at once, but the listeners hear it only after that call:
    // they keep commit order.
    const call = jobCall(store);
    await syncs.asked(1);
    expect((await chunk()).position).toBe(3);
    await sleep(20);
    expect(heard.map((e) => e.position)).toEqual([1]);
    expect(syncs.pending).toHaveLength(1);
    syncs.pending.shift()!.done();
    expect((await call).position).toBe(2);
    for (let i = 0; i < 100 && heard.length < 3; i++) await sleep(5);
    expect(heard.map((e) => e.position)).toEqual([1, 2, 3]);
    // The next durable commit asks for a sync, which takes the WAL whole, the chunks' frames with it.
    const next = jobCall(store);
    await syncs.asked(1);
    syncs.pending.shift()!.done();
    expect((await next).position).toBe(4);
  });

  it("syncs nothing with SQLITE_SYNCHRONOUS=normal", async () => {
    const syncs = heldSyncs();
    const { store, heard } = await openStore("normal", syncs.syncFile);
    await jobCall(store);
    expect(syncs.pending).toHaveLength(0);
    expect(heard).toHaveLength(1);
  });

  it("on its own: one sync at a time, and a sync asked for during one waits for the next, shared", async () => {
    const syncs = heldSyncs();
    const dir = mkdtempSync(join(tmpdir(), "jobs-wal-sync-"));
    dirs.push(dir);
    const file = join(dir, "jobs.db-wal");
    writeFileSync(file, "frames");
    const wal = new WalSync(file, syncs.syncFile);
    const settled: string[] = [];
    const a = wal.sync().then(() => settled.push("a"));
    await syncs.asked(1);
    const b = wal.sync().then(() => settled.push("b"));
    const c = wal.sync().then(() => settled.push("c"));
    await sleep(10);
    expect(syncs.pending).toHaveLength(1);
    syncs.pending.shift()!.done();
    await a;
    expect(settled).toEqual(["a"]);
    await syncs.asked(1);
    expect(syncs.pending).toHaveLength(1);
    syncs.pending.shift()!.done();
    await Promise.all([b, c]);
    expect(settled).toEqual(["a", "b", "c"]);
    await wal.close();
  });
});
