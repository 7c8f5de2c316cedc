import { describe, expect, it } from "vitest";
import type { JobMetrics, JobMetricsBucket } from "../../../core";
import { metricOperations, metricPeak, metricRows, metricTotals } from "./metrics-series";

const bucket = (
  start: string,
  operation: string,
  fields: Partial<JobMetricsBucket> = {},
): JobMetricsBucket => ({
  start,
  operation,
  created: 0,
  completed: 0,
  failed: 0,
  canceled: 0,
  runMs: { p50: null, p95: null },
  waitMs: { p50: null, p95: null },
  ...fields,
});

const metrics: JobMetrics = {
  from: "2026-03-10T10:00:00.000Z",
  to: "2026-03-10T13:00:00.000Z",
  bucketSeconds: 3_600,
  buckets: [
    bucket("2026-03-10T10:00:00.000Z", "workbook:export", {
      created: 4,
      completed: 3,
      failed: 1,
      runMs: { p50: 200, p95: 900 },
      waitMs: { p50: 10, p95: 40 },
    }),
    bucket("2026-03-10T10:00:00.000Z", "sheet:dedupe", {
      created: 2,
      completed: 1,
      canceled: 1,
      runMs: { p50: 500, p95: 600 },
      waitMs: { p50: 5, p95: 80 },
    }),
    bucket("2026-03-10T12:00:00.000Z", "sheet:dedupe", {
      created: 1,
      failed: 1,
      runMs: { p50: 50, p95: 50 },
    }),
  ],
};

describe("metricRows", () => {
  it("fills every bucket of the window, adds counts across operations and keeps the slowest percentiles", () => {
    const rows = metricRows(metrics);
    expect(rows.map((row) => new Date(row.start).toISOString())).toEqual([
      "2026-03-10T10:00:00.000Z",
      "2026-03-10T11:00:00.000Z",
      "2026-03-10T12:00:00.000Z",
    ]);
    expect(rows[0]).toMatchObject({
      created: 6,
      completed: 4,
      failed: 1,
      canceled: 1,
      failureRate: 1 / 6,
      runP50: 500,
      runP95: 900,
      waitP50: 10,
      waitP95: 80,
    });
    expect(rows[1]).toMatchObject({ created: 0, failureRate: null, runP95: null });
    expect(rows[2]).toMatchObject({ created: 1, failed: 1, failureRate: 1, runP50: 50, waitP50: null });
  });

  it("keeps one operation's jobs only when asked", () => {
    const rows = metricRows(metrics, "workbook:export");
    expect(rows.map((row) => row.created)).toEqual([4, 0, 0]);
    expect(rows[0]).toMatchObject({ failureRate: 0.25, runP95: 900, waitP95: 40 });
  });
});

describe("metricTotals and metricPeak", () => {
  it("sum the window and find its worst bucket", () => {
    const rows = metricRows(metrics);
    expect(metricTotals(rows)).toEqual({
      created: 7,
      completed: 4,
      failed: 2,
      canceled: 1,
      failureRate: 2 / 7,
    });
    expect(metricPeak(rows, "runP95")).toBe(900);
    expect(metricPeak(metricRows({ ...metrics, buckets: [] }), "waitP95")).toBeNull();
  });
});

describe("metricOperations", () => {
  it("lists each operation once, sorted", () => {
    expect(metricOperations(metrics)).toEqual(["sheet:dedupe", "workbook:export"]);
  });
});
