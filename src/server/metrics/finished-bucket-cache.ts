import { METRIC_BUCKETS, type JobMetrics, type JobMetricsBucket, type JobMetricsQuery } from "../../core";
import { yieldToLoop } from "../system-jobs/yield-to-loop";
import { jobMetricsFromRollups, queryMinutes } from "./job-metrics-from-rollups";
import { SETTLED_AFTER_MINUTES, type PeriodRollupCache } from "./period-rollup-cache";

/**
 * Minutes answered at a time when missing buckets are filled, the event loop let run between: a day of minute
 * buckets at a million jobs a month is about 35,000 minute rows to parse and add.
 */
const FILL_SLICE_MINUTES = 60;

/**
 * The final answers (counts, p50 and p95 per operation) of buckets that are over, per scope (one space or all) and
 * width: a bucket that is over does not change (past `SETTLED_AFTER_MINUTES`), so it is built once from the roll-ups
 * and then only copied into answers. A query builds live only its ragged first bucket (from `from`'s minute) and the
 * buckets not yet over; a month by hour then takes 720 cached buckets instead of merging 4,320 histograms, and a day
 * by minute reads the minute rows of its last few minutes instead of the day's. Each cached bucket is what
 * `jobMetricsFromRollups` answers for its minutes, so the answer is the one the roll-ups give. The bucket objects
 * are shared between answers: read them, never change them.
 */
export class FinishedBucketCache {
  /** Buckets by scope, width and start: the operations' answers, sorted by operation (none when it had no job). */
  private readonly buckets = new Map<string, JobMetricsBucket[]>();
  /** The operations' answers held, all buckets together: what the bound counts (a few hundred bytes each). */
  private held = 0;

  constructor(
    private readonly periods: PeriodRollupCache,
    private readonly now: () => Date,
    /** Operations' answers kept, about 40 MB at most; the oldest buckets filled go first. */
    private readonly maxAnswers = 200_000,
  ) {}

  async answer(query: JobMetricsQuery): Promise<JobMetrics> {
    const width = METRIC_BUCKETS[query.bucket] / 60;
    const { from, to } = queryMinutes(query);
    const settled = Math.floor(this.now().getTime() / 60_000) - SETTLED_AFTER_MINUTES;
    const first = Math.ceil(from / width) * width;
    const end = Math.min(Math.floor(to / width), Math.floor(settled / width)) * width;
    const live = async (a: number, b: number) =>
      jobMetricsFromRollups(query, await this.periods.rollups(a, b, width, query.spaceId)).buckets;
    const envelope = jobMetricsFromRollups(query, []);
    if (end <= first) return { ...envelope, buckets: await live(from, to) };
    const [head, middle, tail] = await Promise.all([
      first > from ? live(from, first) : [],
      this.finished(query, first, end, width),
      to > end ? live(end, to) : [],
    ]);
    return { ...envelope, buckets: [...head, ...middle, ...tail] };
  }

  /** The buckets from `first` to `end` (all over): cached ones, and the missing runs built and cached. */
  private async finished(
    query: JobMetricsQuery,
    first: number,
    end: number,
    width: number,
  ): Promise<JobMetricsBucket[]> {
    const found: (JobMetricsBucket[] | undefined)[] = [];
    const runs: [number, number][] = [];
    for (let start = first; start < end; start += width) {
      const cached = this.buckets.get(bucketKey(query.spaceId, width, start));
      found.push(cached);
      if (cached) continue;
      const last = runs.at(-1);
      if (last && last[1] === start) last[1] = start + width;
      else runs.push([start, start + width]);
    }
    for (const [from, to] of runs) {
      const built = await this.fill(query, from, to, width);
      for (const [start, buckets] of built) found[(start - first) / width] = buckets;
    }
    return found.flatMap((buckets) => buckets ?? []);
  }

  /** Builds and caches the buckets from `first` to `end`, a slice of minutes at a time. */
  private async fill(
    query: JobMetricsQuery,
    first: number,
    end: number,
    width: number,
  ): Promise<Map<number, JobMetricsBucket[]>> {
    const built = new Map<number, JobMetricsBucket[]>();
    const slice = Math.max(width, Math.floor(FILL_SLICE_MINUTES / width) * width);
    for (let from = first; from < end; from += slice) {
      if (from > first) await yieldToLoop();
      const to = Math.min(end, from + slice);
      const rollups = await this.periods.rollups(from, to, width, query.spaceId);
      const sliceQuery = { ...query, from: isoMinute(from), to: isoMinute(to) };
      for (let start = from; start < to; start += width) built.set(start, []);
      for (const bucket of jobMetricsFromRollups(sliceQuery, rollups).buckets)
        built.get(Date.parse(bucket.start) / 60_000)?.push(bucket);
      for (let start = from; start < to; start += width)
        this.keep(bucketKey(query.spaceId, width, start), built.get(start) ?? []);
    }
    return built;
  }

  private keep(key: string, answers: JobMetricsBucket[]): void {
    // A bucket without jobs counts as one, so empty ranges are bounded too.
    const size = (held: JobMetricsBucket[] | undefined) => (held ? Math.max(1, held.length) : 0);
    this.held += size(answers) - size(this.buckets.get(key));
    this.buckets.set(key, answers);
    for (const [oldest, dropped] of this.buckets) {
      if (this.held <= this.maxAnswers) break;
      this.buckets.delete(oldest);
      this.held -= size(dropped);
    }
  }
}

const isoMinute = (minute: number) => new Date(minute * 60_000).toISOString();

const bucketKey = (spaceId: string | undefined, width: number, start: number) =>
  `${spaceId ?? ""}\u0000${width}\u0000${start}`;
