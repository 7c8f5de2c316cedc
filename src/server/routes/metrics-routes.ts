import { JobMetrics, JobMetricsQuery, MAX_METRIC_BUCKETS } from "../../core";
import type { ApiRouter } from "../http/api-router";
import type { JobMetricsService } from "../services/job-metrics-service";

/** `/metrics/jobs`: jobs created and ended, run and wait times, per time bucket and operation. */
export function registerMetricsRoutes(api: ApiRouter, metrics: JobMetricsService): void {
  api.add(
    {
      method: "get",
      path: "/metrics/jobs",
      tag: "Jobs",
      summary: "Job metrics",
      description: `Per time bucket (\`minute\`, \`5m\`, \`hour\`, \`day\`; at most ${MAX_METRIC_BUCKETS} in the range) and operation: jobs created, completed, failed and canceled, run time (executing to end) and wait time (ready to executing) p50 and p95 in milliseconds, each within 4.4% of the true value. Buckets start on whole multiples of their width since the epoch (UTC); the first counts from \`from\`'s minute on. A user token sees its own space; operators every space, or one with \`spaceId\`.`,
      access: "secret key, operator; user (own space)",
      query: JobMetricsQuery,
      response: JobMetrics,
    },
    async ({ query, principal }) => ({ data: await metrics.read(query, principal) }),
  );
}
