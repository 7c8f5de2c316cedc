export { listenerKeys, listenersQueryOptions } from "./api/listeners-query-options";
export type { Listener } from "./api/listeners-query-options";
export { listenersLiveHandler } from "./api/listeners-live-handler";
export { useNoWorker, useNoWorkerCheck } from "./api/use-no-worker";

// Pages for app/router.tsx, each fetched on first visit (see app/lazy-route.ts).
export const loadListenersPage = () => import("./components/listeners-page");
