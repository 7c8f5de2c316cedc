import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ServiceDeps } from "../services/service-deps";
import { makeJob } from "../store/store-fixtures";
import type { Store } from "../store/store";
import { EMBEDDED_ADAPTERS } from "../testing/embedded-stores";
import { TestClock, testDeps } from "../testing/test-clock";
import { describeDuration, runWatchdog } from "./watchdog";

const OPTIONS = { readyTimeoutMs: 10 * 60_000, leaseMs: 5 * 60_000 };
const START = "2026-03-04T10:00:00.000Z";

describe("describeDuration", () => {
  it("says a limit in plain words", () => {
    expect(describeDuration(600_000)).toBe("10 minutes");
    expect(describeDuration(60_000)).toBe("1 minute");
    expect(describeDuration(7_200_000)).toBe("2 hours");
    expect(describeDuration(90_000)).toBe("90 seconds");
  });
});

describe.each(EMBEDDED_ADAPTERS)("watchdog on %s", (_name, open) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let clock: TestClock;
  let deps: ServiceDeps;

  beforeEach(async () => {
    ({ store, cleanup } = await open());
    clock = new TestClock(START);
    deps = testDeps(store, clock);
  });

  afterEach(async () => {
    await cleanup();
  });

  const insert = async (status: "ready" | "executing", updatedAt: string) => {
    const job = makeJob({ status, environmentId: deps.environmentId, createdAt: START, updatedAt });
    await store.transaction((tx) => tx.insertJob(job));
    return job;
  };

  it("fails a ready job past the ready timeout and an executing job past the lease, once, saying why", async () => {
    const ready = await insert("ready", START);
    const executing = await insert("executing", START);
    clock.set("2026-03-04T10:05:00.000Z");
    // At exactly the lease the executing job is not yet late; the ready job has 5 more minutes.
    expect(await runWatchdog(deps, OPTIONS)).toBe(0);
    clock.set("2026-03-04T10:06:00.000Z");
    expect(await runWatchdog(deps, OPTIONS)).toBe(1);
    expect(await store.getJob(executing.id)).toMatchObject({
      status: "failed",
      finishedAt: "2026-03-04T10:06:00.000Z",
      outcome: {
        heading: "Timed out",
        message: "The listener running this job sent no progress for 5 minutes; it may have stopped.",
      },
    });
    clock.set("2026-03-04T10:10:00.001Z");
    expect(await runWatchdog(deps, OPTIONS)).toBe(1);
    expect((await store.getJob(ready.id))?.outcome?.message).toBe(
      "No listener acknowledged this job within 10 minutes of it becoming ready.",
    );
    expect(await runWatchdog(deps, OPTIONS)).toBe(0);
    const failed = (await store.readEventsAfter(0, 100)).filter((e) => e.topic === "job:failed");
    expect(failed.map((e) => [e.context.jobId, e.context.actorId, e.payload.status])).toEqual([
      [executing.id, "system:watchdog", "failed"],
      [ready.id, "system:watchdog", "failed"],
    ]);
  });

  it("leaves a job with a fresh update, and jobs in other statuses, alone", async () => {
    const fresh = await insert("executing", "2026-03-04T10:59:00.000Z");
    const waiting = makeJob({ status: "scheduled", environmentId: deps.environmentId, updatedAt: START });
    await store.transaction((tx) => tx.insertJob(waiting));
    clock.set("2026-03-04T11:00:00.000Z");
    expect(await runWatchdog(deps, OPTIONS)).toBe(0);
    expect((await store.getJob(fresh.id))?.status).toBe("executing");
    expect((await store.getJob(waiting.id))?.status).toBe("scheduled");
  });
});
