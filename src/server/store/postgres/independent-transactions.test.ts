import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Event } from "../../../core";
import { makeEvent, makeJob, nextTime } from "../store-fixtures";
import type { Store, StoreTx } from "../store";
import { PostgresStore } from "./postgres-store";
import { useTestDatabase } from "./use-test-database";

const database = useTestDatabase();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const independent = { independent: true };

function collect(store: Store): number[] {
  const positions: number[] = [];
  store.onCommit((events: Event[]) => positions.push(...events.map((event) => event.position)));
  return positions;
}

describe("PostgreSQL independent transactions", () => {
  let store: Store;
  let schema: string;
  let cleanup: () => Promise<void>;
  const others: PostgresStore[] = [];

  beforeEach(async () => {
    ({ store, schema, cleanup } = await database.openStore());
  });

  afterEach(async () => {
    await Promise.all(others.splice(0).map((other) => other.close()));
    await cleanup();
  });

  it("run side by side: two that each wait for the other to begin both commit", async () => {
    let begun = 0;
    const meet = () =>
      store.transaction(async (tx) => {
        begun++;
        for (let waited = 0; begun < 2; waited += 5) {
          if (waited > 2_000) throw new Error("ran alone");
          await sleep(5);
        }
        await tx.insertJob(makeJob());
        return tx.appendEvent(makeEvent());
      }, independent);
    const events = await Promise.all([meet(), meet()]);
    expect(events.map((event) => event.position).sort()).toEqual([1, 2]);
  });

  it("never run beside an ordinary transaction of the same instance", async () => {
    const log: string[] = [];
    const step = (name: string, isIndependent: boolean) =>
      store.transaction(
        async (tx) => {
          log.push(`start ${name}`);
          await tx.appendEvent(makeEvent());
          await sleep(20);
          log.push(`end ${name}`);
        },
        { independent: isIndependent },
      );
    await Promise.all([step("a", true), step("x", false), step("b", true)]);
    expect(log).toEqual(["start a", "end a", "start x", "end x", "start b", "end b"]);
    expect((await store.readEventsAfter(0, 10)).map((event) => event.position)).toEqual([1, 2, 3]);
  });

  it("of two instances, keep the log dense and every listener's order, while each instance runs many at once", async () => {
    const second = await PostgresStore.open({
      connectionString: database.url,
      schema,
      max: 6,
      notifications: { safetyPollMs: 600_000 },
    });
    others.push(second);
    const heard = [store, second].map(collect);
    const writes = (on: Store, count: number) =>
      Array.from({ length: count }, (_, i) =>
        on.transaction(async (tx) => {
          const job = makeJob();
          await tx.insertJob(job);
          for (let n = 0; n <= i % 3; n++) await tx.appendEvent(makeEvent({ context: { jobId: job.id } }));
          if (i % 7 === 3) throw new Error("rolled back");
          return job.id;
        }, independent),
      );
    const outcomes = await Promise.allSettled([...writes(store, 60), ...writes(second, 60)]);
    expect(outcomes.filter((outcome) => outcome.status === "rejected")).toHaveLength(2 * 9);
    const total = await store.lastEventPosition();
    expect((await store.readEventsAfter(0, 1_000)).map((event) => event.position)).toEqual(range(1, total));
    for (const positions of heard) {
      await expect.poll(() => positions.length, { timeout: 4_000 }).toBe(total);
      expect(positions).toEqual(range(1, total));
    }
  });

  it("give appended events their positions before the transaction reads the log, and at commit otherwise", async () => {
    await store.transaction((tx) => tx.appendEvent(makeEvent()));
    const [read, unread] = await store.transaction(async (tx) => {
      const first = await tx.appendEvent(makeEvent());
      expect(await tx.lastEventPosition()).toBe(2);
      expect(first.position).toBe(2);
      expect(await tx.getEvent(first.id)).toEqual(first);
      return [first, await tx.appendEvent(makeEvent())];
    }, independent);
    expect([read!.position, unread!.position]).toEqual([2, 3]);
    expect(await store.readEventsAfter(0, 10)).toEqual([
      expect.objectContaining({ position: 1 }),
      read,
      unread,
    ]);
  });

  it("store events whose text holds quotes and backslashes as given, and refuse a NUL character whole", async () => {
    const event = makeEvent({ payload: { text: "it's a \\'; DROP TABLE events; -- \\\\ done" } });
    const [stored] = await Promise.all([store.transaction((tx) => tx.appendEvent(event), independent)]);
    expect(await store.getEvent(event.id)).toEqual({ ...event, position: 1 });
    expect(stored).toEqual({ ...event, position: 1 });
    const refused = makeEvent({ topic: "job:\0" });
    await expect(store.transaction((tx) => tx.appendEvent(refused), independent)).rejects.toThrow();
    expect(await store.getEvent(refused.id)).toBeUndefined();
    expect(await store.lastEventPosition()).toBe(1);
  });

  it("lock the job a transaction reads, so a second instance's read-modify-write waits for the first", async () => {
    const job = makeJob({ progress: 0 });
    await store.transaction((tx) => tx.insertJob(job));
    const second = await PostgresStore.open({ connectionString: database.url, schema, max: 3 });
    others.push(second);
    const increment = (on: Store) =>
      on.transaction(async (tx) => {
        const current = (await tx.getJob(job.id))!;
        await sleep(30);
        const next = { ...current, progress: current.progress + 1, updatedAt: nextTime() };
        return tx.updateJob(next, { status: current.status, updatedAt: current.updatedAt });
      }, independent);
    expect(await Promise.all([increment(store), increment(second)])).toEqual([true, true]);
    expect((await store.getJob(job.id))!.progress).toBe(2);
  });

  it("run again when chosen as a deadlock's victim: two that lock two jobs in opposite order both succeed", async () => {
    const [a, b] = [makeJob({ progress: 0 }), makeJob({ progress: 0 })];
    await store.transaction(async (tx) => {
      await tx.insertJob(a!);
      await tx.insertJob(b!);
    });
    let attempts = 0;
    let locked = 0;
    const bump = async (tx: StoreTx, id: string) => {
      const current = (await tx.getJob(id))!;
      const next = { ...current, progress: current.progress + 1, updatedAt: nextTime() };
      return tx.updateJob(next, { status: current.status, updatedAt: current.updatedAt });
    };
    const both = (first: string, second: string) =>
      store.transaction(async (tx) => {
        attempts++;
        const bumped = [await bump(tx, first)];
        // The first attempts meet with one row locked each, then each asks for the other's.
        for (locked++; locked < 2;) await sleep(5);
        bumped.push(await bump(tx, second));
        await tx.appendEvent(makeEvent({ context: { jobId: first } }));
        return bumped;
      }, independent);
    expect(await Promise.all([both(a!.id, b!.id), both(b!.id, a!.id)])).toEqual([
      [true, true],
      [true, true],
    ]);
    expect(attempts).toBe(3);
    expect((await store.getJob(a!.id))!.progress).toBe(2);
    expect((await store.getJob(b!.id))!.progress).toBe(2);
    expect((await store.readEventsAfter(0, 10)).map((event) => event.position)).toEqual([1, 2]);
  });

  it("give up on a deadlock or serialization failure after a few attempts, and do not retry other errors", async () => {
    const failing = (code: string) => {
      let attempts = 0;
      const done = store.transaction(async (tx) => {
        attempts++;
        await tx.appendEvent(makeEvent());
        throw Object.assign(new Error(`failed with ${code}`), { code });
      }, independent);
      return done.then(
        () => attempts,
        (error: Error) => `${error.message} after ${attempts}`,
      );
    };
    expect(await failing("40001")).toBe("failed with 40001 after 4");
    expect(await failing("23505")).toBe("failed with 23505 after 1");
    const ordinary = store.transaction(async () => {
      throw Object.assign(new Error("deadlock"), { code: "40P01" });
    });
    await expect(ordinary).rejects.toThrow("deadlock");
    expect(await store.lastEventPosition()).toBe(0);
  });

  it("make a job call two messages: BEGIN with the locking read, then the update, the events and COMMIT", async () => {
    const job = makeJob({ progress: 0 });
    await store.transaction((tx) => tx.insertJob(job));
    const sent: string[] = [];
    const original = pg.Client.prototype.query;
    const query = vi.spyOn(pg.Client.prototype, "query").mockImplementation(function (
      this: pg.Client,
      ...args: unknown[]
    ) {
      const [config] = args as [string | { text: string }];
      sent.push(typeof config === "string" ? config : config.text);
      return (original as (...rest: unknown[]) => never).apply(this, args);
    });
    try {
      const event = await store.transaction(async (tx) => {
        const current = (await tx.getJob(job.id))!;
        const next = { ...current, progress: 1, updatedAt: nextTime() };
        expect(await tx.updateJob(next, { status: current.status, updatedAt: current.updatedAt })).toBe(true);
        return tx.appendEvent(makeEvent({ context: { jobId: job.id } }));
      }, independent);
      expect(event.position).toBe(1);
    } finally {
      query.mockRestore();
    }
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^BEGIN; SELECT id, data FROM jobs/);
    expect(sent[1]).toMatch(/UPDATE jobs[\s\S]*INSERT INTO events[\s\S]*COMMIT$/);
    expect((await store.getJob(job.id))!.progress).toBe(1);
  });

  it("send a held job's update before the transaction's next statement, which then sees it", async () => {
    const job = makeJob({ status: "ready", progress: 0 });
    await store.transaction((tx) => tx.insertJob(job));
    const seen = await store.transaction(async (tx) => {
      const current = (await tx.getJob(job.id))!;
      const next = { ...current, status: "executing" as const, progress: 1, updatedAt: nextTime() };
      await tx.updateJob(next, { status: current.status, updatedAt: current.updatedAt });
      const again = (await tx.getJob(job.id))!;
      const later = { ...again, progress: 2, updatedAt: nextTime() };
      await tx.updateJob(later, { status: again.status, updatedAt: again.updatedAt });
      const stale = await tx.updateJob(
        { ...later, progress: 9 },
        { status: "ready", updatedAt: job.updatedAt },
      );
      return {
        again,
        stale,
        listed: (await tx.listJobs({ status: "executing", sortDirection: "asc", limit: 10, offset: 0 }))
          .items,
      };
    }, independent);
    expect(seen.again).toMatchObject({ status: "executing", progress: 1 });
    expect(seen.stale).toBe(false);
    expect(seen.listed).toEqual([expect.objectContaining({ id: job.id, progress: 2 })]);
    expect(await store.getJob(job.id)).toMatchObject({ status: "executing", progress: 2 });
  });
});
