import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { makeJob } from "../store-fixtures";
import { databaseBefore, insertJobRows, useDbFile, versionOf, searchJobIds } from "./migration-test-db";
import { openSqliteStore } from "./sqlite-store";

const dbFile = useDbFile("job-search-commit-migration");

it("keeps the words' index of the jobs stored before, and its triggers leave a group's changes to the COMMIT", async () => {
  const filename = dbFile();
  const db = databaseBefore(filename, versionOf("job search index written at the commit"));
  const old = makeJob({ operation: "sync-crm", info: "Step 3 of 10" });
  const other = makeJob({ operation: "export", info: "Reading contacts" });
  insertJobRows(db, [old, other]);
  db.close();

  const store = await openSqliteStore({ filename });
  try {
    const search = (words: string) => searchJobIds(store, words);
    expect(await search("crm")).toEqual([old.id]);
    const progressed = {
      ...old,
      info: "Step 4 of 10",
      updatedAt: new Date(Date.parse(old.updatedAt) + 1).toISOString(),
    };
    // One group: an update, a delete and an insert.
    const added = makeJob({ info: "Step 1 of 10" });
    await Promise.all([
      store.transaction((tx) => tx.updateJob(progressed, old), { independent: true }),
      store.transaction((tx) => tx.deleteJob(other.id), { independent: true }),
      store.transaction((tx) => tx.insertJob(added), { independent: true }),
    ]);
    expect(await search("step 3")).toEqual([]);
    expect(await search("step")).toEqual([old.id, added.id]);
    expect(await search("contacts")).toEqual([]);
  } finally {
    await store.close();
  }
  const after = new Database(filename);
  try {
    const triggers = after
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'jobs_search_%'")
      .pluck()
      .all() as string[];
    expect(triggers).toHaveLength(3);
    for (const sql of triggers) expect(sql).toContain("job_search_deferred");
    expect(() =>
      after.exec("INSERT INTO jobs_search (jobs_search) VALUES ('integrity-check')"),
    ).not.toThrow();
  } finally {
    after.close();
  }
});
