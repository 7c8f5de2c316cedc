import { describe, expect, it } from "vitest";
import { bucketTimeText, metricDurationText, peakText, percentText, throughputText } from "./metrics-text";

describe("metrics text", () => {
  it("writes durations with the precision quick jobs need", () => {
    expect(metricDurationText(349.6)).toBe("350 ms");
    expect(metricDurationText(1_420)).toBe("1.4 s");
    expect(metricDurationText(180_000)).toBe("3 min");
  });

  it("writes rates as percentages", () => {
    expect(percentText(0)).toBe("0 %");
    expect(percentText(1 / 8)).toBe("12.5 %");
    expect(percentText(1)).toBe("100 %");
  });

  it("writes day buckets as dates and shorter buckets with their time", () => {
    const start = new Date(2026, 11, 6, 13, 5).getTime();
    expect(bucketTimeText(start, 86_400)).toBe("6 Dec 2026");
    expect(bucketTimeText(start, 3_600)).toBe("6 Dec 2026, 13:05");
  });

  it("sums up a window in words", () => {
    expect(throughputText({ created: 1200, completed: 4, failed: 2, canceled: 1, failureRate: 2 / 7 })).toBe(
      "1,200 created, 4 completed, 2 failed, 1 canceled.",
    );
    expect(peakText("slowest run p95", 1_420, metricDurationText, "None.")).toBe("Slowest run p95: 1.4 s.");
    expect(peakText("run time", null, metricDurationText, "No job ended in this range.")).toBe(
      "No job ended in this range.",
    );
  });
});
