export { listenerKeys, listenersQueryOptions } from "./api/listeners-query-options";
export type { Listener } from "./api/listeners-query-options";
export { listenersLiveHandler } from "./api/listeners-live-handler";
export { useNoWorker, useNoWorkerCheck } from "./api/use-no-worker";
