export { jobsTableLiveHandler } from "./api/apply-table-events";
// Pages for app/router.tsx, each fetched on first visit (see app/lazy-route.ts).
export const loadJobsPage = () => import("./components/jobs-page");
// The table's first request, started by the route as the navigation starts (see app/router.tsx).
export const loadJobsTablePrefetch = () => import("./api/prefetch-jobs-table");
