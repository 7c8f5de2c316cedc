export { snapshotKeys } from "./api/snapshots-query-options";
export { snapshotsLiveHandler } from "./api/snapshots-live-handler";
export { SnapshotsLink } from "./components/snapshots-link";

// Pages for app/router.tsx, each fetched on first visit (see app/lazy-route.ts).
export const loadSnapshotsPage = () => import("./components/snapshots-page");
export const loadSnapshotPage = () => import("./components/snapshot-page");
