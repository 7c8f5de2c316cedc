import { isJobTopic } from "./job-machine";
import { assertExhaustive, isFinalStatus, type FinalJobStatus } from "./job-status";
import { JobEventPayload, type Event } from "./schemas/event";
import type { Job } from "./schemas/job";

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

/** The payload of a job event, or undefined when it is not one (an older server's, a stray event). */
export function jobEventPayloadOf(event: Pick<Event, "payload">): JobEventPayload | undefined {
  const parsed = JobEventPayload.safeParse(event.payload);
  return parsed.success ? parsed.data : undefined;
}

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
 */
export function applyJobEvent(job: Job | undefined, event: JobEventInput): AppliedJobEvent {
  if (!job || event.topic === "job:deleted") return { job: undefined, reread: false };
  const at = event.createdAt;
  if (Date.parse(at) < Date.parse(job.updatedAt) || event.topic === "job:created")
    return { job, reread: false };
  const payload = jobEventPayloadOf(event);
  const topic = event.topic;
  if (!payload || !isJobTopic(topic)) return { job, reread: true };

  const next: Job = {
    ...job,
    status: payload.status,
    progress: payload.progress,
    info: payload.info,
    estimatedCompletionAt: payload.estimatedCompletionAt,
    updatedAt: at,
  };
  switch (topic) {
    case "job:scheduled":
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
