import { METRIC_BUCKETS, type JobMetrics, type JobMetricsBucket, type JobMetricsQuery } from "../../core";
import { histogramQuantiles, mergeHistogram, type DurationHistogram } from "./duration-histogram";
import type { JobMetricRollup } from "./job-metric-changes";

type Sums = Omit<JobMetricsBucket, "runMs" | "waitMs"> & { run: DurationHistogram; wait: DurationHistogram };

/** The first minute a query counts and the minute after its last (roll-ups are per minute). */
export function queryMinutes(query: Pick<JobMetricsQuery, "from" | "to">): { from: number; to: number } {
  return {
    from: Math.floor(Date.parse(query.from) / 60_000),
    to: Math.ceil(Date.parse(query.to) / 60_000),
  };
}

/**
 * The answer of `GET /metrics/jobs` from the roll-ups of its range (any order, any number per key): buckets
 * aligned to the epoch in UTC (an hour bucket starts on the hour), so a chart that moves its range keeps its buckets;
 * the first may start before `from`, and counts only what its roll-ups from `from`'s minute on hold.
 */
export function jobMetricsFromRollups(
  query: JobMetricsQuery,
  rollups: Iterable<JobMetricRollup>,
): JobMetrics {
  const width = METRIC_BUCKETS[query.bucket];
  const minutes = queryMinutes(query);
  const sums = new Map<string, Sums>();
  for (const rollup of rollups) {
    if (rollup.minute < minutes.from || rollup.minute >= minutes.to) continue;
    if (query.spaceId !== undefined && rollup.spaceId !== query.spaceId) continue;
    const startMs = Math.floor((rollup.minute * 60) / width) * width * 1_000;
    const key = `${startMs} ${rollup.operation}`;
    let sum = sums.get(key);
    if (!sum) {
      sum = {
        start: new Date(startMs).toISOString(),
        operation: rollup.operation,
        created: 0,
        completed: 0,
        failed: 0,
        canceled: 0,
        run: {},
        wait: {},
      };
      sums.set(key, sum);
    }
    sum.created += rollup.created;
    sum.completed += rollup.completed;
    sum.failed += rollup.failed;
    sum.canceled += rollup.canceled;
    mergeHistogram(sum.run, rollup.runMs);
    mergeHistogram(sum.wait, rollup.waitMs);
  }
  const buckets = [...sums.values()]
    .sort((a, b) => (a.start === b.start ? compare(a.operation, b.operation) : compare(a.start, b.start)))
    .map(({ run, wait, ...counts }) => ({
      ...counts,
      runMs: percentiles(run),
      waitMs: percentiles(wait),
    }));
  return {
    from: query.from,
    to: query.to,
    bucketSeconds: width,
    ...(query.spaceId === undefined ? {} : { spaceId: query.spaceId }),
    buckets,
  };
}

function percentiles(histogram: DurationHistogram): { p50: number | null; p95: number | null } {
  const [p50 = null, p95 = null] = histogramQuantiles(histogram, [0.5, 0.95]);
  return { p50, p95 };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
