import { systemJobTitle } from "../../../core";
import type { Job } from "../../lib/api-types";
import { durationText } from "../../lib/time-text";

/**
 * A job's name as people read it: the platform's own jobs by what they do ("Extract contacts.csv"), others by type and
 * operation (`workbook:export` becomes "Workbook export").
 */
export function jobTitle(job: Pick<Job, "type" | "operation"> & { metadata?: Job["metadata"] }): string {
  const named = systemJobTitle(job);
  if (named !== undefined) return named;
  const words = `${job.type} ${job.operation}`.replace(/[-_:]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const STATUS_LABELS: Record<Job["status"], string> = {
  created: "Created",
  planning: "Planning",
  scheduled: "Scheduled",
  waiting: "Waiting",
  ready: "Queued",
  executing: "Running",
  complete: "Complete",
  failed: "Failed",
  canceled: "Canceled",
};

/** The time left as people read it: "about 2 min left", "finishing…", or undefined when nothing can be said. */
export function leftText(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  if (ms <= 1000) return "finishing…";
  return `about ${durationText(ms)} left`;
}

/** A running clock: "0:07", "12:30", "1:02:03". */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

/** When a job started running (or, before its first ack, when it was created). */
export const startedAt = (job: Pick<Job, "startedAt" | "createdAt">) =>
  Date.parse(job.startedAt ?? job.createdAt);
