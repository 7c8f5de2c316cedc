import { METRIC_BUCKETS, type MetricBucket } from "../../../core";

/** The ranges the page offers, each with the bucket width that gives a readable chart and table. */
export const METRIC_RANGES = {
  "1h": { label: "Last hour", ms: 3_600_000, bucket: "minute" },
  "24h": { label: "Last 24 hours", ms: 86_400_000, bucket: "hour" },
  "7d": { label: "Last 7 days", ms: 7 * 86_400_000, bucket: "hour" },
  "30d": { label: "Last 30 days", ms: 30 * 86_400_000, bucket: "day" },
} as const satisfies Record<string, { label: string; ms: number; bucket: MetricBucket }>;
export type MetricRange = keyof typeof METRIC_RANGES;

export const DEFAULT_METRIC_RANGE: MetricRange = "24h";

/** The range a `?range=` value names; anything else (a hand-edited URL) reads as the default. */
export function parseMetricRange(value: string | null): MetricRange {
  return value !== null && Object.hasOwn(METRIC_RANGES, value)
    ? (value as MetricRange)
    : DEFAULT_METRIC_RANGE;
}

/**
 * The query window of a range at `now`: it ends at the end of the current bucket, so the last bucket is whole
 * and every refetch within one bucket asks for the same buckets.
 */
export function metricWindow(
  range: MetricRange,
  now: number,
): { from: string; to: string; bucket: MetricBucket } {
  const { ms, bucket } = METRIC_RANGES[range];
  const bucketMs = METRIC_BUCKETS[bucket] * 1_000;
  const to = Math.ceil((now + 1) / bucketMs) * bucketMs;
  return { from: new Date(to - ms).toISOString(), to: new Date(to).toISOString(), bucket };
}
