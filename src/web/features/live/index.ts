export { ConnectionIndicator } from "./components/connection-indicator";
export { useEventStream } from "./use-event-stream";
export { applyEvents } from "./apply-event";
export type { LiveContext, LiveEventHandler } from "./live-handler";
export { useConnectionStore } from "./connection-store";
