import { z } from "zod";
import { IsoDateTime, ResourceId } from "./common";

/** Bucket widths `GET /metrics/jobs` offers, in seconds: a minute, five minutes, an hour, a day. */
export const METRIC_BUCKETS = { minute: 60, "5m": 300, hour: 3_600, day: 86_400 } as const;
export type MetricBucket = keyof typeof METRIC_BUCKETS;

/** The most buckets one query may ask for (`(to - from) / bucket`), so one request cannot ask for years by minute. */
export const MAX_METRIC_BUCKETS = 1_500;

/** `GET /metrics/jobs` query: a time range, a bucket width, and for operators optionally one space (all spaces without). */
export const JobMetricsQuery = z
  .object({
    from: IsoDateTime,
    to: IsoDateTime,
    bucket: z.enum(Object.keys(METRIC_BUCKETS) as [MetricBucket, ...MetricBucket[]]).default("hour"),
    spaceId: ResourceId.optional(),
  })
  .refine((query) => Date.parse(query.to) > Date.parse(query.from), {
    path: ["to"],
    message: "`to` must be after `from`",
  })
  .refine(
    (query) =>
      (Date.parse(query.to) - Date.parse(query.from)) / 1_000 / METRIC_BUCKETS[query.bucket] <=
      MAX_METRIC_BUCKETS,
    { path: ["bucket"], message: `the range holds more than ${MAX_METRIC_BUCKETS} buckets of that width` },
  );
export type JobMetricsQuery = z.output<typeof JobMetricsQuery>;

/** Percentiles of a duration in milliseconds; null when no job of the bucket had one. */
const Durations = z.object({ p50: z.number().min(0).nullable(), p95: z.number().min(0).nullable() });

/**
 * One operation in one time bucket: jobs created in it, jobs that ended in it (completed, failed, canceled), how
 * long the ones that ended ran (executing to end, `runMs`) and how long the ones that started in it waited
 * (ready to executing, `waitMs`). Buckets with no job of an operation are left out.
 */
export const JobMetricsBucket = z
  .object({
    /** The bucket's start; it spans `bucketSeconds`. */
    start: IsoDateTime,
    operation: z.string(),
    created: z.number().int().min(0),
    completed: z.number().int().min(0),
    failed: z.number().int().min(0),
    canceled: z.number().int().min(0),
    runMs: Durations,
    waitMs: Durations,
  })
  .meta({ id: "JobMetricsBucket" });
export type JobMetricsBucket = z.output<typeof JobMetricsBucket>;

/** `GET /metrics/jobs` answer (inside `{ data }`): the buckets in time order, then by operation. */
export const JobMetrics = z
  .object({
    from: IsoDateTime,
    to: IsoDateTime,
    bucketSeconds: z.number().int().min(1),
    spaceId: ResourceId.optional(),
    buckets: z.array(JobMetricsBucket),
  })
  .meta({ id: "JobMetrics" });
export type JobMetrics = z.output<typeof JobMetrics>;
