import { describe, expect, it } from "vitest";
import { BulkLane, bulkStep } from "./bulk-lane";

/** A lane on a fake clock: `sleep` moves the clock, a step moves it by what it "costs". */
function fakeLane(share = 0.2) {
  const clock = { now: 1_000 };
  const slept: number[] = [];
  const lane = new BulkLane({
    share,
    now: () => clock.now,
    sleep: async (ms) => {
      slept.push(ms);
      clock.now += ms;
    },
  });
  const step = (costMs: number, label?: string, order?: string[]) => () => {
    if (label) order?.push(`start ${label}`);
    clock.now += costMs;
    if (label) order?.push(`end ${label}`);
    return label;
  };
  const total = () => slept.reduce((a, b) => a + b, 0);
  return { lane, clock, slept, step, total };
}

describe("BulkLane", () => {
  it("runs bulk steps back to back when nothing else is going on", async () => {
    const { lane, step, slept } = fakeLane();
    for (let i = 0; i < 5; i++) await lane.run(step(30));
    expect(lane.contended).toBe(false);
    expect(slept).toEqual([]);
  });

  it("while an interactive request is in flight, pauses after each step so bulk work keeps to its share", async () => {
    const { lane, step, total, clock } = fakeLane(0.2);
    const ended = lane.interactiveStarted();
    const started = clock.now;
    for (let i = 0; i < 4; i++) await lane.run(step(10));
    // Four 10 ms steps at a fifth of the loop: 40 ms of work, 120 ms of pauses between them (after the last, owed).
    expect(total()).toBe(120);
    expect(clock.now - started).toBe(160);
    ended();
  });

  it("counts a request as contention for a moment after it ended, then forgives what is owed", async () => {
    const { lane, step, total, clock } = fakeLane(0.2);
    lane.interactiveStarted()();
    expect(lane.contended).toBe(true);
    await lane.run(step(50));
    await lane.run(step(10));
    // The pause owed after the first step (200 ms) is cut short once 200 ms have passed since the request ended.
    expect(total()).toBeLessThan(200);
    clock.now += 200;
    expect(lane.contended).toBe(false);
    const before = total();
    await lane.run(step(10));
    expect(total()).toBe(before);
  });

  it("runs one step at a time, in the order they were asked for, across callers", async () => {
    const { lane, clock } = fakeLane(1);
    const order: string[] = [];
    const slow = (label: string) => async () => {
      order.push(`start ${label}`);
      await Promise.resolve();
      clock.now += 5;
      order.push(`end ${label}`);
      return label;
    };
    const results = await Promise.all([lane.run(slow("a")), lane.run(slow("b")), lane.run(slow("c"))]);
    expect(results).toEqual(["a", "b", "c"]);
    expect(order).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  it("a failed step gives its error to its caller and does not stop the lane", async () => {
    const { lane, step } = fakeLane();
    await expect(
      lane.run(() => {
        throw new Error("bad body");
      }),
    ).rejects.toThrow("bad body");
    await expect(lane.run(step(1, "next"))).resolves.toBe("next");
  });

  it("work charged inside a write transaction delays the next step, never by more than two seconds", async () => {
    const { lane, step, total } = fakeLane(0.2);
    const ended = lane.interactiveStarted();
    lane.charge(25);
    await lane.run(step(0));
    expect(total()).toBe(100);
    lane.charge(10_000);
    const before = total();
    await lane.run(step(0));
    expect(total() - before).toBe(2_000);
    ended();
  });

  it("refuses a share outside (0, 1]", () => {
    expect(() => new BulkLane({ share: 0 })).toThrow(/above 0 and at most 1/);
    expect(() => new BulkLane({ share: 1.5 })).toThrow(/above 0 and at most 1/);
    expect(new BulkLane({ share: 1 }).share).toBe(1);
  });

  it("bulkStep runs the step through the lane when there is one, at once or after a turn of the loop when not", async () => {
    const { lane, slept } = fakeLane(0.5);
    const ended = lane.interactiveStarted();
    lane.charge(10);
    await expect(bulkStep(lane, () => 7)).resolves.toBe(7);
    expect(slept.reduce((a, b) => a + b, 0)).toBe(10);
    ended();
    const order: string[] = [];
    const first = bulkStep(undefined, () => order.push("first"));
    const following = bulkStep(undefined, () => order.push("following"), true);
    order.push("sync");
    await Promise.all([first, following]);
    // The first step ran before its caller went on; a following one only after a turn of the loop.
    expect(order).toEqual(["first", "sync", "following"]);
  });
});
