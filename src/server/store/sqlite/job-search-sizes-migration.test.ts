import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { makeJob } from "../store-fixtures";
import { databaseBefore, insertJobRows, useDbFile, versionOf, searchJobIds } from "./migration-test-db";
import { openSqliteStore } from "./sqlite-store";

const dbFile = useDbFile("job-search-sizes-migration");

it("rebuilds the words' index without its sizes table, finding the jobs stored before and following later writes", async () => {
  const filename = dbFile();
  const db = databaseBefore(filename, versionOf("job search index without its sizes table"));
  const old = makeJob({
    operation: "sync-crm",
    info: "Step 3 of 10",
    outcome: { message: "Synced ACME-Corp" },
  });
  insertJobRows(db, [old]);
  expect(db.prepare("SELECT count(*) AS n FROM jobs_search_docsize").get()).toEqual({ n: 1 });
  db.close();

  const store = await openSqliteStore({ filename });
  try {
    const search = (words: string) => searchJobIds(store, words);
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
