import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ListenerAnnouncement, Principal } from "../../core";
import { openPostgresStore } from "../store/postgres/postgres-store";
import { useTestDatabase } from "../store/postgres/use-test-database";
import type { Store } from "../store/store";
import { TestClock, testDeps } from "../testing/test-clock";
import { ListenerPresenceTracker } from "./listener-presence";
import { sweepListeners } from "./sweep-listeners";

/*
 * Two API instances sharing one PostgreSQL schema, each with its own store (pool) and presence tracker: a listener
 * is listed by both whichever holds its stream, moves between them without a disconnect, and is disconnected once
 * when the instance holding it stops.
 */

const database = useTestDatabase();
const operator: Principal = { kind: "operator", subject: "ops" };
const GRACE_MS = 100;

let stores: Store[];
let trackers: ListenerPresenceTracker[];
let clock: TestClock;
let cleanup: () => Promise<void>;

const announcement = (id: string): ListenerAnnouncement => ({
  id,
  name: "exporter",
  handles: [{ topics: ["job:ready"], filters: [{ job: "workbook:export" }] }],
  concurrency: 2,
});

beforeEach(async () => {
  const first = await database.openStore();
  const second = await openPostgresStore({ connectionString: database.url, schema: first.schema, max: 4 });
  stores = [first.store, second];
  clock = new TestClock("2026-03-04T10:00:00.000Z");
  trackers = stores.map(
    (store, i) =>
      new ListenerPresenceTracker(testDeps(store, clock), {
        instanceId: `instance-${i}`,
        graceMs: GRACE_MS,
        heartbeatMs: 20,
      }),
  );
  cleanup = async () => {
    for (const tracker of trackers) tracker.stop();
    await second.close();
    await first.cleanup();
  };
});

afterEach(async () => {
  await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function presenceEvents(store: Store): Promise<[string, string, string | undefined][]> {
  const events = await store.readEventsAfter(0, 1_000);
  return events
    .filter((e) => e.domain === "listener")
    .map((e) => {
      const payload = e.payload as { listener: { id: string }; reason?: string };
      return [e.topic, payload.listener.id, payload.reason];
    });
}

describe("listener presence on two PostgreSQL instances", () => {
  it("lists a listener on every instance and keeps one presence when it moves from one to the other", async () => {
    const leaveFirst = await trackers[0]!.opened(announcement("lst_a"));
    for (const tracker of trackers) {
      const listed = await tracker.list({}, operator);
      expect(listed.map((l) => [l.id, l.status, l.instance])).toEqual([["lst_a", "connected", "instance-0"]]);
    }
    // Its stream drops from the first instance and comes back through the second within the grace.
    leaveFirst();
    await trackers[1]!.opened(announcement("lst_a"));
    await sleep(GRACE_MS * 3);
    const listed = await trackers[0]!.list({}, operator);
    expect(listed.map((l) => [l.id, l.status, l.instance])).toEqual([["lst_a", "connected", "instance-1"]]);
    expect(await presenceEvents(stores[0]!)).toEqual([["listener:connected", "lst_a", undefined]]);
  });

  it("disconnects the listeners of an instance that stopped exactly once, and keeps those refreshed", async () => {
    await trackers[0]!.opened(announcement("lst_gone"));
    await trackers[1]!.opened(announcement("lst_alive"));
    // The first instance dies: no more heartbeats from it, and no disconnect either.
    trackers[0]!.stop();
    clock.advance(31_000);
    // The second instance's heartbeat refreshes its own listener at the new time.
    await vi.waitFor(async () => {
      const [alive] = (await stores[1]!.listListeners({})).filter((l) => l.id === "lst_alive");
      expect(alive?.lastSeenAt).toBe(clock.now().toISOString());
    });
    const sweeps = await Promise.all(
      [...stores, ...stores].map((store) => sweepListeners(testDeps(store, clock))),
    );
    expect(sweeps.reduce((sum, n) => sum + n, 0)).toBe(1);
    const listed = await trackers[1]!.list({ includeDisconnected: true }, operator);
    // Both connected at the same time: ordered by id.
    expect(listed.map((l) => [l.id, l.status])).toEqual([
      ["lst_alive", "connected"],
      ["lst_gone", "disconnected"],
    ]);
    expect(await presenceEvents(stores[1]!)).toEqual([
      ["listener:connected", "lst_gone", undefined],
      ["listener:connected", "lst_alive", undefined],
      ["listener:disconnected", "lst_gone", "heartbeat-stopped"],
    ]);
  });

  it("counts the jobs a listener finished through either instance", async () => {
    await trackers[0]!.opened(announcement("lst_busy"));
    trackers[0]!.jobFinished("lst_busy");
    trackers[1]!.jobFinished("lst_busy");
    trackers[1]!.jobFinished("lst_busy");
    await trackers[1]!.flush();
    const [listed] = await trackers[0]!.list({}, operator);
    expect(listed?.jobsHandled).toBe(3);
  });
});
