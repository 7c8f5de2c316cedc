import { METRIC_BUCKETS, type JobMetrics, type JobMetricsQuery, type Principal } from "../../core";
import { notFound } from "../http/api-error";
import { jobMetricsFromRollups, queryMinutes } from "../metrics/job-metrics-from-rollups";
import { PeriodRollupCache } from "../metrics/period-rollup-cache";
import type { ServiceDeps } from "./service-deps";

/**
 * Job metrics from the stores' per-minute roll-ups. A user token sees its own space only (another space is 404, as
 * other space-scoped reads); operators and the secret key every space, or the one they name. Hour and day buckets
 * read the hours and days that are over from a cache folded from the minute rows (decision 044).
 */
export class JobMetricsService {
  private readonly periods: PeriodRollupCache;

  constructor(deps: ServiceDeps) {
    this.periods = new PeriodRollupCache(
      (from, to, spaceId) => deps.store.readJobMetricRollups(from, to, spaceId),
      () => deps.now(),
    );
  }

  async read(query: JobMetricsQuery, principal: Principal): Promise<JobMetrics> {
    let spaceId = query.spaceId;
    if (principal.kind === "user") {
      if (spaceId && spaceId !== principal.spaceId) throw notFound("space", spaceId);
      spaceId = principal.spaceId;
    }
    const scoped = { ...query, spaceId };
    const minutes = queryMinutes(scoped);
    const width = METRIC_BUCKETS[query.bucket] / 60;
    const rollups = await this.periods.rollups(minutes.from, minutes.to, width, spaceId);
    return jobMetricsFromRollups(scoped, rollups);
  }
}
