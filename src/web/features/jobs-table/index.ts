export { jobsTableLiveHandler } from "./api/apply-table-events";
// Pages for app/router.tsx, each fetched on first visit (see app/lazy-route.ts).
export const loadJobsPage = () => import("./components/jobs-page");
// The table's first request, started by the route as the navigation starts (see app/router.tsx). On the first page
// (about 2.5 KB gzip): fetched on demand, a cold visit's request waited for this chunk, most of the route change.
export { prefetchJobsTable } from "./api/prefetch-jobs-table";
