import type { Hono } from "hono";
import { JOB_STATUSES, type JobStatus } from "../../core";
import { forbidden } from "../http/api-error";
import type { AppEnv } from "../http/api-router";
import { constantTimeEqual, type TokenAuthority } from "../http/auth";
import { PROMETHEUS_CONTENT_TYPE, prometheusText } from "../metrics/prometheus-text";
import type { Store } from "../store/store";

/** Every minute a roll-up can have (since the epoch, within the stores' INTEGER column). */
const ALL_MINUTES = [0, 2_147_483_647] as const;

/**
 * `GET /metrics`, for Prometheus and compatible scrapers: the job counters and histograms of every roll-up so far and
 * the jobs in each status now. Its bearer is `metricsToken` (METRICS_TOKEN) when one is set, or the secret key:
 * a scraper's configuration then need not hold the key that can do everything else.
 */
export function registerPrometheusRoute(
  app: Hono<AppEnv>,
  store: Store,
  tokens: TokenAuthority,
  metricsToken: string | undefined,
): void {
  app.get("/metrics", async (c) => {
    const bearer = /^Bearer (.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (!(metricsToken && bearer && constantTimeEqual(bearer, metricsToken))) {
      const principal = await tokens.authenticate(bearer);
      if (principal.kind !== "secret")
        throw forbidden("GET /metrics takes the metrics token (METRICS_TOKEN) or the secret key");
    }
    const [rollups, ...counts] = await Promise.all([
      store.readJobMetricRollups(...ALL_MINUTES),
      ...JOB_STATUSES.map((status) =>
        store.listJobs({ status, sortDirection: "asc", limit: 0, offset: 0 }).then((page) => page.total),
      ),
    ]);
    const byStatus: Partial<Record<JobStatus, number>> = {};
    JOB_STATUSES.forEach((status, i) => (byStatus[status] = counts[i] ?? 0));
    return c.body(prometheusText(rollups, byStatus), 200, { "content-type": PROMETHEUS_CONTENT_TYPE });
  });
}
