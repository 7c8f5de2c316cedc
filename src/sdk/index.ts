/**
 * The jobs platform SDK: a typed API client, a listener that routes the server's event stream to handlers, a job
 * handler plugin, and a bridge that runs `@flatfile/listener` listeners against this server. Depends on core only
 * and runs in Node and in browsers.
 */
export * from "./client";
export * from "./listener";
export {
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_JOB_OUTCOME,
  jobHandler,
  toCompleteDetails,
  type JobHandlerContext,
  type JobHandlerFunction,
  type JobHandlerOptions,
  type JobHandlerResult,
  type JobTick,
} from "./job-handler";
export { isRetryable, PermanentError } from "./permanent-error";
export {
  DEFAULT_JOB_LOG_FLUSH_MS,
  DEFAULT_JOB_LOG_MAX_LINES,
  jobLog,
  type JobLog,
  type JobLogOptions,
} from "./job-log";
export {
  connectFlatfileListener,
  toFlatfileEvent,
  type FlatfileBridge,
  type FlatfileBridgeOptions,
  type FlatfileListenerLike,
} from "./flatfile-bridge";
export type { EventFilter } from "../core";
