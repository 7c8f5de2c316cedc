import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, expect, it } from "vitest";
import { makeJob } from "../store-fixtures";
import { JOB_COLUMNS, jobColumns } from "../sql-columns";
import { migrations } from "./migrations";
import { openSqliteStore } from "./sqlite-store";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "job-search-sizes-migration-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("rebuilds the words' index without its sizes table, finding the jobs stored before and following later writes", async () => {
  const filename = join(dir, "jobs.db");
  const before = migrations.filter((migration) => migration.version < 14);
  const db = new Database(filename);
  // Migration 9 fills the words with the function the store registers; these rows are written after it.
  db.function("job_search_text", (_data: unknown) => "");
  for (const migration of before) db.exec(migration.sql);
  db.pragma(`user_version = ${before.at(-1)!.version}`);
  const old = makeJob({
    operation: "sync-crm",
    info: "Step 3 of 10",
    outcome: { message: "Synced ACME-Corp" },
  });
  db.prepare(
    `INSERT INTO jobs (id, seq, ${JOB_COLUMNS}) VALUES (?, 1, ${JOB_COLUMNS.replace(/\w+/g, "?")})`,
  ).run(old.id, ...jobColumns(old));
  db.prepare("UPDATE counters SET value = 1 WHERE name = 'seq'").run();
  expect(db.prepare("SELECT count(*) AS n FROM jobs_search_docsize").get()).toEqual({ n: 1 });
  db.close();

  const store = await openSqliteStore({ filename });
  try {
    const search = async (words: string) =>
      (await store.listJobs({ search: words, sortDirection: "asc", limit: 10, offset: 0 })).items.map(
        (job) => job.id,
      );
    for (const words of ["crm", "step 3", "acme corp"]) expect(await search(words)).toEqual([old.id]);

    const progressed = {
      ...old,
      info: "Step 4 of 10",
      updatedAt: new Date(Date.parse(old.updatedAt) + 1).toISOString(),
    };
    expect(await store.transaction((tx) => tx.updateJob(progressed, old))).toBe(true);
    expect(await search("step 3")).toEqual([]);
    expect(await search("step 4")).toEqual([old.id]);
    const added = makeJob({ info: "Step 1 of 10" });
    await store.transaction((tx) => tx.insertJob(added));
    expect(await search("step")).toEqual([old.id, added.id]);
    await store.transaction((tx) => tx.deleteJob(old.id));
    expect(await search("step")).toEqual([added.id]);
  } finally {
    await store.close();
  }
  const after = new Database(filename);
  try {
    const tables = after
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'jobs_search%' ORDER BY name",
      )
      .pluck()
      .all();
    expect(tables).toEqual(["jobs_search", "jobs_search_config", "jobs_search_data", "jobs_search_idx"]);
    // The index answers as it did: FTS5's own check compares it with the jobs' words.
    expect(() =>
      after.exec("INSERT INTO jobs_search (jobs_search) VALUES ('integrity-check')"),
    ).not.toThrow();
  } finally {
    after.close();
  }
});
