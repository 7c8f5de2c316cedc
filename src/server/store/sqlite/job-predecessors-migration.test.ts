import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, expect, it } from "vitest";
import { makeJob } from "../store-fixtures";
import { migrations } from "./migrations";
import { openSqliteStore } from "./sqlite-store";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "job-predecessors-migration-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("finds the jobs stored before by the jobs they wait for, and follows later inserts and deletes", async () => {
  const filename = join(dir, "jobs.db");
  const version = migrations.find(
    (migration) => migration.name === "jobs by the jobs they wait for",
  )!.version;
  // A database as it was before the step: the store's own (its SQL functions are needed by earlier steps), with
  // what the step added taken away.
  await (await openSqliteStore({ filename })).close();
  const db = new Database(filename);
  db.exec(
    `DROP TRIGGER job_predecessors_insert; DROP TRIGGER job_predecessors_delete; DROP TABLE job_predecessors`,
  );
  db.pragma(`user_version = ${version - 1}`);
  const old = makeJob({ status: "waiting", predecessorIds: ["us_jb_first", "us_jb_second"] });
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
