import { LIMITS, type Job, type JobOutcome, type JobType } from "../../core";
import { ApiError } from "../http/api-error";
import { applyJobCommand } from "../services/job-service";
import { SYSTEM_ACTOR, SYSTEM_WORKER_ID } from "./system-actor";
import { JobInterruptedError, SystemJobError, SystemJobRun, type SystemJobDeps } from "./system-job-run";

/** What runs one kind of system job. */
export type SystemJobHandler = {
  type: JobType;
  operation: string;
  /** Does the work through `run.chunk` and ends with `run.complete` (or throws a {@link SystemJobError}). */
  run(run: SystemJobRun): Promise<void>;
  /**
   * After a cancel or delete stopped a run: make what the run left consistent (in transactions of its own). `job` is
   * the job as found (undefined once deleted), `last` as the run last wrote it.
   */
  interrupted?(deps: SystemJobDeps, job: Job | undefined, last: Job): Promise<void>;
};

export type SystemWorkerOptions = {
  /** Jobs this instance runs at once (default 2). */
  concurrency?: number;
  /** How often the worker looks for ready jobs it missed and for stalled runs (default 5 s). */
  pollIntervalMs?: number;
  /**
   * A run that has written nothing for this long is taken to be dead (its instance crashed) and is resumed by the
   * next instance that looks (default 30 s). A live run writes at every chunk, many times a second.
   */
  staleAfterMs?: number;
  onError?: (error: unknown, job: Job | undefined) => void;
};

export type SystemWorker = {
  /** Stops taking jobs; runs in progress stop at their next chunk and stay `executing`, to be resumed. */
  stop(): Promise<void>;
  /** Resolves when no job is queued or running (for tests and the bench). */
  idle(): Promise<void>;
};

export const SYSTEM_WORKER_DEFAULTS = { concurrency: 2, pollIntervalMs: 5_000, staleAfterMs: 30_000 };

const keyOf = (type: string, operation: string) => `${type}:${operation}`;

const UNEXPECTED: JobOutcome = {
  heading: "Failed",
  message:
    "Something unexpected stopped this job. Retry it; if it fails again, an operator can find the details in the server's log.",
};

/**
 * The platform's own worker: runs the system jobs (`managed: true`, of a kind it has a handler for) inside the
 * server, on every instance. It hears of ready jobs from the store's commits (its own and, on PostgreSQL, other
 * instances'), and also looks for them every `pollIntervalMs`, so none is missed. A job is claimed with the same ack
 * and compare-and-set that listeners use, so two instances never both run it; a run whose instance died is resumed
 * from its last committed chunk.
 */
export function startSystemWorker(
  deps: SystemJobDeps,
  handlers: readonly SystemJobHandler[],
  options: SystemWorkerOptions = {},
): SystemWorker {
  const settings = { ...SYSTEM_WORKER_DEFAULTS, ...stripUndefined(options) };
  const report = options.onError ?? ((error) => console.error("system worker:", error));
  const byKey = new Map(handlers.map((handler) => [keyOf(handler.type, handler.operation), handler]));
  const queue: string[] = [];
  const active = new Map<string, { run?: SystemJobRun; done: Promise<void> }>();
  let idleWaiters: (() => void)[] = [];
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let scanning: Promise<void> | undefined;

  const settleIdle = () => {
    if (queue.length > 0 || active.size > 0 || scanning) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const enqueue = (jobId: string) => {
    if (stopped || active.has(jobId) || queue.includes(jobId)) return;
    queue.push(jobId);
    pump();
  };

  const pump = () => {
    while (!stopped && active.size < settings.concurrency && queue.length > 0) {
      const jobId = queue.shift() as string;
      const entry: { run?: SystemJobRun; done: Promise<void> } = { done: Promise.resolve() };
      active.set(jobId, entry);
      entry.done = execute(jobId, entry)
        .catch((error: unknown) => report(error, entry.run?.job))
        .finally(() => {
          active.delete(jobId);
          pump();
          settleIdle();
        });
    }
  };

  /** Claims a ready job, or takes over a stalled run; undefined when it is not this worker's (anymore). */
  const claim = async (jobId: string): Promise<Job | undefined> => {
    const staleBefore = new Date(deps.now().getTime() - settings.staleAfterMs).toISOString();
    try {
      return await deps.store.transaction(async (tx) => {
        const job = await tx.getJob(jobId);
        if (!job?.managed || !byKey.has(keyOf(job.type, job.operation))) return undefined;
        const now = deps.now().toISOString();
        if (job.status === "ready")
          return applyJobCommand(
            deps,
            tx,
            job,
            {
              type: "ack",
              listenerId: SYSTEM_WORKER_ID,
              details: { info: "Starting", progress: job.progress },
            },
            SYSTEM_ACTOR,
            now,
          );
        const stalled =
          job.status === "executing" && job.claimedBy === SYSTEM_WORKER_ID && job.updatedAt < staleBefore;
        if (!stalled) return undefined;
        return applyJobCommand(
          deps,
          tx,
          job,
          {
            type: "update",
            listenerId: SYSTEM_WORKER_ID,
            update: { info: "Resuming where it stopped" },
          },
          SYSTEM_ACTOR,
          now,
        );
      });
    } catch (error) {
      // Another instance claimed it first (a 409 from the compare-and-set): not ours.
      if (error instanceof ApiError && error.status === 409) return undefined;
      throw error;
    }
  };

  const execute = async (jobId: string, entry: { run?: SystemJobRun }) => {
    const job = await claim(jobId);
    if (!job) return;
    const handler = byKey.get(keyOf(job.type, job.operation)) as SystemJobHandler;
    const run = new SystemJobRun(deps, job);
    entry.run = run;
    if (stopped) run.stop();
    try {
      await handler.run(run);
      if (run.job.status === "executing")
        throw new Error(`the ${keyOf(job.type, job.operation)} handler returned without finishing the job`);
    } catch (error) {
      if (error instanceof JobInterruptedError) {
        // Stopping for a shutdown leaves the job to be resumed; a cancel or delete leaves it to be tidied.
        if (!run.stopping && handler.interrupted) await handler.interrupted(deps, error.job, run.job);
        return;
      }
      const outcome =
        error instanceof SystemJobError
          ? { heading: error.heading, message: error.message.slice(0, LIMITS.message) }
          : UNEXPECTED;
      if (!(error instanceof SystemJobError)) report(error, run.job);
      try {
        await run.fail(outcome);
      } catch (failError) {
        if (!(failError instanceof JobInterruptedError)) throw failError;
      }
    }
  };

  const scan = async () => {
    const now = deps.now().getTime();
    const staleBefore = new Date(now - settings.staleAfterMs).toISOString();
    for (const handler of byKey.values()) {
      const base = {
        environmentId: deps.environmentId,
        type: handler.type,
        operation: handler.operation,
        sortDirection: "asc" as const,
        limit: 100,
        offset: 0,
        countLimit: 0,
      };
      const ready = await deps.store.listJobs({ ...base, status: "ready" });
      const stalled = await deps.store.listJobs({ ...base, status: "executing", updatedBefore: staleBefore });
      for (const job of [...ready.items, ...stalled.items]) if (job.managed) enqueue(job.id);
    }
  };

  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      scanning = scan()
        .catch((error: unknown) => report(error, undefined))
        .finally(() => {
          scanning = undefined;
          settleIdle();
          if (!stopped) schedule(settings.pollIntervalMs);
        });
    }, delayMs);
  };

  const unsubscribe = deps.store.onCommit((events) => {
    for (const event of events) {
      if (event.topic !== "job:ready" || !event.context.jobId) continue;
      if (byKey.has(String(event.payload.job))) enqueue(event.context.jobId);
    }
  });
  schedule(0);

  return {
    async stop() {
      stopped = true;
      unsubscribe();
      clearTimeout(timer);
      queue.length = 0;
      for (const entry of active.values()) entry.run?.stop();
      await scanning;
      await Promise.all([...active.values()].map((entry) => entry.done));
    },
    idle() {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
