import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Event } from "../../../core";
import { makeEvent } from "../store-fixtures";
import type { Store } from "../store";
import { PostgresStore } from "./postgres-store";
import { useTestDatabase } from "./use-test-database";

/**
 * Several instances on one schema: each `PostgresStore` below has its own pool and its own listening connection,
 * as separate server processes would.
 */
const database = useTestDatabase();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Every position a store's commit listeners received, in the order received. */
function collect(store: Store): number[] {
  const positions: number[] = [];
  store.onCommit((events: Event[]) => positions.push(...events.map((event) => event.position)));
  return positions;
}

describe("PostgreSQL instances sharing one log", () => {
  let first: Store;
  let schema: string;
  let cleanup: () => Promise<void>;
  const others: PostgresStore[] = [];

  const instance = async (
    notifications: { fallbackPollMs?: number; safetyPollMs?: number; reconnectMs?: number } = {},
  ) => {
    const store = await PostgresStore.open({ connectionString: database.url, schema, max: 3, notifications });
    others.push(store);
    return store;
  };

  beforeEach(async () => {
    ({ store: first, schema, cleanup } = await database.openStore());
  });

  afterEach(async () => {
    await Promise.all(others.splice(0).map((store) => store.close()));
    await cleanup();
  });

  it("every instance's listeners receive every commit of every instance, once and in position order", async () => {
    // No safety poll within the test's time: what arrives, arrives by NOTIFY.
    const second = await instance({ safetyPollMs: 600_000 });
    const third = await instance({ safetyPollMs: 600_000 });
    expect(second.listenState).toBe("listening");
    const heard = [first, second, third].map(collect);

    // Writers on two instances at once; the third only listens.
    const write = async (store: Store, count: number) => {
      for (let i = 0; i < count; i++) {
        await store.transaction(async (tx) => {
          for (let n = 0; n <= i % 3; n++) await tx.appendEvent(makeEvent());
        });
      }
    };
    await Promise.all([write(first, 60), write(second, 60)]);
    const total = await first.lastEventPosition();
    expect(total).toBe(2 * (20 * 1 + 20 * 2 + 20 * 3));
    await vi.waitFor(() => heard.forEach((positions) => expect(positions.length).toBe(total)), {
      timeout: 4_000,
    });
    for (const positions of heard) expect(positions).toEqual(range(1, total));
  });

  it("a commit resolves after its listeners heard it, even while another instance's events are being read", async () => {
    const second = await instance();
    const heard = collect(first);
    // Make the first instance's reads of the log slow, and note when one starts.
    let reading = false;
    const read = first.readEventsAfter.bind(first);
    first.readEventsAfter = async (position, limit) => {
      reading = true;
      await sleep(300);
      return read(position, limit);
    };
    await second.transaction(async (tx) => {
      await tx.appendEvent(makeEvent());
    });
    await vi.waitFor(() => expect(reading).toBe(true));
    // The notification of the second instance's event is being followed up by a read when this one commits.
    await first.transaction(async (tx) => {
      await tx.appendEvent(makeEvent());
    });
    expect(heard).toEqual([1, 2]);
  });

  it("falls back to reading the log while its listening connection is down, and listens again", async () => {
    const second = await instance({ fallbackPollMs: 50, reconnectMs: 300 });
    const heard = collect(second);
    const pid = second.listenerPid;
    expect(pid).toBeTypeOf("number");

    await first.transaction(async (tx) => {
      await tx.appendEvent(makeEvent());
    });
    await vi.waitFor(() => expect(heard).toEqual([1]));

    // End the listening backend, as a restarted proxy or a network blip would.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query("SELECT pg_terminate_backend($1)", [pid]);
    await client.end();
    await vi.waitFor(() => expect(second.listenState).toBe("polling"));

    // Commits while it is deaf still reach it, by polling.
    for (let i = 0; i < 5; i++)
      await first.transaction(async (tx) => {
        await tx.appendEvent(makeEvent());
      });
    await vi.waitFor(() => expect(heard).toEqual(range(1, 6)), { timeout: 5_000 });

    // It reconnects on its own, on a new backend, and notifications flow again.
    await vi.waitFor(() => expect(second.listenState).toBe("listening"), { timeout: 5_000 });
    expect(second.listenerPid).not.toBe(pid);
    await first.transaction(async (tx) => {
      await tx.appendEvent(makeEvent());
    });
    await vi.waitFor(() => expect(heard).toEqual(range(1, 7)));
  });

  it("gap safety: a writer that appends later but tries to commit first cannot let a reader skip an event", async () => {
    const second = await instance();
    const reader = await instance();
    const seen: number[] = [];
    let reading = true;
    // A reader that follows the log by position only, as a resumed stream does, polling as fast as it can.
    const follow = (async () => {
      let cursor = 0;
      while (reading) {
        const batch = await reader.readEventsAfter(cursor, 100);
        for (const event of batch) seen.push(event.position);
        cursor = batch.at(-1)?.position ?? cursor;
        if (batch.length === 0) await sleep(1);
      }
    })();

    // 1. Writer A appends first and holds its transaction open; writer B appends after it and is ready to commit
    //    at once. B's append waits for A's commit, so B cannot commit a position the reader would read past A's.
    const order: string[] = [];
    let releaseA!: () => void;
    const aHolds = new Promise<void>((resolve) => (releaseA = resolve));
    let aAppended!: () => void;
    const aHasAppended = new Promise<void>((resolve) => (aAppended = resolve));
    const a = first.transaction(async (tx) => {
      const event = await tx.appendEvent(makeEvent({ topic: "a" }));
      aAppended();
      await aHolds;
      order.push(`a commits ${event.position}`);
      return event.position;
    });
    await aHasAppended;
    const b = second.transaction(async (tx) => {
      const event = await tx.appendEvent(makeEvent({ topic: "b" }));
      order.push(`b commits ${event.position}`);
      return event.position;
    });
    await sleep(200);
    expect(order).toEqual([]);
    releaseA();
    const [positionA, positionB] = await Promise.all([a, b]);
    expect(positionB).toBe(positionA + 1);
    expect(order).toEqual([`a commits ${positionA}`, `b commits ${positionB}`]);

    // 2. Two writers racing with random pauses before and after their appends, many times over.
    const race = async (store: Store) => {
      for (let i = 0; i < 80; i++) {
        await store.transaction(async (tx) => {
          await sleep(Math.random() * 3);
          await tx.appendEvent(makeEvent());
          await sleep(Math.random() * 3);
          if (Math.random() < 0.5) await tx.appendEvent(makeEvent());
        });
      }
    };
    await Promise.all([race(first), race(second)]);
    const last = await first.lastEventPosition();
    await vi.waitFor(() => expect(seen.at(-1)).toBe(last), { timeout: 10_000 });
    reading = false;
    await follow;
    expect(seen).toEqual(range(1, last));
  });
});
