import { expect, it } from "vitest";
import { makeJob } from "../store-fixtures";
import { databaseBefore, insertJobRows, useDbFile, versionOf } from "./migration-test-db";
import { openSqliteStore } from "./sqlite-store";

const dbFile = useDbFile("job-predecessors-migration");

it("finds the jobs stored before by the jobs they wait for, and follows later inserts and deletes", async () => {
  const filename = dbFile();
  const db = databaseBefore(filename, versionOf("jobs by the jobs they wait for"));
  const old = makeJob({ status: "waiting", predecessorIds: ["us_jb_first", "us_jb_second"] });
  insertJobRows(db, [old]);
  db.close();

  const store = await openSqliteStore({ filename });
  try {
    const waitingOn = async (predecessorId: string) =>
      (await store.listJobs({ predecessorId, sortDirection: "asc", limit: 10, offset: 0 })).items.map(
        (job) => job.id,
      );
    expect(await waitingOn("us_jb_first")).toEqual([old.id]);
    expect(await waitingOn("us_jb_second")).toEqual([old.id]);
    // A job whose input merely mentions the key is not taken for one with predecessors.
    const added = makeJob({ predecessorIds: ["us_jb_second"] });
    const mentions = makeJob({ input: { note: '"predecessorIds"' } });
    await store.transaction(async (tx) => {
      await tx.insertJob(added);
      await tx.insertJob(mentions);
    });
    expect(await waitingOn("us_jb_second")).toEqual([old.id, added.id]);
    await store.transaction((tx) => tx.deleteJob(old.id));
    expect(await waitingOn("us_jb_first")).toEqual([]);
    expect(await waitingOn("us_jb_second")).toEqual([added.id]);
  } finally {
    await store.close();
  }
});
