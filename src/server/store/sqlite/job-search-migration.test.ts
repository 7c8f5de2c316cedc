import { expect, it } from "vitest";
import { makeJob } from "../store-fixtures";
import { databaseBefore, useDbFile, versionOf, searchJobIds } from "./migration-test-db";
import { openSqliteStore } from "./sqlite-store";

const dbFile = useDbFile("job-search-migration");

it("finds the jobs stored before search by their words, and keeps the index in step with later writes", async () => {
  const filename = dbFile();
  const db = databaseBefore(filename, versionOf("job search"));
  const old = makeJob({
    operation: "sync-crm",
    info: "Pushing Contacts",
    outcome: { message: "Synced ACME-Corp" },
    input: { note: ["Zürich office"] },
  });
  db.prepare(
    `INSERT INTO jobs (id, environment_id, source, status, operation, type, mode, created_at, updated_at, seq, data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
  ).run(
    old.id,
    old.environmentId,
    old.source,
    old.status,
    old.operation,
    old.type,
    old.mode,
    old.createdAt,
    old.updatedAt,
    JSON.stringify(old),
  );
  db.prepare("UPDATE counters SET value = 1 WHERE name = 'seq'").run();
  db.close();

  const store = await openSqliteStore({ filename });
  try {
    const search = (words: string) => searchJobIds(store, words);
    for (const words of ["crm", "pushing contacts", "acme corp", "zürich"])
      expect(await search(words)).toEqual([old.id]);
    const added = makeJob({ info: "Pushing more" });
    await store.transaction((tx) => tx.insertJob(added));
    expect(await search("pushing")).toEqual([old.id, added.id]);
    await store.transaction((tx) => tx.deleteJob(old.id));
    expect(await search("pushing")).toEqual([added.id]);
  } finally {
    await store.close();
  }
});
