import { isJobTopic } from "./job-machine";
import { withAttempt } from "./job-retry";
import { assertExhaustive, isFinalStatus, type FinalJobStatus } from "./job-status";
import type { Event, JobEventPayload } from "./schemas/event";
import type { Job } from "./schemas/job";
import { JOB_LOGS_APPENDED_TOPIC } from "./job-log-constants";

/*
 * How a job event changes a job, with no schema loaded: the dashboard's first page applies its own server's events
 * with it (see `jobPayloadAsSent`), while `applyJobEvent` (apply-job-event.ts) checks each payload with core's schema.
 */

/** What applying a job event needs of it (an `Event` of the log or of the stream). */
export type JobEventInput = Pick<Event, "topic" | "createdAt" | "payload">;

export type AppliedJobEvent = {
  /**
   * The job after the event: the same object when the event changes nothing (it is older than the job, or it is
   * `job:created` of a job already known), `undefined` once the job is deleted or when there was no job to apply it to.
   */
  job: Job | undefined;
  /** The event changed the job in a way its payload does not say (a payload that is not a job event's): read the job. */
  reread: boolean;
};

/** Reads a job event's payload: undefined when it is not a job event's. */
export type JobPayloadReader = (event: Pick<Event, "payload">) => JobEventPayload | undefined;

/** The fields every job event's payload carries: `JobEventPayload`'s required ones (a test keeps them equal). */
export const JOB_EVENT_PAYLOAD_FIELDS = [
  "job",
  "domain",
  "operation",
  "status",
  "progress",
  "mode",
  "isPart",
] as const satisfies readonly (keyof JobEventPayload)[];

/**
 * A job event's payload as its server sent it, for a client that trusts its own server's events: not checked field
 * by field, only told apart from a payload that is no job event's (an older server's, a stray event), which lacks
 * one of the fields every job event carries.
 */
export const jobPayloadAsSent: JobPayloadReader = (event) =>
  JOB_EVENT_PAYLOAD_FIELDS.every((field) => event.payload[field] !== undefined)
    ? (event.payload as JobEventPayload)
    : undefined;

/**
 * The final status a job event reports when it is the event of the job finishing. A cancel has no topic of its
 * own (as with Flatfile): it is `job:updated` with the status `canceled`.
 */
export function finishedStatusOf(event: Pick<Event, "topic" | "payload">): FinalJobStatus | undefined {
  if (event.topic === "job:completed") return "complete";
  if (event.topic === "job:failed") return "failed";
  if (event.topic === "job:updated" && event.payload.status === "canceled") return "canceled";
  return undefined;
}

const dropUndefined = (job: Job): Job =>
  Object.fromEntries(Object.entries(job).filter(([, value]) => value !== undefined)) as Job;

/**
 * A job event applied to a copy of the job, as the state machine changed the job itself: the payload gives the
 * status, progress, info, estimate and (when the job finished) the outcome; the event's time is the job's `updatedAt`
 * (the server writes a change and its events in one transaction, with one clock reading), and also its `startedAt`
 * on the first `executing`, its `finishedAt` when it finishes, its `outcomeAcknowledgedAt` on
 * `job:outcome-acknowledged`. A `job:ready` after `failed` or `canceled` is a retry, which clears what the last run
 * left. An event older than the copy is ignored (the copy came from a later read or command answer), and so is
 * `job:created` of a known job: it describes the job as created even when it moved straight on.
 * `payloadOf` reads the payload (checked by `applyJobEvent`, as sent by `jobPayloadAsSent`).
 */
export function applyJobEventWith(
  job: Job | undefined,
  event: JobEventInput,
  payloadOf: JobPayloadReader,
): AppliedJobEvent {
  if (!job || event.topic === "job:deleted") return { job: undefined, reread: false };
  // New log lines change nothing of the job itself: no reason to read it again.
  if (event.topic === JOB_LOGS_APPENDED_TOPIC) return { job, reread: false };
  const at = event.createdAt;
  if (Date.parse(at) < Date.parse(job.updatedAt) || event.topic === "job:created")
    return { job, reread: false };
  const payload = payloadOf(event);
  const topic = event.topic;
  if (!payload || !isJobTopic(topic)) return { job, reread: true };

  const next: Job = {
    ...job,
    status: payload.status,
    progress: payload.progress,
    info: payload.info,
    estimatedCompletionAt: payload.estimatedCompletionAt,
    attempt: payload.attempt ?? job.attempt,
    maxAttempts: payload.maxAttempts,
    nextAttemptAt: payload.nextAttemptAt,
    partCounts: payload.partCounts ?? job.partCounts,
    updatedAt: at,
  };
  switch (topic) {
    case "job:scheduled":
      // A failed attempt waiting for its retry: what the attempt left is cleared, as a retry clears it.
      if (payload.failedAttempt) {
        // The attempt joins the copy's history (once: an event applied again changes nothing).
        if (job.attempts?.at(-1)?.attempt !== payload.failedAttempt.attempt)
          next.attempts = withAttempt(job.attempts, payload.failedAttempt);
        next.outcome = undefined;
        next.startedAt = undefined;
        next.finishedAt = undefined;
        next.claimedBy = undefined;
      }
      break;
    case "job:ready":
      if (isFinalStatus(job.status)) {
        next.outcome = undefined;
        next.startedAt = undefined;
        next.finishedAt = undefined;
        next.outcomeAcknowledgedAt = undefined;
        next.claimedBy = undefined;
      }
      break;
    case "job:updated":
      if (payload.status === "executing") next.startedAt = job.startedAt ?? at;
      if (payload.status === "canceled") next.finishedAt = at;
      break;
    case "job:completed":
    case "job:failed":
      next.startedAt = job.startedAt ?? at;
      next.finishedAt = at;
      next.outcome = payload.outcome;
      break;
    case "job:outcome-acknowledged":
      next.outcomeAcknowledgedAt = job.outcomeAcknowledgedAt ?? at;
      break;
    case "job:created":
    case "job:deleted":
      // Handled above.
      break;
    default:
      return assertExhaustive(topic);
  }
  return { job: dropUndefined(next), reread: false };
}
