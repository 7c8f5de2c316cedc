import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Action, Event, Job } from "../../core";
import { makeEvent, makeJob, makeSpace, makeWorkbook } from "../store/store-fixtures";
import { openPostgresStore } from "../store/postgres/postgres-store";
import { useTestDatabase } from "../store/postgres/use-test-database";
import type { Store } from "../store/store";
import { TestClock, testDeps } from "../testing/test-clock";
import { runRetention } from "./retention";
import { runScheduler } from "./scheduler";
import { runWatchdog } from "./watchdog";

/*
 * Three API instances sharing one PostgreSQL schema, each with its own store (pool) and its own clock, run the
 * duties at the same moments: every slot and every stuck job must still be handled exactly once.
 */

const HOUR = 3_600_000;
const INSTANCES = 3;

const database = useTestDatabase();

let stores: Store[];
let cleanup: () => Promise<void>;

beforeEach(async () => {
  const first = await database.openStore();
  const others = await Promise.all(
    Array.from({ length: INSTANCES - 1 }, () =>
      openPostgresStore({ connectionString: database.url, schema: first.schema, max: 4 }),
    ),
  );
  stores = [first.store, ...others];
  cleanup = async () => {
    await Promise.all(others.map((store) => store.close()));
    await first.cleanup();
  };
});

afterEach(async () => {
  await cleanup();
});

/** Waits 0-`ms` ms, so the instances start their passes in a different order each time. */
const jitterDelay = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * ms));

async function everything(store: Store): Promise<{ jobs: Job[]; events: Event[] }> {
  const { items: jobs } = await store.listJobs({ sortDirection: "asc", limit: 10_000, offset: 0 });
  return { jobs, events: await store.readEventsAfter(0, 100_000) };
}

describe("scheduler on three PostgreSQL instances", () => {
  it("creates and starts the job of each of 50 hourly slots exactly once", async () => {
    const refresh: Action = { operation: "refresh", label: "Refresh", schedule: "hourly" };
    const clocks = stores.map(() => new TestClock("2026-03-04T09:30:00.000Z"));
    const deps = stores.map((store, i) => testDeps(store, clocks[i]!));
    const space = makeSpace({ environmentId: deps[0]!.environmentId, actions: [refresh] });
    const workbook = makeWorkbook({
      spaceId: space.id,
      environmentId: space.environmentId,
      actions: [refresh],
    });
    await stores[0]!.transaction(async (tx) => {
      await tx.insertSpace(space);
      await tx.insertWorkbook(workbook);
    });

    const first = Date.parse("2026-03-04T10:00:00.000Z");
    const tickAll = () =>
      Promise.all(
        deps.map(async (d) => {
          await jitterDelay(5);
          return runScheduler(d);
        }),
      );
    const reports = await tickAll();
    for (let slot = 0; slot < 50; slot++) {
      clocks.forEach((clock, i) => {
        // Instance 0 is always past the slot; the others may lag up to 2 s behind it or run up to 30 s ahead.
        const skew = i === 0 ? Math.random() * 30_000 : Math.random() * 32_000 - 2_000;
        clock.set(new Date(first + slot * HOUR + skew).toISOString());
      });
      reports.push(...(await tickAll()));
    }

    const { jobs, events } = await everything(stores[0]!);
    const slots = new Map<string, Job[]>();
    for (const job of jobs) {
      const key = `${job.type}:${job.source} ${String(job.metadata.scheduledFor)}`;
      slots.set(key, [...(slots.get(key) ?? []), job]);
    }
    // 51 slots per action: the 50 that came, and the next one, prepared.
    expect(jobs).toHaveLength(2 * 51);
    expect([...slots.values()].every((same) => same.length === 1)).toBe(true);
    const topics = (jobId: string, topic: string) =>
      events.filter((e) => e.context.jobId === jobId && e.topic === topic).length;
    for (const job of jobs) {
      const came = String(job.metadata.scheduledFor) < new Date(first + 50 * HOUR).toISOString();
      expect(topics(job.id, "job:created")).toBe(1);
      expect(topics(job.id, "job:scheduled")).toBe(1);
      expect(topics(job.id, "job:ready")).toBe(came ? 1 : 0);
      expect(job.status).toBe(came ? "ready" : "scheduled");
    }
    const totals = reports.reduce(
      (sum, r) => ({ started: sum.started + r.started, created: sum.created + r.created }),
      { started: 0, created: 0 },
    );
    expect(totals).toEqual({ started: 2 * 50, created: 2 * 51 });
  }, 120_000);
});

describe("watchdog on three PostgreSQL instances", () => {
  it("fails each stuck job exactly once and leaves a job with a fresh update alone", async () => {
    const start = "2026-03-04T10:00:00.000Z";
    const clock = new TestClock("2026-03-04T10:11:00.000Z");
    const deps = stores.map((store) => testDeps(store, clock));
    const environmentId = deps[0]!.environmentId;
    const stuckReady = makeJob({ status: "ready", environmentId, createdAt: start, updatedAt: start });
    const stuckExecuting = makeJob({
      status: "executing",
      environmentId,
      createdAt: start,
      updatedAt: start,
    });
    const fresh = makeJob({
      status: "executing",
      environmentId,
      createdAt: start,
      updatedAt: "2026-03-04T10:09:00.000Z",
    });
    await stores[0]!.transaction(async (tx) => {
      for (const job of [stuckReady, stuckExecuting, fresh]) await tx.insertJob(job);
    });

    const options = { readyTimeoutMs: 10 * 60_000, leaseMs: 5 * 60_000 };
    const failed: number[] = [];
    for (let round = 0; round < 3; round++) {
      failed.push(
        ...(await Promise.all(
          deps.map(async (d) => {
            await jitterDelay(3);
            return runWatchdog(d, options);
          }),
        )),
      );
    }
    expect(failed.reduce((a, b) => a + b, 0)).toBe(2);

    const { jobs, events } = await everything(stores[0]!);
    const byId = new Map(jobs.map((job) => [job.id, job]));
    expect(byId.get(stuckReady.id)).toMatchObject({
      status: "failed",
      outcome: {
        heading: "Timed out",
        message: "No listener acknowledged this job within 10 minutes of it becoming ready.",
      },
    });
    expect(byId.get(stuckExecuting.id)).toMatchObject({
      status: "failed",
      outcome: {
        heading: "Timed out",
        message: "The listener running this job sent no progress for 5 minutes; it may have stopped.",
      },
    });
    expect(byId.get(fresh.id)).toEqual(fresh);
    const failedEvents = events.filter((e) => e.topic === "job:failed");
    expect(failedEvents.map((e) => e.context.jobId).sort()).toEqual(
      [stuckReady.id, stuckExecuting.id].sort(),
    );
    expect(failedEvents.every((e) => e.context.actorId === "system:watchdog")).toBe(true);
    expect(events).toHaveLength(2);
  });
});

describe("retention on three PostgreSQL instances", () => {
  it("prunes the old log once between them while new events keep their growing positions", async () => {
    const old = "2026-03-01T00:00:00.000Z";
    await stores[0]!.transaction(async (tx) => {
      for (let i = 0; i < 120; i++) await tx.appendEvent(makeEvent({ createdAt: old }));
    });
    const clock = new TestClock("2026-03-10T00:00:00.000Z");
    const pruning = stores.map((store) =>
      runRetention(testDeps(store, clock), { retentionMs: 7 * 24 * HOUR, batchSize: 7 }),
    );
    const appended = stores.map((store) =>
      store.transaction((tx) => tx.appendEvent(makeEvent({ createdAt: clock.now().toISOString() }))),
    );
    const reports = await Promise.all(pruning);
    const fresh = await Promise.all(appended);
    expect(fresh.map((e) => e.position).sort((a, b) => a - b)).toEqual([121, 122, 123]);
    const pruned = reports.reduce((sum, r) => sum + r.events, 0);
    const left = await stores[1]!.readEventsAfter(0, 1_000);
    // Every old event is gone once, except the newest old one when it was the log's newest at a prune.
    expect(pruned + left.filter((e) => e.createdAt === old).length).toBe(120);
    expect(left.filter((e) => e.createdAt !== old).map((e) => e.position)).toEqual([121, 122, 123]);
    expect(await stores[2]!.firstEventPosition()).toBe(left[0]!.position);
  });
});

describe("automatic retries on three PostgreSQL instances", () => {
  it("starts each job's next attempt exactly once", async () => {
    const clock = new TestClock("2026-03-04T10:00:30.000Z");
    const deps = stores.map((store) => testDeps(store, clock));
    const environmentId = deps[0]!.environmentId;
    const waiting = Array.from({ length: 30 }, (_, i) =>
      makeJob({
        status: "scheduled",
        environmentId,
        retry: { attempts: 3, backoff: { type: "fixed", delaySeconds: 30 } },
        attempt: 2,
        maxAttempts: 3,
        // A third of them are not due yet.
        nextAttemptAt: i % 3 === 0 ? "2026-03-04T10:01:00.000Z" : "2026-03-04T10:00:30.000Z",
        createdAt: "2026-03-04T10:00:00.000Z",
        updatedAt: "2026-03-04T10:00:00.000Z",
      }),
    );
    await stores[0]!.transaction(async (tx) => {
      for (const job of waiting) await tx.insertJob(job);
    });

    const retried: number[] = [];
    for (let round = 0; round < 3; round++) {
      const reports = await Promise.all(
        deps.map(async (d) => {
          await jitterDelay(3);
          return runScheduler(d);
        }),
      );
      retried.push(...reports.map((r) => r.retried));
    }
    expect(retried.reduce((a, b) => a + b, 0)).toBe(20);

    const { jobs, events } = await everything(stores[0]!);
    const ready = events.filter((e) => e.topic === "job:ready");
    expect(ready).toHaveLength(20);
    expect(new Set(ready.map((e) => e.context.jobId)).size).toBe(20);
    expect(ready.every((e) => e.payload.attempt === 2)).toBe(true);
    expect(jobs.filter((job) => job.status === "ready")).toHaveLength(20);
    expect(jobs.filter((job) => job.status === "scheduled" && job.nextAttemptAt)).toHaveLength(10);
  });
});
