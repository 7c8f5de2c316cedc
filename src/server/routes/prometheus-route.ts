import type { Hono } from "hono";
import { JOB_STATUSES, type JobStatus } from "../../core";
import { forbidden } from "../http/api-error";
import type { AppEnv } from "../http/api-router";
import { constantTimeEqual, type TokenAuthority } from "../http/auth";
import { PROMETHEUS_CONTENT_TYPE, prometheusText } from "../metrics/prometheus-text";
import { RollupTotals } from "../metrics/rollup-totals";
import type { Store } from "../store/store";
import { yieldToLoop } from "../system-jobs/yield-to-loop";

/**
 * `GET /metrics`, for Prometheus and compatible scrapers: the job counters and histograms of every roll-up so far and
 * the jobs in each status now. Its bearer is `metricsToken` (METRICS_TOKEN) when one is set, or the secret key:
 * a scraper's configuration then need not hold the key that can do everything else. The counters come from running
 * totals of the roll-ups (folded once, then only the minutes since), the gauge from a count per status, one at a
 * time with the event loop let run between them.
 */
export function registerPrometheusRoute(
  app: Hono<AppEnv>,
  store: Store,
  tokens: TokenAuthority,
  metricsToken: string | undefined,
  now: () => Date,
): void {
  const totals = new RollupTotals(
    (from, to) => store.readJobMetricRollups(from, to),
    () => store.firstJobMetricMinute(),
    now,
  );
  app.get("/metrics", async (c) => {
    const bearer = /^Bearer (.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (!(metricsToken && bearer && constantTimeEqual(bearer, metricsToken))) {
      const principal = await tokens.authenticate(bearer);
      if (principal.kind !== "secret")
        throw forbidden("GET /metrics takes the metrics token (METRICS_TOKEN) or the secret key");
    }
    const rollups = await totals.rollups();
    const byStatus: Partial<Record<JobStatus, number>> = {};
    for (const status of JOB_STATUSES) {
      // Each count is synchronous on SQLite (tens of milliseconds over a million jobs): one at a time.
      await yieldToLoop();
      byStatus[status] = (await store.listJobs({ status, sortDirection: "asc", limit: 0, offset: 0 })).total;
    }
    return c.body(prometheusText(rollups, byStatus), 200, { "content-type": PROMETHEUS_CONTENT_TYPE });
  });
}
