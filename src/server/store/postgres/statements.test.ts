import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "../../../core";
import type { Store } from "../store";
import { makeJob, nextTime } from "../store-fixtures";
import { insertJobs, insertRow, lockJobs, updateHeldJobs, updateRow, waitingOn } from "./statements";
import { useTestDatabase } from "./use-test-database";

const database = useTestDatabase();

describe("PostgreSQL batched job statements", () => {
  let store: Store;
  let client: pg.Client;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    let schema: string;
    ({ store, schema, cleanup } = await database.openStore());
    client = new pg.Client({ connectionString: database.url, options: `-c search_path=${schema}` });
    await client.connect();
  });

  afterEach(async () => {
    await client.end();
    await cleanup();
  });

  const bump = (job: Job): Job => ({ ...job, progress: job.progress + 1, updatedAt: nextTime() });
  const row = (job: Job, expected: Job) =>
    updateRow(job, { status: expected.status, updatedAt: expected.updatedAt })!;
  /** Runs `sql` in a transaction of its own: committed when it succeeds, rolled back when it fails. */
  const inTransaction = async (sql: string) => {
    await client.query("BEGIN");
    try {
      await client.query(sql);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  };

  it("insert several jobs and lock them, in the order of their ids", async () => {
    const jobs = ["job_c", "job_a", "job_b"].map((id) => makeJob({ id }));
    await inTransaction(insertJobs(jobs.map((job) => insertRow(job)!)));
    const { rows } = await client.query<{ id: string; data: Job }>(
      lockJobs(["job_b", "job_missing", "job_c", "job_a"]),
    );
    expect(rows.map((found) => found.id)).toEqual(["job_a", "job_b", "job_c"]);
    expect(rows.map((found) => found.data)).toEqual(
      ["job_a", "job_b", "job_c"].map((id) => jobs.find((job) => job.id === id)),
    );
  });

  it("set several jobs at their expected versions in one statement", async () => {
    const jobs = [makeJob({ progress: 0 }), makeJob({ progress: 0 })];
    await store.transaction(async (tx) => {
      for (const job of jobs) await tx.insertJob(job);
    });
    const next = jobs.map(bump);
    await inTransaction(updateHeldJobs(next.map((job, i) => row(job, jobs[i]!))));
    for (const job of next) expect(await store.getJob(job.id)).toEqual(job);
  });

  it("fail the whole statement, and so its transaction, when one job is not at its expected version", async () => {
    const jobs = [makeJob({ progress: 0 }), makeJob({ progress: 0 })];
    await store.transaction(async (tx) => {
      for (const job of jobs) await tx.insertJob(job);
    });
    const stale = { ...jobs[1]!, updatedAt: nextTime() };
    const update = updateHeldJobs([row(bump(jobs[0]!), jobs[0]!), row(bump(stale), stale)]);
    await expect(inTransaction(update)).rejects.toThrow(/division by zero/);
    for (const job of jobs) expect(await store.getJob(job.id)).toEqual(job);
  });

  it("name the jobs that waiting jobs wait on", async () => {
    const [a, b, c] = [makeJob(), makeJob(), makeJob()];
    const jobs = [
      makeJob({ status: "waiting", predecessorIds: [a!.id, c!.id] }),
      // Not waiting any more: it names b, but does not count.
      makeJob({ status: "ready", predecessorIds: [b!.id] }),
    ];
    await inTransaction(insertJobs([a!, b!, c!, ...jobs].map((job) => insertRow(job)!)));
    const { rows } = await client.query<{ ids: string[] }>(waitingOn([a!.id, b!.id]));
    expect(rows).toEqual([{ ids: [a!.id, c!.id] }]);
  });

  it("refuse to build a row holding a NUL character, which a simple statement cannot carry", () => {
    const job = makeJob({ operation: "a\0b" });
    expect(insertRow(job)).toBeUndefined();
    // The document is JSON text, where a NUL is escaped; the update's other values are its columns.
    expect(updateRow(job, { status: job.status, updatedAt: job.updatedAt })).toBeDefined();
    expect(
      updateRow({ ...job, id: "job_\0" }, { status: job.status, updatedAt: job.updatedAt }),
    ).toBeUndefined();
  });
});
