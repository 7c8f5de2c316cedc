import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ServiceDeps } from "../services/service-deps";
import { makeEvent } from "../store/store-fixtures";
import type { Store } from "../store/store";
import { runRetention } from "./retention";
import { EMBEDDED_ADAPTERS } from "../testing/embedded-stores";
import { TestClock, testDeps } from "../testing/test-clock";

const DAY = 24 * 3_600_000;
const day = (n: number, seconds = 0) => new Date(Date.UTC(2026, 2, n, 0, 0, seconds)).toISOString();

describe.each(EMBEDDED_ADAPTERS)("retention on %s", (_name, open) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let clock: TestClock;
  let deps: ServiceDeps;

  beforeEach(async () => {
    ({ store, cleanup } = await open());
    clock = new TestClock(day(10));
    deps = testDeps(store, clock);
  });

  afterEach(async () => {
    await cleanup();
  });

  /** `count` events on day `n`, one second apart. */
  const appendOn = (n: number, count: number) =>
    store.transaction(async (tx) => {
      for (let i = 0; i < count; i++) await tx.appendEvent(makeEvent({ createdAt: day(n, i) }));
    });

  /** The store, recording `label` for every transaction started through it. */
  const recording = (label: string, log: string[]): Store =>
    Object.create(store, {
      transaction: {
        value: (work: Parameters<Store["transaction"]>[0]) => {
          log.push(label);
          return store.transaction(work);
        },
      },
    }) as Store;

  it("deletes events older than the retention in batches, one transaction each, keeping the rest", async () => {
    await appendOn(1, 23);
    await appendOn(5, 4);
    const transactions: string[] = [];
    const report = await runRetention(
      { ...deps, store: recording("prune", transactions) },
      { retentionMs: 7 * DAY, batchSize: 5 },
    );
    expect(report).toEqual({ events: 23, scheduleSlots: 0 });
    // 5 + 5 + 5 + 5 + 3 events, then one pass over the (empty) slots.
    expect(transactions).toHaveLength(6);
    expect(await store.firstEventPosition()).toBe(24);
    expect((await store.readEventsAfter(0, 100)).map((e) => e.position)).toEqual([24, 25, 26, 27]);
  });

  it("keeps the newest event when the whole log is old, and positions go on from it", async () => {
    await appendOn(1, 3);
    expect(await runRetention(deps, { retentionMs: DAY })).toEqual({ events: 2, scheduleSlots: 0 });
    expect((await store.readEventsAfter(0, 10)).map((e) => e.position)).toEqual([3]);
    await appendOn(10, 1);
    expect(await store.lastEventPosition()).toBe(4);
  });

  it("lets other transactions run between batches", async () => {
    await appendOn(1, 20);
    const order: string[] = [];
    const pruning = runRetention(
      { ...deps, store: recording("prune", order) },
      { retentionMs: DAY, batchSize: 5 },
    );
    const writer = recording("write", order);
    const writing = (async () => {
      for (let i = 0; i < 3; i++)
        await writer.transaction((tx) => tx.appendEvent(makeEvent({ createdAt: day(10) })));
    })();
    await Promise.all([pruning, writing]);
    expect(order.indexOf("write")).toBeLessThan(order.lastIndexOf("prune"));
    expect(await store.lastEventPosition()).toBe(23);
    expect((await store.readEventsAfter(0, 100)).map((e) => e.position)).toEqual([21, 22, 23]);
  });

  it("prunes claims of schedule slots older than the retention", async () => {
    await store.transaction(async (tx) => {
      await tx.claimScheduleSlot("space:us_sp_1:refresh", day(1), "us_jb_1");
      await tx.claimScheduleSlot("space:us_sp_1:refresh", day(9), "us_jb_2");
    });
    expect(await runRetention(deps, { retentionMs: 7 * DAY })).toEqual({ events: 0, scheduleSlots: 1 });
    expect(await store.transaction((tx) => tx.claimScheduleSlot("space:us_sp_1:refresh", day(9), "x"))).toBe(
      false,
    );
  });
});
