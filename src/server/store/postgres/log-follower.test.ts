import { describe, expect, it } from "vitest";
import type { Event } from "../../../core";
import { LogFollower } from "./log-follower";

const event = (position: number) => ({ position, id: `e${position}` }) as Event;

/** A follower over an in-memory log of `logLength` events. */
function setup(logLength: number, start = 0, listening = true) {
  const log = Array.from({ length: logLength }, (_, i) => event(i + 1));
  const emitted: number[] = [];
  const reads: number[] = [];
  const follower = new LogFollower({
    readAfter: async (position, limit) => {
      reads.push(position);
      await Promise.resolve();
      return log.slice(position, position + limit);
    },
    emit: (events) => emitted.push(...events.map((e) => e.position)),
    hasListeners: () => listening,
    start,
    batchSize: 2,
  });
  return { log, emitted, reads, follower };
}

describe("LogFollower", () => {
  it("hands its own next commit on from memory, without reading the log", async () => {
    const { emitted, reads, follower } = setup(3);
    follower.committed([event(1), event(2), event(3)]);
    await follower.settled();
    expect(emitted).toEqual([1, 2, 3]);
    expect(reads).toEqual([]);
  });

  it("reads another instance's events from the log before its own later ones, in batches", async () => {
    const { emitted, reads, follower } = setup(6);
    follower.reached(4);
    follower.committed([event(5), event(6)]);
    await follower.settled();
    expect(emitted).toEqual([1, 2, 3, 4, 5, 6]);
    expect(reads).toEqual([0, 2]);
  });

  it("ignores news it already has and positions behind its cursor", async () => {
    const { emitted, follower } = setup(4, 2);
    follower.reached(1);
    follower.committed([event(2)]);
    follower.reached(4);
    follower.reached(3);
    await follower.settled();
    expect(emitted).toEqual([3, 4]);
  });

  it("moves its cursor without reading while nobody listens", async () => {
    const { emitted, reads, follower } = setup(5, 0, false);
    follower.reached(5);
    await follower.settled();
    expect(follower.cursor).toBe(5);
    expect(emitted).toEqual([]);
    expect(reads).toEqual([]);
  });

  it("until(position) resolves once the listeners heard that position, even behind a log read in flight", async () => {
    const { emitted, follower } = setup(5);
    // Another instance's events are being read from the log when this instance's own commit lands.
    follower.reached(4);
    follower.committed([event(5)]);
    let heard: number[] | undefined;
    await follower.until(5).then(() => (heard = [...emitted]));
    expect(heard).toEqual([1, 2, 3, 4, 5]);
    // Already passed: at once.
    await follower.until(3);
  });

  it("until(position) gives up after its timeout when the log cannot be read", async () => {
    const follower = new LogFollower({
      readAfter: () => Promise.reject(new Error("connection lost")),
      emit: () => undefined,
      hasListeners: () => true,
      start: 0,
    });
    const logged = console.error;
    console.error = () => undefined;
    try {
      follower.reached(2);
      const started = Date.now();
      await follower.until(2, 50);
      expect(Date.now() - started).toBeGreaterThanOrEqual(45);
      expect(follower.cursor).toBe(0);
    } finally {
      console.error = logged;
    }
  });
});
