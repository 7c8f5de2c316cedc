import type { z } from "zod";
import { LIMITS, type EventFilter, type Job, type JobCompleteDetails, type JobOutcome } from "../core";
import type { ApiClient } from "./client/client";
import { ConflictError, NotFoundError } from "./client/errors";
import { jobLog, type JobLog } from "./job-log";
import { isJobCanceled } from "./listener/errors";
import { isRetryable } from "./permanent-error";
import type { StreamEvent } from "./listener/event-stream";
import type { HandlerContext, ListenerPlugin } from "./listener/listener";
import { errorMessage, type Logger } from "./listener/logger";

/** Reports progress: an ack with `progress` (0-100) and, optionally, a new `info` line. Resolves once sent. */
export type JobTick = (progress: number, info?: string) => Promise<void>;

/** What a job handler receives besides the job and `tick`. */
export type JobHandlerContext = HandlerContext & {
  /** The `job:ready` event that started the run. */
  event: StreamEvent;
  /**
   * The job's log (`log("message")`, `log("warn", "message", data)`, `log.info(...)`): lines are sent in batches and
   * all of them before the job is completed or failed; a line that cannot be sent never fails the job.
   */
  log: JobLog;
};

/**
 * What a job handler may return: nothing (the job completes with a default outcome), an outcome
 * (`{ message, acknowledge, next, ... }`), or complete details as `@flatfile/plugin-job-handler` takes them
 * (`{ outcome, info }`). The two object forms share no key, so either is read unambiguously.
 */
export type JobHandlerResult =
  void | undefined | z.input<typeof JobOutcome> | z.input<typeof JobCompleteDetails>;

/** The work of one job: receives the acked job, a progress `tick` and the context (with `signal`). */
export type JobHandlerFunction = (
  job: Job,
  tick: JobTick,
  context: JobHandlerContext,
) => JobHandlerResult | Promise<JobHandlerResult>;

/** Options of {@link jobHandler}. */
export type JobHandlerOptions = {
  /** Log each step (ack, complete, fail) at info level instead of debug. */
  debug?: boolean;
  /** The `info` of the first ack ("Accepted"). */
  ackInfo?: string;
  /**
   * While the handler runs, an ack is sent when no tick was sent for this long, in ms (60 s), keeping progress and
   * info as they are: the server fails an executing job that reports nothing within its lease (5 minutes), and a
   * long step without ticks must not look stuck. Calls the handler makes through `context.api` itself are not
   * counted.
   */
  heartbeatMs?: number;
  /**
   * Whether this listener runs the job, asked before it is claimed: a job declined here is neither acked nor
   * failed, and stays ready for another listener (the demo builds only the space it owns).
   */
  accepts?: (event: StreamEvent, context: HandlerContext) => boolean | Promise<boolean>;
};

export const DEFAULT_HEARTBEAT_MS = 60_000;

/** The outcome a job completes with when its handler returns nothing. */
export const DEFAULT_JOB_OUTCOME = { message: "Job completed", acknowledge: false } as const;

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Turns what a handler returned into the body of `POST /jobs/{id}/complete`. */
export function toCompleteDetails(result: JobHandlerResult): z.input<typeof JobCompleteDetails> {
  if (!result) return { outcome: DEFAULT_JOB_OUTCOME };
  if ("outcome" in result || "info" in result) return result as z.input<typeof JobCompleteDetails>;
  return { outcome: result as z.input<typeof JobOutcome> };
}

/**
 * Sends progress ticks with at most one request in flight: a tick that arrives while one is being sent replaces any
 * tick still waiting, so a fast loop costs at most two requests at a time and the last progress always arrives.
 * When nothing was sent for `heartbeatMs` it sends an ack without progress or info (the server keeps both), so the
 * job's lease is renewed however long the handler works between ticks.
 */
class ProgressTicker {
  #sending = false;
  #closed = false;
  #next: { progress?: number; info?: string; waiters: (() => void)[] } | undefined;
  #idle: (() => void)[] = [];
  #heartbeat: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly jobId: string,
    private readonly logger: Logger,
    private readonly signal: AbortSignal,
    private readonly heartbeatMs: number,
  ) {
    // The claiming ack was just sent: the first heartbeat is due one interval after it.
    this.#armHeartbeat();
  }

  readonly tick: JobTick = (progress, info) =>
    new Promise<void>((resolve) => {
      if (this.#closed) return resolve();
      if (this.#next) {
        this.#next.progress = progress;
        if (info !== undefined) this.#next.info = info;
        this.#next.waiters.push(resolve);
      } else {
        this.#next = { progress, ...(info === undefined ? {} : { info }), waiters: [resolve] };
      }
      this.#pump();
    });

  /** Stops taking ticks and heartbeats, and resolves when the last tick has been sent. */
  close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#heartbeat);
    if (!this.#sending && !this.#next) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    const batch = this.#next;
    if (this.#sending || !batch) {
      if (!this.#sending && !batch) for (const resolve of this.#idle.splice(0)) resolve();
      return;
    }
    this.#next = undefined;
    this.#sending = true;
    this.#armHeartbeat();
    const details = {
      ...(batch.progress === undefined ? {} : { progress: batch.progress }),
      ...(batch.info === undefined ? {} : { info: batch.info }),
    };
    this.api.jobs
      .ack(this.jobId, details)
      .then(
        () => undefined,
        (error: unknown) => {
          // Progress is best effort: a refused tick (the job was canceled meanwhile) must not fail the work.
          const log = this.signal.aborted ? this.logger.debug : this.logger.warn;
          log(`progress of job ${this.jobId} not sent: ${errorMessage(error)}`, { jobId: this.jobId });
        },
      )
      .finally(() => {
        this.#sending = false;
        for (const resolve of batch.waiters) resolve();
        this.#pump();
      });
  }

  /** (Re)starts the countdown to the next heartbeat; every ack sent restarts it. */
  #armHeartbeat(): void {
    clearTimeout(this.#heartbeat);
    if (this.#closed) return;
    this.#heartbeat = setTimeout(() => {
      // A canceled job refuses acks; a tick waiting or on its way renews the lease anyway.
      if (this.#closed || this.signal.aborted) return;
      if (this.#sending || this.#next) return this.#armHeartbeat();
      this.logger.debug(`job ${this.jobId}: no progress for ${this.heartbeatMs} ms, sending a heartbeat`, {
        jobId: this.jobId,
      });
      this.#next = { waiters: [] };
      this.#pump();
    }, this.heartbeatMs);
  }
}

/**
 * A plugin that runs a job when it becomes ready, as `@flatfile/plugin-job-handler` does: on `job:ready` for the
 * job name (`"workbook:export"`) or filter, it acks the job (which claims it for this listener), runs `handler` with
 * the job, a progress `tick` and a context with `signal`, then completes the job with what the handler returned (or
 * {@link DEFAULT_JOB_OUTCOME}), or fails it with the thrown error's message (`outcome: { message, acknowledge: true }`).
 * A job with a retry policy is then tried again (a new `job:ready`), unless the error was a {@link PermanentError}.
 *
 * If the job is canceled while the handler runs, `signal` aborts and the job is neither completed nor failed.
 * A job another listener claimed first (409 on the ack) is left to that listener.
 *
 * @example
 * listener.use(
 *   jobHandler("workbook:export", async (job, tick, { signal }) => {
 *     await tick(50, "Halfway");
 *     return { message: "Exported", acknowledge: true };
 *   }),
 * );
 */
export function jobHandler(
  job: string | EventFilter,
  handler: JobHandlerFunction,
  options: JobHandlerOptions = {},
): ListenerPlugin {
  const filter: EventFilter = typeof job === "string" ? { job } : job;
  return (listener) => {
    listener.on("job:ready", filter, async (event, context) => {
      if (options.accepts && !(await options.accepts(event, context))) {
        context.logger.debug(`job ${event.context.jobId ?? "?"} declined here: left for another listener`, {
          eventId: event.id,
        });
        return;
      }
      return runJob(event, context, handler, options);
    });
  };
}

async function runJob(
  event: StreamEvent,
  context: HandlerContext,
  handler: JobHandlerFunction,
  options: JobHandlerOptions,
): Promise<void> {
  const { api, signal, logger } = context;
  const jobId = event.context.jobId;
  if (!jobId) {
    logger.warn(`job:ready event ${event.id} carries no jobId`, { eventId: event.id });
    return;
  }
  const step = (message: string) => (options.debug ? logger.info : logger.debug)(message, { jobId });

  let job: Job;
  try {
    job = await api.jobs.ack(jobId, { info: options.ackInfo ?? "Accepted", progress: 0 });
  } catch (error) {
    // Claimed by another listener, no longer ready, or deleted: not ours to run.
    if (error instanceof ConflictError || error instanceof NotFoundError) {
      step(`job ${jobId} not run here: ${error.firstMessage}`);
      return;
    }
    throw error;
  }
  step(`job ${jobId} acknowledged`);

  const ticker = new ProgressTicker(api, jobId, logger, signal, options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  const log = jobLog(api, jobId, { logger });
  let result: JobHandlerResult;
  let failure: { error: unknown; permanent?: boolean } | undefined;
  try {
    result = await handler(job, ticker.tick, { ...context, event, log });
  } catch (error) {
    failure = { error };
  }
  // Every line the handler wrote is in the log before the job finishes (and before a watcher reads the outcome).
  await Promise.all([ticker.close(), log.flush()]);
  if (isJobCanceled(signal)) {
    step(`job ${jobId} was canceled while running: its result is not reported`);
    return;
  }

  if (!failure) {
    try {
      await api.jobs.complete(jobId, toCompleteDetails(result));
      step(`job ${jobId} complete`);
      return;
    } catch (error) {
      if (await canceledMeanwhile(api, jobId, error)) return;
      // An outcome the API refused (a bad `next` URL, ...) fails the job with the reason, as the plugin does; the
      // same code would return it again, so it is not retried.
      failure = { error, permanent: true };
    }
  }
  const message = errorMessage(failure.error) || "The job failed";
  const retry = !failure.permanent && isRetryable(failure.error);
  let answered: Job;
  try {
    answered = await api.jobs.fail(jobId, {
      info: truncate(message, LIMITS.info),
      outcome: { message: truncate(message, LIMITS.message), acknowledge: true },
      ...(retry ? {} : { retry: false }),
    });
  } catch (error) {
    if (await canceledMeanwhile(api, jobId, error)) return;
    logger.error(`job ${jobId} failed: ${message}`, { jobId });
    throw error;
  }
  // An attempt the job's retry policy runs again is part of the plan, not an error of the listener.
  if (answered.status === "scheduled")
    logger.info(
      `job ${jobId} attempt ${(answered.attempt ?? 2) - 1} failed: ${message}; attempt ${answered.attempt ?? 2} at ${answered.nextAttemptAt ?? "?"}`,
      { jobId },
    );
  else logger.error(`job ${jobId} failed: ${message}`, { jobId });
}

/** After a 409 on complete or fail: true when the job was canceled (its `job:updated` had not reached us yet). */
async function canceledMeanwhile(api: ApiClient, jobId: string, error: unknown): Promise<boolean> {
  if (!(error instanceof ConflictError)) return false;
  const job = await api.jobs.get(jobId).catch(() => undefined);
  return job?.status === "canceled";
}
