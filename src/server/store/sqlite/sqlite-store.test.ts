import { existsSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Store, StoreTx } from "../store";
import { makeEvent, makeJob, makeRecord, makeSheet, makeSpace, makeWorkbook } from "../store-conformance";
import { latestVersion, migrations } from "./migrations";
import { ResourceReader } from "./resource-reader";
import { NEW_DATABASE_PAGE_SIZE, openSqliteStore } from "./sqlite-store";

/** About 2.5 MiB of WAL in 10 commits of 50 records. */
async function writeWal(store: Store, sheetId: string): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await store.transaction(async (tx) =>
      tx.insertRecords(
        sheetId,
        Array.from({ length: 50 }, () => makeRecord({ text: "x".repeat(1_500) })),
      ),
    );
  }
}

describe("SQLite store", () => {
  let dir: string;
  let filename: string;
  const opened: Store[] = [];

  const open = async (file = filename) => {
    const store = await openSqliteStore({ filename: file });
    opened.push(store);
    return store;
  };

  /** A separate connection to inspect the file as SQLite sees it. */
  const inspect = <T>(read: (db: Database.Database) => T): T => {
    const db = new Database(filename, { readonly: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sqlite-store-"));
    filename = join(dir, "jobs.db");
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps jobs, spaces and events across close and reopen", async () => {
    const job = makeJob({ predecessorIds: ["us_jb_x"], status: "waiting" });
    const space = makeSpace();
    const event = makeEvent();
    const first = await open();
    await first.transaction(async (tx) => {
      await tx.insertSpace(space);
      await tx.insertJob(job);
      await tx.appendEvent(event);
    });
    await first.close();

    const second = await open();
    expect(await second.getJob(job.id)).toEqual(job);
    expect(await second.getSpace(space.id)).toEqual(space);
    expect(await second.getEvent(event.id)).toEqual({ ...event, position: 1 });
    expect(await second.listJobsWaitingOn("us_jb_x")).toEqual([job]);
    expect(await second.lastEventPosition()).toBe(1);
    const next = await second.transaction((tx) => tx.appendEvent(makeEvent()));
    expect(next.position).toBe(2);
  });

  it("keeps insertion order for createdAt ties across reopen", async () => {
    const at = "2025-06-01T00:00:00.000Z";
    const [a, b] = [makeJob({ id: "us_jb_b", createdAt: at }), makeJob({ id: "us_jb_a", createdAt: at })];
    const first = await open();
    await first.transaction((tx) => tx.insertJob(a));
    await first.close();
    const second = await open();
    await second.transaction((tx) => tx.insertJob(b));
    const listed = await second.listJobs({ sortDirection: "asc", limit: 10, offset: 0 });
    expect(listed.items.map((job) => job.id)).toEqual(["us_jb_b", "us_jb_a"]);
  });

  it("runs each migration once and records the last version", async () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    await (await open()).close();
    // A second open would fail on CREATE TABLE if the initial migration ran again.
    await (await open()).close();
    expect(inspect((db) => db.pragma("user_version", { simple: true }))).toBe(latestVersion);
    expect(latestVersion).toBe(migrations.at(-1)!.version);
  });

  it("refuses a database written by a newer schema", async () => {
    await (await open()).close();
    const db = new Database(filename);
    db.pragma(`user_version = ${latestVersion + 1}`);
    db.close();
    await expect(openSqliteStore({ filename })).rejects.toThrow(/newer/);
  });

  it("uses WAL journaling", async () => {
    await open();
    expect(inspect((db) => db.pragma("journal_mode", { simple: true }))).toBe("wal");
  });

  it("creates the parent folder of the file", async () => {
    const nested = join(dir, "a", "b", "jobs.db");
    await open(nested);
    expect(existsSync(nested)).toBe(true);
  });

  it("does not show an open transaction's writes to reads outside it", async () => {
    const store = await open();
    const job = makeJob();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));

    const running = store.transaction(async (tx) => {
      await tx.insertJob(job);
      await tx.appendEvent(makeEvent());
      expect(await tx.getJob(job.id)).toEqual(job);
      inserted();
      await gate;
    });

    await insertedSignal;
    try {
      expect(await store.getJob(job.id)).toBeUndefined();
      expect((await store.listJobs({ sortDirection: "asc", limit: 10, offset: 0 })).total).toBe(0);
      expect(await store.lastEventPosition()).toBe(0);
    } finally {
      release();
      await running;
    }
    expect(await store.getJob(job.id)).toEqual(job);
    expect(await store.lastEventPosition()).toBe(1);
  });

  it("refuses a transaction object used after its transaction ended", async () => {
    const store = await open();
    let leaked: Parameters<Parameters<Store["transaction"]>[0]>[0] | undefined;
    await store.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.insertJob(makeJob())).rejects.toThrow(/ended/);
  });

  it("waits for a running transaction before closing", async () => {
    const store = await open();
    const job = makeJob();
    const running = store.transaction(async (tx) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await tx.insertJob(job);
    });
    const closing = store.close();
    await running;
    await closing;
    opened.splice(opened.indexOf(store), 1);
    await expect(store.transaction(async () => undefined)).rejects.toThrow(/closed/);
    const reopened = await open();
    expect(await reopened.getJob(job.id)).toEqual(job);
  });

  it("keeps records and their order across reopen; later inserts come after them", async () => {
    const sheet = makeSheet();
    const records = [makeRecord({ name: "Zoë", n: 1 }), makeRecord({ name: "Ann", n: true }, false)];
    const first = await open();
    await first.transaction(async (tx) => {
      await tx.insertSheet(sheet);
      await tx.insertRecords(sheet.id, records);
    });
    await first.close();

    const second = await open();
    const later = makeRecord({ name: "Cy" });
    await second.transaction((tx) => tx.insertRecords(sheet.id, [later]));
    const query = { filter: "all", sortDirection: "asc", limit: 10, offset: 0 } as const;
    expect((await second.listRecords(sheet.id, query)).items).toEqual([...records, later]);
    expect((await second.listRecords(sheet.id, { ...query, searchValue: "ZOË" })).items).toEqual([
      records[0],
    ]);
    expect(await second.listFieldValues(sheet.id, "n")).toEqual([
      { id: records[0]!.id, value: 1 },
      { id: records[1]!.id, value: true },
      { id: later.id, value: undefined },
    ]);
  });

  it("drops rows a contains-hint rules out before parsing them, and says how many rows it passed", async () => {
    const sheet = makeSheet();
    const records = ["Lisbon", 'Say "Lisbon"', "Osaka", "Lisboa", "Lisbon"].map((city, n) =>
      makeRecord({ city, n }),
    );
    const store = await open();
    await store.transaction(async (tx) => {
      await tx.insertSheet(sheet);
      await tx.insertRecords(sheet.id, records);
    });
    const first = await store.readSelectedRecords(
      sheet.id,
      { filter: "all", containsHint: "Lisbon" },
      undefined,
      3,
    );
    expect(first.items.map((r) => r.id)).toEqual([records[0]!.id, records[1]!.id]);
    expect(first.scanned).toBe(3);
    const rest = await store.readSelectedRecords(
      sheet.id,
      { filter: "all", containsHint: "Lisbon" },
      first.cursor,
      3,
    );
    expect(rest.items.map((r) => r.id)).toEqual([records[4]!.id]);
    expect(rest.scanned).toBe(2);
    // The hint is JSON text: a quote inside a value is matched in its escaped form.
    const quoted = await store.readSelectedRecords(
      sheet.id,
      { filter: "all", containsHint: '\\"Lisbon\\"' },
      undefined,
      10,
    );
    expect(quoted.items.map((r) => r.id)).toEqual([records[1]!.id]);
    // Without a hint nothing is dropped and no count is added.
    const plain = await store.readSelectedRecords(sheet.id, { filter: "all" }, undefined, 10);
    expect(plain.items).toHaveLength(5);
    expect(plain.scanned).toBeUndefined();
  });

  it("upgrades a database of schema version 1, keeping its rows", async () => {
    const db = new Database(filename);
    db.exec(migrations[0]!.sql);
    db.pragma("user_version = 1");
    db.close();
    const space = makeSpace();
    const store = await open();
    await store.transaction(async (tx) => {
      await tx.insertSpace(space);
      await tx.insertWorkbook(makeWorkbook({ spaceId: space.id }));
    });
    expect(await store.getSpace(space.id)).toEqual(space);
    expect((await store.listWorkbooks({ spaceId: space.id, limit: 10, offset: 0 })).total).toBe(1);
    expect(inspect((db) => db.pragma("user_version", { simple: true }))).toBe(latestVersion);
  });

  it("reads a sheet's records through its indexes, without sorting them", async () => {
    await open();
    const plan = (sql: string) =>
      inspect((db) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail),
      );
    const all = plan("SELECT data FROM records WHERE sheet_id = 'x' ORDER BY seq LIMIT 10");
    expect(all.join("\n")).toMatch(/USING INDEX records_sheet_seq/);
    expect(all.join("\n")).not.toMatch(/TEMP B-TREE/);
    const valid = plan("SELECT data FROM records WHERE sheet_id = 'x' AND valid = 1 ORDER BY seq LIMIT 10");
    expect(valid.join("\n")).toMatch(/USING INDEX records_sheet_valid_seq/);
    expect(valid.join("\n")).not.toMatch(/TEMP B-TREE/);
    // Under the sheet's key, as the reader resolves it; a page of given ids looks each up by (key, id).
    const key = "sheet_id = IFNULL((SELECT records_key FROM sheets WHERE id = 'x'), 'x')";
    const byKey = plan(`SELECT data FROM records WHERE ${key} ORDER BY seq LIMIT 10`);
    expect(byKey.join("\n")).toMatch(/USING INDEX records_sheet_seq/);
    expect(byKey.join("\n")).not.toMatch(/TEMP B-TREE/);
    const ids = plan(
      `SELECT data FROM records WHERE ${key} AND id IN (SELECT value FROM json_each('["a"]')) ORDER BY +seq`,
    );
    expect(ids.join("\n")).toMatch(/USING INDEX sqlite_autoindex_records_1 \(sheet_id=\? AND id=\?\)/);
  });

  it("finds a job's re-runs through the partial index that holds only re-runs", async () => {
    await open();
    const plan = (sql: string) =>
      inspect((db) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
          .map((r) => r.detail)
          .join("\n"),
      );
    // As the store asks it for a user (its space given, kept off the space's index with "+").
    const where = "WHERE +space_id = 'x' AND json_extract(data, '$.rerunOf') = 'y'";
    expect(plan(`SELECT data FROM jobs ${where} ORDER BY created_at DESC, seq DESC LIMIT 10`)).toMatch(
      /USING INDEX jobs_rerun_of /,
    );
    expect(plan(`SELECT COUNT(*) FROM jobs ${where}`)).toMatch(/USING INDEX jobs_rerun_of /);
  });

  it("finds the jobs that wait for a job through job_predecessors, a job's rows by its key", async () => {
    await open();
    const plan = (sql: string) =>
      inspect((db) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
          .map((r) => r.detail)
          .join("\n"),
      );
    const where =
      "WHERE +space_id = 'x' AND seq IN (SELECT job_seq FROM job_predecessors WHERE predecessor_id = 'y')";
    const page = plan(`SELECT data FROM jobs ${where} ORDER BY created_at DESC, seq DESC LIMIT 10`);
    expect(page).toMatch(/job_predecessors USING PRIMARY KEY \(predecessor_id=\?\)/);
    expect(page).toMatch(/SEARCH jobs USING INDEX jobs_seq \(seq=\?\)/);
  });

  it("reads every job list the dashboard filters, and a job's events, through an index in the list's order", async () => {
    await open();
    const plan = (sql: string) =>
      inspect((db) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
          .map((r) => r.detail)
          .join("\n"),
      );
    for (const column of ["status", "operation", "type", "mode"]) {
      for (const space of ["", "space_id = 'x' AND "]) {
        const index = `jobs_${space ? "space_" : ""}${column}_created`;
        const filter = `WHERE ${space}${column} = 'y'`;
        for (const direction of ["ASC", "DESC"]) {
          const page = plan(
            `SELECT data FROM jobs ${filter} ORDER BY created_at ${direction}, seq ${direction} LIMIT 10`,
          );
          expect(page).toMatch(new RegExp(`USING INDEX ${index} `));
          expect(page).not.toMatch(/TEMP B-TREE/);
        }
        // Any index that holds the filter's columns will do (a status may be counted from jobs_status_updated).
        expect(plan(`SELECT COUNT(*) FROM jobs ${filter}`)).toMatch(/USING COVERING INDEX jobs_/);
      }
    }
    // Two filters at once: counted from one index alone.
    for (const space of ["", "space_id = 'x' AND "])
      expect(plan(`SELECT COUNT(*) FROM jobs WHERE ${space}status = 'failed' AND operation = 'y'`)).toMatch(
        /USING COVERING INDEX jobs_/,
      );
    // A file's jobs in a space: through the file's indexes, not the space's.
    const files = plan(
      "SELECT data FROM jobs WHERE +space_id = 'x' AND (file_id = 'f' OR source = 'f') ORDER BY created_at DESC, seq DESC LIMIT 20",
    );
    expect(files).toMatch(/MULTI-INDEX OR/);
    expect(files).toMatch(/jobs_file/);
    expect(files).toMatch(/jobs_source/);
    const timeline = plan(
      "SELECT position, data FROM events WHERE job_id = 'j' ORDER BY position LIMIT 1000",
    );
    expect(timeline).toMatch(/USING INDEX events_job_position/);
    expect(timeline).not.toMatch(/TEMP B-TREE/);
  });

  it("writes a job's change that keeps its status without touching the indexes that carry the status", async () => {
    const store = await open();
    // Enough jobs that each index spans many pages: a page the update dirties is one WAL frame.
    const jobs = Array.from({ length: 600 }, (_, i) =>
      makeJob({ status: "executing", operation: `op${i % 7}`, progress: 1 }),
    );
    await store.transaction(async (tx) => {
      for (const job of jobs) await tx.insertJob(job);
    });
    const walFrames = () => statSync(`${filename}-wal`).size / (4096 + 24);
    const job = jobs[300]!;
    const before = walFrames();
    const next = { ...job, progress: 50, updatedAt: new Date(Date.parse(job.updatedAt) + 1).toISOString() };
    expect(await store.transaction((tx) => tx.updateJob(next, job))).toBe(true);
    // The job's row and the (status, updated_at) index; setting the status as well rewrote ten more pages.
    expect(walFrames() - before).toBeLessThanOrEqual(4);
    expect(await store.getJob(job.id)).toEqual(next);
    expect(
      (await store.listJobs({ status: "executing", sortDirection: "asc", limit: 1000, offset: 0 })).total,
    ).toBe(600);
  });

  it("keeps the savepoints' sub-journal of a group of job calls in memory, and of any other group in a file", async () => {
    const store = await open();
    // SQLite's temp_store (2 MEMORY, 0 the default, a file past 64 KiB) as the writer's open transaction sees it.
    const subjournal = async (tx: StoreTx) =>
      (tx as unknown as { conn: { db: Database.Database } }).conn.db.pragma("temp_store", { simple: true });
    const independent = { independent: true };
    // Each group below is the transactions asked for in one turn.
    expect(
      await Promise.all([
        store.transaction(subjournal, independent),
        store.transaction(subjournal, independent),
      ]),
    ).toEqual([2, 2]);
    expect(
      await Promise.all([store.transaction(subjournal, independent), store.transaction(subjournal)]),
    ).toEqual([0, 0]);
    expect(await store.transaction(subjournal)).toBe(0);
    expect(await store.transaction(subjournal, independent)).toBe(2);
  });

  it("writes a commit group's changes to the search index once, at its COMMIT, and exactly", async () => {
    const store = await open();
    const kept = makeJob({ info: "zulu", updatedAt: "2026-01-01T00:00:00.000Z" });
    const gone = makeJob({ info: "delta" });
    await store.transaction(async (tx) => {
      await tx.insertJob(kept);
      await tx.insertJob(gone);
    });
    /** A writing connection beside the store's (the FTS5 commands below are writes). */
    const command = (sql: string) => {
      const db = new Database(filename);
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    };
    // Segments are then never merged, so the index's rows count the segments its writes made.
    command("INSERT INTO jobs_search (jobs_search, rank) VALUES ('automerge', 0)");
    const rows = () => inspect((db) => db.prepare("SELECT count(*) AS n FROM jobs_search_data").get());
    const before = rows() as { n: number };

    const step = (job: typeof kept, info: string, at: number) => ({
      ...job,
      info,
      updatedAt: new Date(Date.parse(job.updatedAt) + at).toISOString(),
    });
    const fails = new Error("the call fails");
    const independent = { independent: true };
    const inserted = makeJob({ info: "alpha" });
    const rolledBack = makeJob({ info: "echo" });
    // One group (all asked for in one turn), a savepoint each: ten changes of words, two rolled back.
    const results = await Promise.allSettled([
      store.transaction((tx) => tx.insertJob(inserted), independent),
      ...["bravo1", "bravo2", "bravo3", "bravo4", "bravo5", "bravo"].map((info, i) =>
        store.transaction((tx) => tx.updateJob(step(kept, info, i + 1), step(kept, "", i)), independent),
      ),
      store.transaction(async (tx) => {
        await tx.updateJob(step(kept, "charlie", 7), step(kept, "", 6));
        throw fails;
      }, independent),
      store.transaction((tx) => tx.deleteJob(gone.id), independent),
      store.transaction(async (tx) => {
        await tx.insertJob(rolledBack);
        throw fails;
      }, independent),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      ...Array(7).fill("fulfilled"),
      "rejected",
      "fulfilled",
      "rejected",
    ]);

    const found = async (search: string) =>
      (await store.listJobs({ search, sortDirection: "asc", limit: 10, offset: 0 })).items.map(
        (job) => job.id,
      );
    expect(await found("bravo")).toEqual([kept.id]);
    expect(await found("alpha")).toEqual([inserted.id]);
    for (const word of ["zulu", "charlie", "delta", "echo"]) expect(await found(word)).toEqual([]);
    // The index holds exactly the rows' words (FTS5 compares them), written as one segment: with the words written
    // at every savepoint, it was one per call.
    command("INSERT INTO jobs_search (jobs_search) VALUES ('integrity-check')");
    expect((rows() as { n: number }).n - before.n).toBeLessThanOrEqual(2);
  });

  it("makes a new database with 2 KiB pages, and keeps the page size of one made before", async () => {
    const pageSize = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return db.pragma("page_size", { simple: true });
      } finally {
        db.close();
      }
    };
    const job = makeJob();
    await (await open()).transaction(async (tx) => tx.insertJob(job));
    expect(pageSize(filename)).toBe(NEW_DATABASE_PAGE_SIZE);
    expect(NEW_DATABASE_PAGE_SIZE).toBe(2048);

    // A database from before, with SQLite's default 4 KiB pages and in WAL mode, as the store made them.
    const older = join(dir, "older.db");
    const made = new Database(older);
    made.pragma("journal_mode = WAL");
    made.close();
    const store = await open(older);
    const kept = makeJob();
    await store.transaction(async (tx) => tx.insertJob(kept));
    expect(await store.getJob(kept.id)).toEqual(kept);
    expect(pageSize(older)).toBe(4096);
  });

  it("copies a growing WAL into the database file on a thread of its own, and keeps every commit", async () => {
    const store = await open();
    const sheet = makeSheet();
    await store.transaction(async (tx) => tx.insertSheet(sheet));
    const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);
    const before = sizeOf(filename);
    // Past the thread's start (1 MiB of WAL), which moves the writer's own checkpoint far out of reach.
    await writeWal(store, sheet.id);
    expect(sizeOf(`${filename}-wal`)).toBeLessThan(4 * 1024 * 1024);
    await store.transaction(async (tx) => tx.insertRecords(sheet.id, [makeRecord({ n: 1 })]));
    await vi.waitFor(() => expect(sizeOf(filename)).toBeGreaterThan(before + 1024 * 1024), {
      timeout: 5_000,
    });
    await store.close();
    const reopened = await open();
    expect((await reopened.countRecords(sheet.id)).total).toBe(10 * 50 + 1);
  });

  it("copies the WAL back a moment after a commit, not at once, so pages many commits change are copied once", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const store = await open();
      const sheet = makeSheet();
      await store.transaction(async (tx) => tx.insertSheet(sheet));
      const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);
      const before = sizeOf(filename);
      // The thread starts, and its first checkpoint waits for the delay.
      await writeWal(store, sheet.id);
      // Real time, long enough for a checkpoint that did not wait (the fake clock stands still meanwhile).
      await sleep(300);
      expect(sizeOf(filename)).toBe(before);
      vi.advanceTimersByTime(250);
      await vi.waitFor(() => expect(sizeOf(filename)).toBeGreaterThan(before + 1024 * 1024), {
        timeout: 5_000,
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it("does not show an open transaction's records to reads outside it", async () => {
    const store = await open();
    const sheet = makeSheet();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
    const running = store.transaction(async (tx) => {
      await tx.insertSheet(sheet);
      await tx.insertRecords(sheet.id, [makeRecord({ n: 1 })]);
      inserted();
      await gate;
    });
    await insertedSignal;
    try {
      expect(await store.getSheet(sheet.id)).toBeUndefined();
      expect(await store.countRecords(sheet.id)).toEqual({ total: 0, valid: 0, error: 0 });
    } finally {
      release();
      await running;
    }
    expect(await store.countRecords(sheet.id)).toEqual({ total: 1, valid: 1, error: 0 });
  });

  it("counts a sheet's records in steps, letting the event loop run between them, and exactly", async () => {
    const store = await open();
    const sheet = makeSheet();
    const records = Array.from({ length: 2_500 }, (_, n) => makeRecord({ n }, n % 3 !== 0));
    await store.transaction(async (tx) => {
      await tx.insertSheet(sheet);
      await tx.insertRecords(sheet.id, records);
    });
    const step = ResourceReader.countStep;
    ResourceReader.countStep = 1_000;
    try {
      let turns = 0;
      const tick = () => {
        turns++;
        if (turns < 1_000) setImmediate(tick);
      };
      setImmediate(tick);
      const counted = await store.countRecords(sheet.id);
      expect(counted).toEqual({ total: 2_500, valid: 1_666, error: 834 });
      // Two steps of the 1,666 valid records, one of the 834 others: the loop ran after each full step.
      expect(turns).toBeGreaterThanOrEqual(1);
      // Inside a transaction too, where the steps see one state.
      expect(await store.transaction((tx) => tx.countRecords(sheet.id))).toEqual(counted);
      // A count of exactly a whole step and of an empty sheet.
      const whole = makeSheet();
      await store.transaction(async (tx) => {
        await tx.insertSheet(whole);
        await tx.insertRecords(
          whole.id,
          Array.from({ length: 1_000 }, (_, n) => makeRecord({ n })),
        );
      });
      expect(await store.countRecords(whole.id)).toEqual({ total: 1_000, valid: 1_000, error: 0 });
      expect(await store.countRecords("us_sh_none")).toEqual({ total: 0, valid: 0, error: 0 });
    } finally {
      ResourceReader.countStep = step;
    }
  });

  it("refuses resource writes on a transaction object used after its transaction ended", async () => {
    const store = await open();
    let leaked: Parameters<Parameters<Store["transaction"]>[0]>[0] | undefined;
    await store.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.insertRecords("us_sh_x", [makeRecord({ n: 1 })])).rejects.toThrow(/ended/);
    await expect(leaked!.insertWorkbook(makeWorkbook())).rejects.toThrow(/ended/);
  });
});
