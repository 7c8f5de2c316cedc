import { describe, expect, it } from "vitest";
import { deferred, sleep } from "../testing/helpers";
import { Scheduler } from "./scheduler";

describe("Scheduler", () => {
  it("runs a key's tasks in order and at most maxConcurrency tasks at once", async () => {
    const scheduler = new Scheduler(3);
    let running = 0;
    let peak = 0;
    const order = new Map<string, number[]>();
    const runs: Promise<void>[] = [];
    for (let i = 0; i < 30; i++) {
      const key = `job${i % 5}`;
      runs.push(
        scheduler.enqueue(key, async () => {
          running += 1;
          peak = Math.max(peak, running);
          await sleep(Math.random() * 10);
          order.set(key, [...(order.get(key) ?? []), i]);
          running -= 1;
        }),
      );
    }
    await Promise.all(runs);
    expect(peak).toBe(3);
    for (const [key, seen] of order) {
      const expected = Array.from({ length: 30 }, (_, i) => i).filter((i) => `job${i % 5}` === key);
      expect(seen).toEqual(expected);
    }
  });

  it("stop() waits for running tasks and drops the queued ones", async () => {
    const scheduler = new Scheduler(1);
    const release = deferred();
    const ran: string[] = [];
    const first = scheduler.enqueue("a", async () => {
      await release.promise;
      ran.push("first");
    });
    const second = scheduler.enqueue("b", async () => void ran.push("second"));
    await sleep(10);
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await sleep(20);
    expect(stopped).toBe(false);
    release.resolve();
    await Promise.all([stopping, first, second]);
    expect(ran).toEqual(["first"]);
    expect(await scheduler.enqueue("c", async () => void ran.push("late")).then(() => ran)).toEqual([
      "first",
    ]);
  });

  it("refuses a bound that is not a positive integer", () => {
    expect(() => new Scheduler(0)).toThrow(RangeError);
  });
});
