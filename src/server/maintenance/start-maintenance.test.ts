import { describe, expect, it, vi } from "vitest";
import type { Action } from "../../core";
import { MemoryStore } from "../store/memory-store";
import { makeSpace } from "../store/store-fixtures";
import type { Store } from "../store/store";
import { startMaintenance, type MaintenanceDuty } from "./start-maintenance";
import { TestClock, testDeps } from "../testing/test-clock";
import { JobService } from "../services/job-service";

const refresh: Action = { operation: "refresh", label: "Refresh", schedule: "hourly" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A memory store whose `listScheduledActionSources` (the scheduler's first read) runs `hook` first. */
function storeWith(hook: () => Promise<void>): Store {
  const store = new MemoryStore();
  const list = store.listScheduledActionSources.bind(store);
  return Object.assign(store, {
    listScheduledActionSources: async () => {
      await hook();
      return list();
    },
  });
}

describe("startMaintenance", () => {
  it("runs the duties at once and again every interval", async () => {
    let passes = 0;
    const store = storeWith(async () => void passes++);
    await store.transaction((tx) => tx.insertSpace(makeSpace({ actions: [refresh] })));
    const maintenance = startMaintenance(testDeps(store, new TestClock("2026-03-04T10:20:00.000Z")), {
      intervalMs: 5,
    });
    await vi.waitFor(() => expect(passes).toBeGreaterThanOrEqual(3));
    await maintenance.stop();
    const { items } = await store.listJobs({ sortDirection: "asc", limit: 10, offset: 0 });
    expect(items.map((job) => job.status)).toEqual(["scheduled"]);
  });

  it("never overlaps passes, even when one takes longer than the interval", async () => {
    let running = 0;
    let most = 0;
    let passes = 0;
    const store = storeWith(async () => {
      running++;
      most = Math.max(most, running);
      await sleep(20);
      running--;
      passes++;
    });
    const maintenance = startMaintenance(testDeps(store, new TestClock("2026-03-04T10:20:00.000Z")), {
      intervalMs: 1,
    });
    await vi.waitFor(() => expect(passes).toBeGreaterThanOrEqual(3));
    await maintenance.stop();
    expect(most).toBe(1);
  });

  it("reports a failing duty, goes on with the others, and retries it on the next pass", async () => {
    let calls = 0;
    const store = storeWith(async () => {
      calls++;
      if (calls === 1) throw new Error("database away");
    });
    await store.transaction((tx) => tx.insertSpace(makeSpace({ actions: [refresh] })));
    const errors: [string, MaintenanceDuty][] = [];
    const maintenance = startMaintenance(testDeps(store, new TestClock("2026-03-04T10:20:00.000Z")), {
      intervalMs: 5,
      onError: (error, duty) => errors.push([(error as Error).message, duty]),
    });
    await vi.waitFor(async () =>
      expect((await store.listJobs({ sortDirection: "asc", limit: 10, offset: 0 })).total).toBe(1),
    );
    await maintenance.stop();
    expect(errors).toEqual([["database away", "scheduler"]]);
  });

  it("stop waits for the pass that is running, and no pass starts after it", async () => {
    let release: () => void = () => undefined;
    let started = 0;
    const store = storeWith(async () => {
      started++;
      await new Promise<void>((resolve) => (release = resolve));
    });
    const maintenance = startMaintenance(testDeps(store, new TestClock("2026-03-04T10:20:00.000Z")), {
      intervalMs: 1,
    });
    await vi.waitFor(() => expect(started).toBe(1));
    let stopped = false;
    const stopping = maintenance.stop().then(() => (stopped = true));
    await sleep(20);
    expect(stopped).toBe(false);
    release();
    await stopping;
    await sleep(20);
    expect(started).toBe(1);
  });

  it("brings the next pass forward to a failed attempt's retry, well before the interval", async () => {
    const store = new MemoryStore();
    const space = makeSpace();
    await store.transaction((tx) => tx.insertSpace(space));
    const deps = { ...testDeps(store, new TestClock("2026-03-04T10:20:00.000Z")), now: () => new Date() };
    const jobs = new JobService(deps);
    const secret = { kind: "secret", subject: "secret-key" } as const;
    const job = await jobs.create(
      {
        type: "space",
        operation: "sync",
        source: space.id,
        trigger: "immediate",
        retry: { attempts: 2, backoff: { type: "fixed", delaySeconds: 1 } },
      },
      secret,
    );
    const maintenance = startMaintenance(deps, { intervalMs: 60_000 });
    try {
      // The first pass has run (and found nothing due) before the attempt fails.
      await sleep(50);
      await jobs.run(job.id, { type: "fail", details: {} }, secret);
      expect((await store.getJob(job.id))?.status).toBe("scheduled");
      await vi.waitFor(async () => expect((await store.getJob(job.id))?.status).toBe("ready"), {
        timeout: 5_000,
      });
      expect((await store.getJob(job.id))?.attempt).toBe(2);
    } finally {
      await maintenance.stop();
    }
  });
});
