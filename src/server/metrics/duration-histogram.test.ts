import { describe, expect, it } from "vitest";
import {
  addDuration,
  binMiddle,
  durationBin,
  histogramCount,
  histogramQuantile,
  LAST_DURATION_BIN,
  mergeHistogram,
  type DurationHistogram,
} from "./duration-histogram";

describe("duration histogram", () => {
  it("keeps durations up to 1 ms in bin 0, counts edges below them, and caps very long ones in the last bin", () => {
    expect(durationBin(0)).toBe(0);
    expect(durationBin(1)).toBe(0);
    expect(durationBin(1.01)).toBe(1);
    expect(durationBin(2)).toBe(8);
    expect(durationBin(2.01)).toBe(9);
    expect(durationBin(4)).toBe(16);
    expect(durationBin(60 * 86_400_000)).toBe(LAST_DURATION_BIN);
    expect(durationBin(Number.NaN)).toBe(0);
  });

  it("reads every duration from 1 ms to a day back within 4.4%", () => {
    for (let ms = 1.001; ms < 86_400_000; ms *= 1.37) {
      const estimate = binMiddle(durationBin(ms));
      expect(Math.abs(estimate - ms) / ms).toBeLessThanOrEqual(2 ** (1 / 16) - 1 + 1e-9);
    }
  });

  it("estimates percentiles by nearest rank", () => {
    const histogram: DurationHistogram = {};
    for (let ms = 1; ms <= 100; ms++) addDuration(histogram, ms * 10);
    const p50 = histogramQuantile(histogram, 0.5);
    const p95 = histogramQuantile(histogram, 0.95);
    expect(p50).not.toBeNull();
    expect(Math.abs((p50 ?? 0) - 500) / 500).toBeLessThan(0.045);
    expect(Math.abs((p95 ?? 0) - 950) / 950).toBeLessThan(0.045);
    expect(histogramQuantile({}, 0.5)).toBeNull();
  });

  it("adds histograms bin by bin", () => {
    const a: DurationHistogram = {};
    const b: DurationHistogram = {};
    addDuration(a, 10, 3);
    addDuration(b, 10);
    addDuration(b, 5_000);
    mergeHistogram(a, b);
    expect(histogramCount(a)).toBe(5);
    expect(a[durationBin(10)]).toBe(4);
    expect(histogramQuantile(a, 1)).toBeCloseTo(binMiddle(durationBin(5_000)), 0);
  });
});
