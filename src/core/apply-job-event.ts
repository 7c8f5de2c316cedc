import { applyJobEventWith, type AppliedJobEvent, type JobEventInput } from "./apply-job-payload";
import { JobEventPayload, type Event } from "./schemas/event";
import type { Job } from "./schemas/job";

/** The payload of a job event, or undefined when it is not one (an older server's, a stray event). */
export function jobEventPayloadOf(event: Pick<Event, "payload">): JobEventPayload | undefined {
  const parsed = JobEventPayload.safeParse(event.payload);
  return parsed.success ? parsed.data : undefined;
}

/** A job event applied to a copy of the job (see `applyJobEventWith`), its payload checked with core's schema. */
export function applyJobEvent(job: Job | undefined, event: JobEventInput): AppliedJobEvent {
  return applyJobEventWith(job, event, jobEventPayloadOf);
}
