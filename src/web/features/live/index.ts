export { ConnectionIndicator } from "./components/connection-indicator";
export { useEventStream } from "./use-event-stream";
