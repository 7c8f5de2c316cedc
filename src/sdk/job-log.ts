import { JOB_LOG_LEVELS, JOB_LOG_LIMITS, type JobLogLevel, type JobLogLineInput } from "../core";
import type { ApiClient } from "./client/client";
import { errorMessage, silentLogger, type Logger } from "./listener/logger";

type LogData = Record<string, unknown>;

/**
 * Writes lines to one job's log: `log("message")`, `log("warn", "message", { data })`, or `log.info(...)` and the
 * other levels. Lines are buffered and sent in batches, in order; `flush()` sends what is buffered. Logging never
 * throws and never fails the job: a batch the server refuses is reported to the listener's logger and dropped.
 */
export type JobLog = {
  (level: JobLogLevel, message: string, data?: LogData): void;
  (message: string, data?: LogData): void;
  debug(message: string, data?: LogData): void;
  info(message: string, data?: LogData): void;
  warn(message: string, data?: LogData): void;
  error(message: string, data?: LogData): void;
  /** Sends every line written so far; resolves once they were sent (or given up on). Never rejects. */
  flush(): Promise<void>;
};

/** Options of {@link jobLog}. */
export type JobLogOptions = {
  /** A line waits at most this long before it is sent, in ms (200). */
  flushMs?: number;
  /** A batch is sent at once when this many lines wait (100). */
  maxLines?: number;
  /** Where failures to send are reported (nowhere by default). */
  logger?: Logger;
};

export const DEFAULT_JOB_LOG_FLUSH_MS = 200;
export const DEFAULT_JOB_LOG_MAX_LINES = 100;

const isLevel = (value: unknown): value is JobLogLevel =>
  typeof value === "string" && (JOB_LOG_LEVELS as readonly string[]).includes(value);

const dataBytes = (data: LogData): number | undefined => {
  try {
    return new TextEncoder().encode(JSON.stringify(data)).byteLength;
  } catch {
    return undefined;
  }
};

/** A line the server accepts: the message cut to its limit, data it cannot take left out (and said so). */
function lineOf(level: JobLogLevel, message: string, data: LogData | undefined): JobLogLineInput {
  let text = String(message);
  let kept = data;
  if (data !== undefined) {
    const bytes = dataBytes(data);
    if (bytes === undefined || bytes > JOB_LOG_LIMITS.dataBytes) {
      kept = undefined;
      text += bytes === undefined ? " (data left out: not JSON)" : ` (data left out: ${bytes} bytes)`;
    }
  }
  if (text.length > JOB_LOG_LIMITS.messageLength)
    text = `${text.slice(0, JOB_LOG_LIMITS.messageLength - 1)}…`;
  return {
    level,
    message: text,
    time: new Date().toISOString(),
    ...(kept === undefined ? {} : { data: kept }),
  };
}

/** Buffers one job's lines and sends them one batch at a time, so they arrive in the order written. */
class JobLogBuffer {
  readonly #waiting: JobLogLineInput[] = [];
  #sending: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Lines dropped from a buffer that grew past a job's whole log while the server did not answer. */
  #lost = 0;

  constructor(
    private readonly api: ApiClient,
    private readonly jobId: string,
    private readonly flushMs: number,
    private readonly maxLines: number,
    private readonly logger: Logger,
  ) {}

  push(line: JobLogLineInput): void {
    this.#waiting.push(line);
    if (this.#waiting.length > JOB_LOG_LIMITS.linesPerJob) {
      this.#waiting.shift();
      this.#lost += 1;
    }
    if (this.#waiting.length >= this.maxLines) void this.#send();
    else this.#arm();
  }

  async flush(): Promise<void> {
    while (this.#sending || this.#waiting.length > 0) await (this.#sending ?? this.#send());
  }

  #arm(): void {
    if (this.#timer !== undefined || this.#sending) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#send();
    }, this.flushMs);
  }

  #send(): Promise<void> {
    if (this.#sending) return this.#sending;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#waiting.length === 0) return Promise.resolve();
    const batch = this.#waiting.splice(0, JOB_LOG_LIMITS.linesPerBatch - 1);
    if (this.#lost > 0) {
      batch.unshift(
        lineOf("warn", `${this.#lost} lines were not sent (the server did not take them)`, undefined),
      );
      this.#lost = 0;
    }
    const sending = this.api.jobs
      .log(this.jobId, batch)
      .then(
        () => undefined,
        (error: unknown) =>
          this.logger.warn(
            `${batch.length} log lines of job ${this.jobId} not sent: ${errorMessage(error)}`,
            {
              jobId: this.jobId,
            },
          ),
      )
      .finally(() => {
        this.#sending = undefined;
        if (this.#waiting.length >= this.maxLines) void this.#send();
        else if (this.#waiting.length > 0) this.#arm();
      });
    this.#sending = sending;
    return sending;
  }
}

/**
 * A {@link JobLog} of one job, for any handler (the job handler's context has one already):
 *
 * @example
 * listener.on("job:ready", { job: "workbook:export" }, async (event, { api }) => {
 *   const log = jobLog(api, event.context.jobId!);
 *   log.info("Reading rows", { sheet: "contacts" });
 *   ...
 *   await log.flush();
 * });
 */
export function jobLog(api: ApiClient, jobId: string, options: JobLogOptions = {}): JobLog {
  const buffer = new JobLogBuffer(
    api,
    jobId,
    options.flushMs ?? DEFAULT_JOB_LOG_FLUSH_MS,
    Math.min(options.maxLines ?? DEFAULT_JOB_LOG_MAX_LINES, JOB_LOG_LIMITS.linesPerBatch - 1),
    options.logger ?? silentLogger,
  );
  const write = (level: JobLogLevel, message: string, data?: LogData) => {
    try {
      buffer.push(lineOf(level, message, data));
    } catch (error) {
      options.logger?.warn(`a log line of job ${jobId} was not written: ${errorMessage(error)}`, { jobId });
    }
  };
  function log(first: string, second?: string | LogData, third?: LogData): void {
    if (isLevel(first) && typeof second === "string") write(first, second, third);
    else write("info", first, typeof second === "object" ? second : undefined);
  }
  return Object.assign(log as JobLog, {
    debug: (message: string, data?: LogData) => write("debug", message, data),
    info: (message: string, data?: LogData) => write("info", message, data),
    warn: (message: string, data?: LogData) => write("warn", message, data),
    error: (message: string, data?: LogData) => write("error", message, data),
    flush: () => buffer.flush(),
  });
}
