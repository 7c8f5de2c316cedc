import type {
  Job,
  JobAckDetails,
  JobCancelDetails,
  JobCompleteDetails,
  JobConfig,
  JobFailDetails,
  JobUpdate,
} from "./schemas/job";
import { attemptReason, jobAttempt, maxAttemptsFrom, nextAttemptAt, withAttempt } from "./job-retry";
import type { JobEventPayload } from "./schemas/event";
import { assertExhaustive, isFinalStatus, type JobStatus } from "./job-status";

/** Topics a job transition can publish, in the order they are published. */
export const JOB_TOPICS = [
  "job:created",
  "job:scheduled",
  "job:ready",
  "job:updated",
  "job:completed",
  "job:failed",
  "job:outcome-acknowledged",
  "job:deleted",
] as const;
export type JobTopic = (typeof JOB_TOPICS)[number];

export function isJobTopic(topic: string): topic is JobTopic {
  return (JOB_TOPICS as readonly string[]).includes(topic);
}

/** Every call that can change a job, as a discriminated union; `listenerId` is the caller's X-Listener-Id. */
export type JobCommand =
  | { type: "execute" }
  | { type: "ack"; details: JobAckDetails; listenerId?: string }
  | { type: "update"; update: JobUpdate; listenerId?: string }
  | { type: "complete"; details: JobCompleteDetails; listenerId?: string }
  /** With attempts left (and not `retry: false`) a failed attempt is scheduled again rather than failing the job. */
  | { type: "fail"; details: JobFailDetails; listenerId?: string }
  | { type: "cancel"; details: JobCancelDetails }
  | { type: "retry" }
  | { type: "ackOutcome" }
  | { type: "delete" }
  /** A waiting job whose predecessors are all complete. */
  | { type: "release" }
  /** A scheduled job whose time has come (the scheduler's call; a listener starts it as it starts any ready job). */
  | { type: "due" };

export type JobCommandType = JobCommand["type"];

export type JobTransition =
  | { ok: true; job: Job; topics: JobTopic[]; deleted?: boolean }
  | { ok: false; reason: "conflict"; message: string };

const refuse = (job: Job, call: string): JobTransition => ({
  ok: false,
  reason: "conflict",
  message: `Cannot ${call} job ${job.id}: its status is "${job.status}"`,
});

/** Statuses from which each call is allowed (the spec's transition table). */
export const ALLOWED_FROM: Record<Exclude<JobCommandType, "update">, readonly JobStatus[]> = {
  execute: ["created", "planning"],
  ack: ["ready", "executing"],
  complete: ["ready", "executing"],
  fail: ["ready", "executing"],
  cancel: ["created", "planning", "scheduled", "waiting", "ready", "executing"],
  retry: ["failed", "canceled"],
  ackOutcome: ["complete", "failed", "canceled"],
  delete: ["created", "planning", "scheduled", "waiting", "ready", "complete", "failed", "canceled"],
  release: ["waiting"],
  due: ["scheduled"],
};

type Context = { now: string; predecessorsComplete?: boolean };

/** The refusal of a call from a listener other than the one that claimed the job; none for the claimer or no header. */
export function claimConflict(job: Job, listenerId: string | undefined): JobTransition | undefined {
  if (!listenerId || !job.claimedBy || job.claimedBy === listenerId) return undefined;
  return {
    ok: false,
    reason: "conflict",
    message: `Job ${job.id} is being run by another listener (status "${job.status}")`,
  };
}

// A loop, not fromEntries(entries().filter()): every job call runs this, and the pairs were its garbage.
function withoutUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) out[key] = field;
  }
  return out as T;
}

/**
 * The job state machine: a pure function from (job, command, now) to the next job and the topics to publish,
 * or a refusal naming the job's status. The server writes the result and its events in one transaction.
 */
export function transition(job: Job, command: JobCommand, ctx: Context): JobTransition {
  const { now } = ctx;
  if (command.type !== "update" && !ALLOWED_FROM[command.type].includes(job.status)) {
    return refuse(job, command.type === "ackOutcome" ? "acknowledge the outcome of" : command.type);
  }
  const next = (patch: Partial<Job>): Job => withoutUndefined({ ...job, ...patch, updatedAt: now });

  switch (command.type) {
    case "execute":
    case "due":
      return {
        ok: true,
        job: next({
          status: ctx.predecessorsComplete === false ? "waiting" : "ready",
          nextAttemptAt: undefined,
        }),
        topics: ctx.predecessorsComplete === false ? ["job:updated"] : ["job:ready"],
      };
    case "release":
      return { ok: true, job: next({ status: "ready" }), topics: ["job:ready"] };
    case "ack": {
      const conflict = claimConflict(job, command.listenerId);
      if (conflict) return conflict;
      const first = job.status === "ready";
      return {
        ok: true,
        job: next({
          status: "executing",
          startedAt: job.startedAt ?? now,
          claimedBy: first ? (command.listenerId ?? job.claimedBy) : job.claimedBy,
          info: command.details.info ?? job.info,
          progress: command.details.progress ?? job.progress,
          estimatedCompletionAt: command.details.estimatedCompletionAt ?? job.estimatedCompletionAt,
        }),
        topics: ["job:updated"],
      };
    }
    case "update":
      return applyUpdate(job, command, ctx);
    case "complete":
    case "fail": {
      const conflict = claimConflict(job, command.listenerId);
      if (conflict) return conflict;
      const completed = command.type === "complete";
      const retryAt =
        command.type === "fail" && command.details.retry !== false ? nextAttemptAt(job, now) : undefined;
      if (command.type === "fail" && retryAt) return scheduleRetry(job, command.details, retryAt, now);
      return {
        ok: true,
        job: next({
          status: completed ? "complete" : "failed",
          progress: completed ? 100 : job.progress,
          startedAt: job.startedAt ?? now,
          finishedAt: now,
          // The finishing call's own outcome or none: one given at creation never speaks for the listener.
          outcome: command.details.outcome,
          info: command.details.info ?? job.info,
        }),
        topics: [completed ? "job:completed" : "job:failed"],
      };
    }
    case "cancel":
      return {
        ok: true,
        job: next({
          status: "canceled",
          finishedAt: now,
          info: command.details.info ?? job.info,
          nextAttemptAt: undefined,
        }),
        topics: ["job:updated"],
      };
    case "retry": {
      const {
        progress: _p,
        info: _i,
        outcome: _o,
        finishedAt: _f,
        outcomeAcknowledgedAt: _a,
        startedAt: _s,
        claimedBy: _c,
        estimatedCompletionAt: _e,
        nextAttemptAt: _n,
        ...rest
      } = job;
      // Numbering goes on, so each attempt's log lines stay its own; an attempt that never started (canceled while
      // it waited) keeps its number. The job's retry policy gets a new round.
      const started = job.startedAt !== undefined;
      const attempt = jobAttempt(job) + (started ? 1 : 0);
      const attempts = started
        ? withAttempt(job.attempts, {
            attempt: jobAttempt(job),
            status: job.status === "canceled" ? "canceled" : "failed",
            startedAt: job.startedAt,
            finishedAt: job.finishedAt,
            reason: attemptReason(job.outcome, job.info),
          })
        : job.attempts;
      return {
        ok: true,
        job: withoutUndefined({
          ...rest,
          status: "ready",
          progress: 0,
          attempt,
          maxAttempts: maxAttemptsFrom(job.retry, attempt),
          attempts,
          updatedAt: now,
        }),
        topics: ["job:ready"],
      };
    }
    case "ackOutcome":
      // Idempotent: the first acknowledgement is kept and published once.
      if (job.outcomeAcknowledgedAt) return { ok: true, job, topics: [] };
      return { ok: true, job: next({ outcomeAcknowledgedAt: now }), topics: ["job:outcome-acknowledged"] };
    case "delete":
      return { ok: true, job, topics: ["job:deleted"], deleted: true };
    default:
      return assertExhaustive(command);
  }
}

/**
 * A failed attempt with attempts left: the job waits in `scheduled` until `nextAttemptAt` (the scheduler's `due`),
 * the attempt goes to its history, and what the attempt left (outcome, times, claim, info) is cleared for the next.
 * It publishes `job:scheduled` only, never `job:failed`, which tells listeners the job failed for good.
 */
function scheduleRetry(job: Job, details: JobFailDetails, retryAt: string, now: string): JobTransition {
  const {
    outcome: _o,
    info: _i,
    startedAt: _s,
    finishedAt: _f,
    claimedBy: _c,
    estimatedCompletionAt: _e,
    ...rest
  } = job;
  const attempt = jobAttempt(job);
  return {
    ok: true,
    job: withoutUndefined({
      ...rest,
      status: "scheduled",
      progress: 0,
      attempt: attempt + 1,
      nextAttemptAt: retryAt,
      attempts: withAttempt(job.attempts, {
        attempt,
        status: "failed",
        startedAt: job.startedAt ?? now,
        finishedAt: now,
        reason: attemptReason(details.outcome, details.info),
      }),
      updatedAt: now,
    }),
    topics: ["job:scheduled"],
  };
}

/** PATCH: fields on any non-final job; a `status` is a legal move only when it names another call of the table. */
function applyUpdate(
  job: Job,
  command: Extract<JobCommand, { type: "update" }>,
  ctx: Context,
): JobTransition {
  const { update, listenerId } = command;
  if (isFinalStatus(job.status)) return refuse(job, "update");
  const conflict = claimConflict(job, listenerId);
  if (conflict) return conflict;
  const fields: Partial<Job> = {
    progress: update.progress ?? job.progress,
    info: update.info ?? job.info,
    metadata: update.metadata ? { ...job.metadata, ...update.metadata } : job.metadata,
    config: update.config ?? job.config,
    estimatedCompletionAt:
      update.estimatedCompletionAt === null
        ? undefined
        : (update.estimatedCompletionAt ?? job.estimatedCompletionAt),
  };
  // withoutUndefined drops keys set to undefined, so `estimatedCompletionAt: null` clears the estimate.
  const patched: Job = withoutUndefined({ ...job, ...fields, updatedAt: ctx.now });
  const target = update.status;
  if (target === undefined || target === job.status)
    return { ok: true, job: patched, topics: ["job:updated"] };
  const viaCall = statusCall(target, update, listenerId);
  if (!viaCall) {
    if ((target === "planning" || target === "scheduled") && job.status === "created") {
      return { ok: true, job: { ...patched, status: target }, topics: ["job:updated"] };
    }
    return {
      ok: false,
      reason: "conflict",
      message: `Cannot move job ${job.id} from "${job.status}" to "${target}"`,
    };
  }
  const moved = transition(patched, viaCall, ctx);
  if (!moved.ok)
    return {
      ok: false,
      reason: "conflict",
      message: `Cannot move job ${job.id} from "${job.status}" to "${target}"`,
    };
  return moved;
}

function statusCall(
  target: JobStatus,
  update: JobUpdate,
  listenerId: string | undefined,
): JobCommand | undefined {
  switch (target) {
    case "ready":
      return { type: "execute" };
    case "executing":
      return { type: "ack", details: {}, listenerId };
    case "complete":
      return { type: "complete", details: { outcome: update.outcome }, listenerId };
    case "failed":
      return { type: "fail", details: { outcome: update.outcome }, listenerId };
    case "canceled":
      return { type: "cancel", details: {} };
    default:
      return undefined;
  }
}

export type NewJobContext = {
  id: string;
  now: string;
  environmentId: string;
  spaceId?: string;
  workbookId?: string;
  createdBy?: string;
  /** False while some predecessor is unfinished: an immediate job then waits. */
  predecessorsComplete: boolean;
  /**
   * The scheduler's job for a coming slot: created straight into `scheduled` until the `due` call. Not a status the
   * API lets a caller ask for, since only the scheduler knows when such a job is due.
   */
  scheduled?: boolean;
};

/** What a job created straight into a status publishes after `job:created`. */
const CREATED_WITH: Record<JobStatus, JobTopic[]> = {
  created: [],
  planning: [],
  scheduled: ["job:scheduled"],
  waiting: [],
  ready: ["job:ready"],
  executing: [],
  complete: [],
  failed: [],
  canceled: [],
};

/**
 * A new job from its config: `created`, or with `trigger: immediate` straight on to `ready` (or `waiting`), or
 * `scheduled` for the scheduler.
 */
export function createJob(config: JobConfig, ctx: NewJobContext): { job: Job; topics: JobTopic[] } {
  const immediate = config.trigger === "immediate" || config.status === "ready";
  const status: JobStatus = ctx.scheduled
    ? "scheduled"
    : immediate
      ? ctx.predecessorsComplete
        ? "ready"
        : "waiting"
      : (config.status ?? "created");
  const job: Job = withoutUndefined({
    id: ctx.id,
    type: config.type,
    operation: config.operation,
    source: config.source,
    destination: config.destination,
    config: config.config,
    trigger: config.trigger ?? "manual",
    status,
    progress: config.progress ?? 0,
    fileId: config.fileId,
    mode: config.mode ?? "background",
    input: config.input,
    subject: config.subject,
    outcome: config.outcome,
    info: config.info,
    managed: config.managed ?? false,
    environmentId: ctx.environmentId,
    spaceId: ctx.spaceId,
    workbookId: ctx.workbookId,
    part: config.part,
    partData: config.partData,
    partExecution: config.partExecution,
    parentId: config.parentId,
    predecessorIds: config.predecessorIds,
    rerunOf: config.rerunOf,
    metadata: config.metadata ?? {},
    estimatedCompletionAt: config.estimatedCompletionAt,
    retry: config.retry,
    attempt: 1,
    maxAttempts: maxAttemptsFrom(config.retry, 1),
    createdBy: ctx.createdBy,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  return { job, topics: ["job:created", ...CREATED_WITH[status]] };
}

/**
 * The payload of the event `topic` of a transition that left the job as `job` (see JobEventPayload). `job:created`
 * describes the job as created, even when it moved straight on (its `job:ready` or `job:scheduled` follows).
 */
export function jobEventPayload(job: Job, topic: JobTopic): JobEventPayload {
  const finished = topic === "job:completed" || topic === "job:failed";
  const lastAttempt = job.attempts?.at(-1);
  return {
    job: `${job.type}:${job.operation}`,
    domain: job.type,
    operation: job.operation,
    status: topic === "job:created" ? "created" : job.status,
    ...(job.info !== undefined ? { info: job.info } : {}),
    progress: job.progress,
    mode: job.mode,
    isPart: job.part !== undefined,
    ...(job.estimatedCompletionAt ? { estimatedCompletionAt: job.estimatedCompletionAt } : {}),
    // Only the finishing events: a transition sets the outcome there and nowhere else (a retry clears it).
    ...(finished && job.outcome ? { outcome: job.outcome } : {}),
    ...(job.attempt !== undefined ? { attempt: job.attempt } : {}),
    ...(job.maxAttempts !== undefined ? { maxAttempts: job.maxAttempts } : {}),
    ...(job.nextAttemptAt !== undefined ? { nextAttemptAt: job.nextAttemptAt } : {}),
    ...(job.partCounts !== undefined ? { partCounts: job.partCounts } : {}),
    ...(topic === "job:scheduled" && job.nextAttemptAt !== undefined && lastAttempt
      ? { failedAttempt: lastAttempt }
      : {}),
  };
}
