import { LIMITS, type Job, type JobCommand, type JobOutcome } from "../../core";
import { applyJobCommand } from "../services/job-service";
import type { ServiceDeps } from "../services/service-deps";
import type { BlobStore } from "../files/blob-store";
import type { StoreTx } from "../store/store";
import { SYSTEM_ACTOR, SYSTEM_WORKER_ID } from "./system-actor";
import { yieldToLoop } from "./yield-to-loop";

/** What a system job's handler gets besides its run: the services' dependencies and the file bytes. */
export type SystemJobDeps = ServiceDeps & { blobs: BlobStore };

/**
 * Thrown inside a run when the job is no longer this run's to write: it was canceled, deleted, or taken over after
 * this instance stalled. The worker stops the handler there; whatever the handler committed before stays, chunk by
 * chunk, and each chunk is whole.
 */
export class JobInterruptedError extends Error {
  constructor(
    readonly job: Job | undefined,
    reason: string,
  ) {
    super(reason);
    this.name = "JobInterruptedError";
  }
}

/**
 * Thrown by a handler for a failure a person can act on ("The file has no header row"): the job fails with this
 * message as its outcome. Any other error fails the job with a generic message and is logged.
 */
export class SystemJobError extends Error {
  constructor(
    message: string,
    readonly heading = "Failed",
  ) {
    super(message);
    this.name = "SystemJobError";
  }
}

/** What one chunk reports about the job: progress, the line under it, and the resume cursor in `metadata`. */
export type ChunkReport = {
  progress?: number;
  info?: string;
  metadata?: Record<string, unknown>;
  /** The job's config as it is now (the extract job records the header row it found). */
  config?: Record<string, unknown>;
};

/** Ids of the platform's own metadata on a system job: where a resumed or retried run picks up. */
export const CURSOR_KEY = "systemCursor";

/**
 * One run of a system job by this instance's worker. Every write goes through `chunk`, `complete` or `fail`: each is
 * one transaction that first checks the job is still exactly as this run last wrote it (status and `updatedAt`, a
 * compare-and-set), then writes the handler's work and the job's progress together, so a cancel, a delete or another
 * instance's takeover stops this run at its next chunk with nothing half-written. Between chunks the run yields to
 * the event loop.
 */
export class SystemJobRun {
  #job: Job;
  #stopping = false;

  constructor(
    readonly deps: SystemJobDeps,
    job: Job,
  ) {
    this.#job = job;
  }

  get job(): Job {
    return this.#job;
  }

  /** Where an earlier run of this job stopped (its last committed chunk), or undefined for a fresh start. */
  cursor<T>(): T | undefined {
    return this.#job.metadata[CURSOR_KEY] as T | undefined;
  }

  /** Asks the run to stop at its next chunk (the instance is shutting down); the job stays executing, to be resumed. */
  stop(): void {
    this.#stopping = true;
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  #now(): string {
    return this.deps.now().toISOString();
  }

  /** The job as this run last wrote it, or an interruption. */
  async #current(tx: StoreTx): Promise<Job> {
    const job = await tx.getJob(this.#job.id);
    if (!job) throw new JobInterruptedError(undefined, "The job was deleted");
    if (job.status !== "executing") throw new JobInterruptedError(job, `The job is ${job.status}`);
    if (job.updatedAt !== this.#job.updatedAt)
      throw new JobInterruptedError(job, "The job was changed by someone else");
    return job;
  }

  async #apply(tx: StoreTx, job: Job, command: JobCommand): Promise<Job> {
    return applyJobCommand(this.deps, tx, job, command, SYSTEM_ACTOR, this.#now());
  }

  /**
   * Runs `work` and the job's progress report in one transaction, then yields. The cursor in `report.metadata`
   * commits with the work it describes, which is what makes resume and retry exact. A report that depends on what
   * the work found (how far a read went) is a function of the work's value.
   */
  async chunk<T>(
    work: (tx: StoreTx) => Promise<T>,
    reportOf: ChunkReport | ((value: T) => ChunkReport) = {},
  ): Promise<T> {
    if (this.#stopping) throw new JobInterruptedError(this.#job, "The server is stopping");
    const { value, job } = await this.deps.store.transaction(
      async (tx) => {
        const current = await this.#current(tx);
        const value = await work(tx);
        const report = typeof reportOf === "function" ? reportOf(value) : reportOf;
        const job = await this.#apply(tx, current, {
          type: "update",
          listenerId: SYSTEM_WORKER_ID,
          update: {
            progress: report.progress,
            info: report.info,
            metadata: report.metadata ? { [CURSOR_KEY]: report.metadata } : undefined,
            config: report.config,
          },
        });
        return { value, job };
      },
      // The cursor commits with the chunk: a chunk that a crash takes is done again on resume, so it need not wait
      // for the disk (the job's last commit does, and makes every chunk before it durable).
      { resumable: true },
    );
    this.#job = job;
    await yieldToLoop();
    return value;
  }

  /** Finishes the job: `work` (the last writes) and the completion commit together. */
  async complete(outcome: JobOutcome, info?: string, work?: (tx: StoreTx) => Promise<void>): Promise<Job> {
    this.#job = await this.deps.store.transaction(async (tx) => {
      const current = await this.#current(tx);
      await work?.(tx);
      return this.#apply(tx, current, {
        type: "complete",
        listenerId: SYSTEM_WORKER_ID,
        details: { outcome, info },
      });
    });
    return this.#job;
  }

  /** Fails the job with a reason a person understands; `work` (a clean-up) commits with it. */
  async fail(outcome: JobOutcome, work?: (tx: StoreTx) => Promise<void>): Promise<Job> {
    this.#job = await this.deps.store.transaction(async (tx) => {
      const current = await this.#current(tx);
      await work?.(tx);
      return this.#apply(tx, current, {
        type: "fail",
        listenerId: SYSTEM_WORKER_ID,
        details: { outcome, info: outcome.message?.slice(0, LIMITS.info) },
      });
    });
    return this.#job;
  }
}
