import type { JobMetrics } from "../../../core";

/** One time bucket of the page, summed over the operations shown. */
export type MetricRow = {
  /** The bucket's start, in ms since the epoch. */
  start: number;
  created: number;
  completed: number;
  failed: number;
  canceled: number;
  /** Failed out of the jobs that ended, 0 to 1; null when none ended. */
  failureRate: number | null;
  runP50: number | null;
  runP95: number | null;
  waitP50: number | null;
  waitP95: number | null;
};

export type MetricTotals = Pick<MetricRow, "created" | "completed" | "failed" | "canceled" | "failureRate">;

/** The operations the answer holds, sorted, for the operation filter. */
export const metricOperations = (metrics: JobMetrics): string[] =>
  [...new Set(metrics.buckets.map((bucket) => bucket.operation))].sort();

const failureRate = (failed: number, ended: number): number | null => (ended ? failed / ended : null);

const slowest = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.max(a, b);

/**
 * Every bucket of the window, in time order, buckets without jobs as zeros (the server leaves them out), so the
 * charts and the table keep an even time axis. With `operation`, only its jobs. Across operations the counts add up;
 * percentiles do not, so a bucket's run and wait times are those of its slowest operation (the page says so).
 */
export function metricRows(metrics: JobMetrics, operation?: string): MetricRow[] {
  const stepMs = metrics.bucketSeconds * 1_000;
  const from = Date.parse(metrics.from);
  const to = Date.parse(metrics.to);
  const rows: MetricRow[] = [];
  const byStart = new Map<number, MetricRow>();
  for (let start = from; start < to; start += stepMs) {
    const row: MetricRow = {
      start,
      created: 0,
      completed: 0,
      failed: 0,
      canceled: 0,
      failureRate: null,
      runP50: null,
      runP95: null,
      waitP50: null,
      waitP95: null,
    };
    rows.push(row);
    byStart.set(start, row);
  }
  for (const bucket of metrics.buckets) {
    if (operation !== undefined && bucket.operation !== operation) continue;
    const row = byStart.get(Date.parse(bucket.start));
    if (!row) continue;
    row.created += bucket.created;
    row.completed += bucket.completed;
    row.failed += bucket.failed;
    row.canceled += bucket.canceled;
    row.runP50 = slowest(row.runP50, bucket.runMs.p50);
    row.runP95 = slowest(row.runP95, bucket.runMs.p95);
    row.waitP50 = slowest(row.waitP50, bucket.waitMs.p50);
    row.waitP95 = slowest(row.waitP95, bucket.waitMs.p95);
  }
  for (const row of rows)
    row.failureRate = failureRate(row.failed, row.completed + row.failed + row.canceled);
  return rows;
}

/** The whole window's counts, for the summaries. */
export function metricTotals(rows: readonly MetricRow[]): MetricTotals {
  const sum = (key: "created" | "completed" | "failed" | "canceled") =>
    rows.reduce((total, row) => total + row[key], 0);
  const [created, completed, failed, canceled] = [
    sum("created"),
    sum("completed"),
    sum("failed"),
    sum("canceled"),
  ];
  return {
    created,
    completed,
    failed,
    canceled,
    failureRate: failureRate(failed, completed + failed + canceled),
  };
}

/** The highest value of a column in the window, null when no bucket has one. */
export const metricPeak = (
  rows: readonly MetricRow[],
  key: "runP95" | "waitP95" | "failureRate",
): number | null => rows.reduce<number | null>((peak, row) => slowest(peak, row[key]), null);
