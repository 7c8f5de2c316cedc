import { describe, expect, it } from "vitest";
import { addProgressSample, estimateTimeLeft, type ProgressSample } from "./time-left";

const now = Date.parse("2026-01-01T12:00:00.000Z");

/** Samples every `gap` ms ending at `end`, with the given progress values. */
function ticks(values: number[], gap = 1000, end = now): ProgressSample[] {
  return values.map((progress, i) => ({ at: end - (values.length - 1 - i) * gap, progress }));
}

describe("estimateTimeLeft", () => {
  it("uses the listener's estimate when there is one", () => {
    const at = new Date(now + 90_000).toISOString();
    expect(estimateTimeLeft({ progress: 10, estimatedCompletionAt: at, now })).toBe(90_000);
    // Past its estimate the job is "finishing", never negative.
    const past = new Date(now - 5_000).toISOString();
    expect(estimateTimeLeft({ progress: 10, estimatedCompletionAt: past, now })).toBe(0);
  });

  it("derives the time left from a steady rate of progress", () => {
    // 2 % a second, 40 % done: 30 s left.
    expect(estimateTimeLeft({ progress: 40, samples: ticks([30, 32, 34, 36, 38, 40]), now })).toBeCloseTo(
      30_000,
      -2,
    );
  });

  it("counts the time since the last tick", () => {
    const samples = ticks([30, 32, 34, 36, 38, 40], 1000, now - 2000);
    expect(estimateTimeLeft({ progress: 40, samples, now })).toBeCloseTo(28_000, -2);
  });

  it("says nothing with too few samples or too short a span", () => {
    expect(estimateTimeLeft({ progress: 40, samples: ticks([38, 40]), now })).toBeUndefined();
    expect(estimateTimeLeft({ progress: 40, samples: ticks([30, 35, 40], 100), now })).toBeUndefined();
    expect(estimateTimeLeft({ progress: 40, now })).toBeUndefined();
  });

  it("says nothing when the progress is not steady", () => {
    // Slow, then a sudden jump: the rate of the two halves differs by far more than twice.
    expect(estimateTimeLeft({ progress: 60, samples: ticks([1, 2, 3, 4, 30, 60]), now })).toBeUndefined();
  });

  it("says nothing when the job has stalled", () => {
    const samples = ticks([10, 12, 14, 16], 1000, now - 60_000 + 5_000);
    expect(estimateTimeLeft({ progress: 16, samples, now })).toBeUndefined();
  });

  it("says nothing at 0 or 100 percent, or for an absurdly long estimate", () => {
    expect(estimateTimeLeft({ progress: 0, samples: ticks([0, 0, 0]), now })).toBeUndefined();
    expect(estimateTimeLeft({ progress: 100, samples: ticks([98, 99, 100]), now })).toBeUndefined();
    const crawling = ticks([1, 1.0001, 1.0002, 1.0003], 1000);
    expect(estimateTimeLeft({ progress: 1.0003, samples: crawling, now })).toBeUndefined();
  });
});

describe("addProgressSample", () => {
  it("keeps changes only, restarts on a lower value and keeps the last 20", () => {
    let history: ProgressSample[] = [];
    history = addProgressSample(history, { at: 1, progress: 5 });
    history = addProgressSample(history, { at: 2, progress: 5 });
    expect(history).toEqual([{ at: 1, progress: 5 }]);
    history = addProgressSample(history, { at: 3, progress: 2 });
    expect(history).toEqual([{ at: 3, progress: 2 }]);
    for (let i = 0; i < 30; i++) history = addProgressSample(history, { at: 10 + i, progress: 3 + i });
    expect(history).toHaveLength(20);
    expect(history.at(-1)).toEqual({ at: 39, progress: 32 });
  });
});
