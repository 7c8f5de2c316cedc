export { isJobCanceled, JobCanceledError, ListenerStoppedError } from "./errors";
export { EventStream } from "./checked-event-stream";
export {
  EventStreamBase,
  eventsAsSent,
  streamTopics,
  type EventReader,
  type BackoffOptions,
  type EventStreamOptions,
  type StreamEvent,
  type StreamFilters,
  type StreamReset,
  type StreamState,
} from "./event-stream";
export {
  createListener,
  Listener,
  type EventHandler,
  type HandlerContext,
  type ListenerOptions,
  type ListenerPlugin,
  type MountOptions,
  type Topics,
} from "./listener";
export { consoleLogger, silentLogger, type Logger } from "./logger";
