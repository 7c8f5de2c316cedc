import { jobEventContext, type JobLike } from "./job-event-context";
import type { ListenerHandler, ListenerStatus } from "./schemas/listener";
import type { JobType } from "./schemas/job";
import { filterMatches, topicMatches } from "./topic-match";

/** What the rule reads of a listener: its registrations, and whether it is connected (connected when not said). */
export type HandlingListener = { handles: readonly ListenerHandler[]; status?: ListenerStatus };

/** The `job:ready` event a job (or an action's future job) publishes, as far as listeners' filters can see it. */
function readyEventOf(job: JobLike): object {
  return {
    topic: "job:ready",
    domain: "job",
    context: {
      ...(job.environmentId ? { environmentId: job.environmentId } : {}),
      ...jobEventContext(job),
    },
    payload: {
      job: `${job.type}:${job.operation}`,
      domain: job.type,
      operation: job.operation,
      status: "ready",
      progress: 0,
      mode: job.mode ?? "foreground",
      isPart: job.part !== undefined,
    },
  };
}

/** `"workbook:export"` as a job: its type before the first ":", its operation after it. */
function jobOf(job: JobLike | string): JobLike {
  if (typeof job !== "string") return job;
  const colon = job.indexOf(":");
  return { type: job.slice(0, colon) as JobType, operation: job.slice(colon + 1) };
}

/**
 * The connected listeners that would receive the job's `job:ready` event: one of their registrations asks for that
 * topic and every filter of it matches the event (the matching the SDK delivers events with). Give the job, or an
 * action's job name (`"workbook:export"`) with what is known of where it runs (`{ type, operation, spaceId }`).
 */
export function listenersHandling<L extends HandlingListener>(
  job: JobLike | string,
  listeners: readonly L[],
): L[] {
  const event = readyEventOf(jobOf(job));
  return listeners.filter(
    (listener) =>
      listener.status !== "disconnected" &&
      listener.handles.some(
        (handler) =>
          topicMatches(handler.topics, "job:ready") &&
          (handler.filters ?? []).every((filter) => filterMatches(filter, event)),
      ),
  );
}

/**
 * True when someone will run the job: the platform's own worker for a managed job, else a connected listener (see
 * `listenersHandling`). False means the job waits until a listener that handles it connects.
 */
export function isJobHandled(job: JobLike | string, listeners: readonly HandlingListener[]): boolean {
  if (typeof job !== "string" && job.managed) return true;
  return listenersHandling(job, listeners).length > 0;
}
