import type { JobMetrics, JobMetricsQuery, Principal } from "../../core";
import { notFound } from "../http/api-error";
import { FinishedBucketCache } from "../metrics/finished-bucket-cache";
import { PeriodRollupCache } from "../metrics/period-rollup-cache";
import type { ServiceDeps } from "./service-deps";

/**
 * Job metrics from the stores' per-minute roll-ups. A user token sees its own space only (another space is 404, as
 * other space-scoped reads); operators and the secret key every space, or the one they name. Buckets that are over
 * are answered from a cache of their final answers, built from hours and days folded from the minute rows and
 * cached too (decision 044).
 */
export class JobMetricsService {
  private readonly buckets: FinishedBucketCache;

  constructor(deps: ServiceDeps) {
    const now = () => deps.now();
    const periods = new PeriodRollupCache(
      (from, to, spaceId) => deps.store.readJobMetricRollups(from, to, spaceId),
      now,
    );
    this.buckets = new FinishedBucketCache(periods, now);
  }

  async read(query: JobMetricsQuery, principal: Principal): Promise<JobMetrics> {
    let spaceId = query.spaceId;
    if (principal.kind === "user") {
      if (spaceId && spaceId !== principal.spaceId) throw notFound("space", spaceId);
      spaceId = principal.spaceId;
    }
    return this.buckets.answer({ ...query, spaceId });
  }
}
