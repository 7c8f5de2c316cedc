import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeEvent, makeJob, nextTime } from "../store-fixtures";
import type { Job } from "../../../core";
import type { Store, StoreTx } from "../store";
import { PostgresStore } from "./postgres-store";
import { useTestDatabase } from "./use-test-database";

const database = useTestDatabase();
const independent = { independent: true };
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("PostgreSQL groups of independent transactions", () => {
  let store: Store;
  let schema: string;
  let cleanup: () => Promise<void>;
  const opened: PostgresStore[] = [];

  beforeEach(async () => {
    ({ store, schema, cleanup } = await database.openStore());
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((other) => other.close()));
    await cleanup();
  });

  const open = async (groups: number) => {
    const grouped = await PostgresStore.open({ connectionString: database.url, schema, groups });
    opened.push(grouped);
    return grouped;
  };

  /** How many database transactions wrote the jobs table's rows (rows of one transaction share its xmin). */
  const writers = async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        `SELECT COUNT(DISTINCT xmin::text)::int AS n FROM ${schema}.jobs`,
      );
      return rows[0]!.n;
    } finally {
      await client.end();
    }
  };

  const createWithEvent = (on: Store) =>
    on.transaction(async (tx) => {
      const job = makeJob();
      await tx.insertJob(job);
      await tx.appendEvent(makeEvent({ context: { jobId: job.id } }));
      return job.id;
    }, independent);

  it("commit the calls that wait together in one transaction, with dense positions", async () => {
    const grouped = await open(1);
    const ids = await Promise.all(Array.from({ length: 6 }, () => createWithEvent(grouped)));
    // The first call starts a group alone; the five that arrive while it runs form the next one.
    expect(await writers()).toBe(2);
    const events = await grouped.readEventsAfter(0, 100);
    expect(events.map((event) => event.position)).toEqual(range(1, 6));
    expect(events.map((event) => event.context.jobId)).toEqual(ids);
  });

  it("answer a call's reads of the jobs it wrote itself, and read waiting jobs after a write, within the group", async () => {
    const grouped = await open(1);
    const call = () =>
      grouped.transaction(async (tx) => {
        const job = makeJob();
        await tx.insertJob(job);
        const read = await tx.getJob(job.id);
        // A read of another table (a creation checks its references) cannot miss its own writes, which are to jobs.
        await tx.getSpace("sp_missing");
        const waiting = await tx.listJobsWaitingOn(job.id);
        await tx.appendEvent(makeEvent({ context: { jobId: job.id } }));
        return { same: read?.id === job.id && read.updatedAt === job.updatedAt, waiting: waiting.length };
      }, independent);
    const outcomes = await Promise.all(range(1, 4).map(call));
    expect(outcomes).toEqual(range(1, 4).map(() => ({ same: true, waiting: 0 })));
    // Had a call left its group, it would have committed in a transaction of its own.
    expect(await writers()).toBe(2);
  });

  it("lock the jobs its calls ask for at once with one statement", async () => {
    const jobs = range(1, 6).map(() => makeJob({ progress: 0 }));
    await store.transaction(async (tx) => {
      for (const job of jobs) await tx.insertJob(job);
    });
    const grouped = await open(1);
    const sent = vi.spyOn(pg.Client.prototype, "query");
    const locking = () =>
      sent.mock.calls.map(([text]) => String(text)).filter((text) => text.includes("FOR UPDATE"));
    try {
      const increment = (id: string) =>
        grouped.transaction(async (tx) => {
          const current = (await tx.getJob(id))!;
          const next = { ...current, progress: current.progress + 1, updatedAt: nextTime() };
          await tx.updateJob(next, { status: current.status, updatedAt: current.updatedAt });
          await tx.appendEvent(makeEvent({ context: { jobId: id } }));
        }, independent);
      await Promise.all(jobs.map((job) => increment(job.id)));
      // The first call starts a group alone; the five that arrive while it runs lock their jobs together.
      expect(locking()).toHaveLength(2);
      for (const job of jobs.slice(1)) expect(locking()[1]).toContain(job.id);
    } finally {
      sent.mockRestore();
    }
    // Two groups wrote the rows.
    expect(await writers()).toBe(2);
    for (const job of jobs) expect((await grouped.getJob(job.id))!.progress).toBe(1);
  });

  it("answer a held job's waiting dependents from its locking read, and ask only when some wait", async () => {
    const alone = makeJob();
    const awaited = makeJob();
    const dependent = makeJob({ status: "waiting", predecessorIds: [awaited.id] });
    await store.transaction(async (tx) => {
      for (const job of [alone, awaited, dependent]) await tx.insertJob(job);
    });
    const grouped = await open(1);
    const sent = vi.spyOn(pg.Client.prototype, "query");
    try {
      const dependents = (id: string) =>
        grouped.transaction(async (tx) => {
          await tx.getJob(id);
          return (await tx.listJobsWaitingOn(id)).map((job) => job.id);
        }, independent);
      const [, none, one] = await Promise.all([
        createWithEvent(grouped),
        dependents(alone.id),
        dependents(awaited.id),
      ]);
      expect(none).toEqual([]);
      expect(one).toEqual([dependent.id]);
      // The locking read asked which of its jobs are waited on; only the job that is was read again.
      const asked = sent.mock.calls.map(([query]) => String((query as { text?: string }).text ?? query));
      expect(asked.filter((text) => text.includes("?|"))).toHaveLength(1);
      expect(asked.filter((text) => text.includes("predecessorIds')::jsonb ?"))).toHaveLength(1);
      // Both calls stayed in their group: neither locked its job again on its own.
      expect(asked.filter((text) => text.includes("FOR UPDATE"))).toHaveLength(1);
    } finally {
      sent.mockRestore();
    }
  });

  it("write its calls' jobs with one insert and one update, a job written twice as last written", async () => {
    const jobs = range(1, 4).map(() => makeJob({ progress: 0 }));
    await store.transaction(async (tx) => {
      for (const job of jobs) await tx.insertJob(job);
    });
    const grouped = await open(1);
    const bump = (job: Job) => ({ ...job, progress: job.progress + 1, updatedAt: nextTime() });
    const version = (job: Job) => ({ status: job.status, updatedAt: job.updatedAt });
    const twice = (id: string) =>
      grouped.transaction(async (tx) => {
        const first = (await tx.getJob(id))!;
        const second = bump(first);
        await tx.updateJob(second, version(first));
        await tx.updateJob(bump(second), version(second));
        await tx.appendEvent(makeEvent({ context: { jobId: id } }));
      }, independent);
    const created = makeJob({ progress: 0 });
    const createAndUpdate = () =>
      grouped.transaction(async (tx) => {
        await tx.insertJob(created);
        await tx.updateJob(bump(created), version(created));
        await tx.appendEvent(makeEvent({ context: { jobId: created.id } }));
      }, independent);
    const sent = vi.spyOn(pg.Client.prototype, "query");
    try {
      await Promise.all([...jobs.map((job) => twice(job.id)), createWithEvent(grouped), createAndUpdate()]);
      // The first call alone; the commit of the other five's group writes their jobs in two statements.
      const commits = sent.mock.calls
        .map(([text]) => String(text))
        .filter((text) => text.includes("INSERT INTO jobs") && text.endsWith("COMMIT"));
      expect(commits).toHaveLength(1);
      const commit = commits[0]!;
      expect(commit.split("UPDATE jobs").length - 1).toBe(1);
      expect(commit.split("INSERT INTO jobs").length - 1).toBe(1);
    } finally {
      sent.mockRestore();
    }
    expect(await writers()).toBe(2);
    for (const job of jobs) expect((await grouped.getJob(job.id))!.progress).toBe(2);
    expect((await grouped.getJob(created.id))!.progress).toBe(1);
    expect((await grouped.readEventsAfter(0, 10)).map((event) => event.position)).toEqual(range(1, 6));
  });

  it("run each call in a transaction of its own when grouping is off", async () => {
    const alone = await open(0);
    await Promise.all(Array.from({ length: 4 }, () => createWithEvent(alone)));
    expect(await writers()).toBe(4);
  });

  it("run a second call on a job the group holds after the group, so both read-modify-writes count", async () => {
    const job = makeJob({ progress: 0 });
    await store.transaction((tx) => tx.insertJob(job));
    const grouped = await open(1);
    const increment = () =>
      grouped.transaction(async (tx) => {
        const current = (await tx.getJob(job.id))!;
        const next = { ...current, progress: current.progress + 1, updatedAt: nextTime() };
        const changed = await tx.updateJob(next, { status: current.status, updatedAt: current.updatedAt });
        await tx.appendEvent(makeEvent({ context: { jobId: job.id } }));
        return changed;
      }, independent);
    expect(await Promise.all(range(1, 5).map(increment))).toEqual([true, true, true, true, true]);
    expect((await grouped.getJob(job.id))!.progress).toBe(5);
    expect((await grouped.readEventsAfter(0, 10)).map((event) => event.position)).toEqual(range(1, 5));
  });

  it("drop a call whose work fails and commit the others of its group", async () => {
    const grouped = await open(1);
    const failing = () =>
      grouped.transaction(async (tx: StoreTx) => {
        await tx.insertJob(makeJob());
        await tx.appendEvent(makeEvent());
        throw new Error("the call's own failure");
      }, independent);
    const outcomes = await Promise.allSettled([
      createWithEvent(grouped),
      createWithEvent(grouped),
      failing(),
      createWithEvent(grouped),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    // The first call alone, then the other three in one group (the failing call's rows are gone).
    expect(await writers()).toBe(2);
    expect((await grouped.readEventsAfter(0, 10)).map((event) => event.position)).toEqual(range(1, 3));
  });

  it("run every call of a group again alone when a statement fails, and give the failing call its error", async () => {
    const grouped = await open(1);
    const failing = () =>
      grouped.transaction(async (tx) => {
        await tx.appendEvent(makeEvent());
        await tx.listJobs({ limit: -1, offset: 0, sortDirection: "asc" });
      }, independent);
    const outcomes = await Promise.allSettled([
      createWithEvent(grouped),
      createWithEvent(grouped),
      failing(),
      createWithEvent(grouped),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/LIMIT/);
    expect((await grouped.readEventsAfter(0, 10)).map((event) => event.position)).toEqual(range(1, 3));
  });

  it("run every call of a group again alone when its COMMIT fails", async () => {
    const existing = makeJob();
    await store.transaction((tx) => tx.insertJob(existing));
    const grouped = await open(1);
    const duplicate = () =>
      grouped.transaction(async (tx) => {
        await tx.insertJob(existing);
        await tx.appendEvent(makeEvent());
      }, independent);
    const outcomes = await Promise.allSettled([
      createWithEvent(grouped),
      createWithEvent(grouped),
      duplicate(),
      createWithEvent(grouped),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/duplicate key/);
    expect((await grouped.readEventsAfter(0, 10)).map((event) => event.position)).toEqual(range(1, 3));
  });
});
