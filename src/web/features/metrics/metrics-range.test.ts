import { describe, expect, it } from "vitest";
import { JobMetricsQuery } from "../../../core";
import { METRIC_RANGES, metricWindow, parseMetricRange, type MetricRange } from "./metrics-range";

describe("metricWindow", () => {
  const now = Date.parse("2026-03-10T14:37:12.500Z");

  it("ends at the end of the current bucket and spans the range", () => {
    expect(metricWindow("24h", now)).toEqual({
      from: "2026-03-09T15:00:00.000Z",
      to: "2026-03-10T15:00:00.000Z",
      bucket: "hour",
    });
    expect(metricWindow("1h", now)).toEqual({
      from: "2026-03-10T13:38:00.000Z",
      to: "2026-03-10T14:38:00.000Z",
      bucket: "minute",
    });
  });

  it("moves on to the next bucket exactly at a bucket's start", () => {
    expect(metricWindow("30d", Date.parse("2026-03-10T00:00:00.000Z")).to).toBe("2026-03-11T00:00:00.000Z");
  });

  it("gives a query the server accepts for every range", () => {
    for (const range of Object.keys(METRIC_RANGES) as MetricRange[]) {
      expect(JobMetricsQuery.safeParse(metricWindow(range, now)).success, range).toBe(true);
    }
  });
});

describe("parseMetricRange", () => {
  it("reads a known range and falls back to 24 hours for anything else", () => {
    expect(parseMetricRange("7d")).toBe("7d");
    expect(parseMetricRange("1y")).toBe("24h");
    expect(parseMetricRange("toString")).toBe("24h");
    expect(parseMetricRange(null)).toBe("24h");
  });
});
