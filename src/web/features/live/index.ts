export { ConnectionIndicator } from "./components/connection-indicator";
export { useEventStream } from "./use-event-stream";
export { applyEvents } from "./apply-event";
export type { LiveContext, LiveEventHandler } from "./live-handler";
export { useConnectionStore } from "./connection-store";
export { OFFLINE_REASON, useOfflineReason } from "./use-offline-reason";
export { waitForConnection } from "./wait-for-connection";
