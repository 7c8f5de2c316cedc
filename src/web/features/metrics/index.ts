export { jobMetricsQueryOptions, metricKeys } from "./api/metrics-query-options";

// Pages for app/router.tsx, each fetched on first visit (see app/lazy-route.ts).
export const loadMetricsPage = () => import("./components/metrics-page");
