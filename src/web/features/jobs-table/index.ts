export { jobsTableLiveHandler } from "./api/apply-table-events";
// Pages for app/router.tsx, each fetched on first visit (see app/lazy-route.ts).
export const loadJobsPage = () => import("./components/jobs-page");
