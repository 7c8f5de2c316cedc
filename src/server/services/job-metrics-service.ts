import type { JobMetrics, JobMetricsQuery, Principal } from "../../core";
import { notFound } from "../http/api-error";
import { jobMetricsFromRollups, queryMinutes } from "../metrics/job-metrics-from-rollups";
import type { ServiceDeps } from "./service-deps";

/**
 * Job metrics from the stores' per-minute roll-ups. A user token sees its own space only (another space is 404, as
 * other space-scoped reads); operators and the secret key every space, or the one they name.
 */
export class JobMetricsService {
  constructor(private readonly deps: ServiceDeps) {}

  async read(query: JobMetricsQuery, principal: Principal): Promise<JobMetrics> {
    let spaceId = query.spaceId;
    if (principal.kind === "user") {
      if (spaceId && spaceId !== principal.spaceId) throw notFound("space", spaceId);
      spaceId = principal.spaceId;
    }
    const scoped = { ...query, spaceId };
    const minutes = queryMinutes(scoped);
    const rollups = await this.deps.store.readJobMetricRollups(minutes.from, minutes.to, spaceId);
    return jobMetricsFromRollups(scoped, rollups);
  }
}
