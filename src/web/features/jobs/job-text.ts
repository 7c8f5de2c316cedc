import { isFinalStatus } from "../../../core";
import type { Job } from "../../lib/api-types";
import { durationText, elapsedText } from "../../lib/time-text";

export { jobTitle, readableName } from "../../lib/job-title";

/** What a job runs on, as a noun: its `type`. */
export const TYPE_LABELS: Record<Job["type"], string> = {
  workbook: "Workbook",
  sheet: "Sheet",
  file: "File",
  document: "Document",
  space: "Space",
  app: "App",
};

/** When a job runs: at once, or once something executes it. */
export const TRIGGER_LABELS: Record<NonNullable<Job["trigger"]>, string> = {
  immediate: "Immediate",
  manual: "Manual",
};

/** How a job shows itself while it runs, as the action's `mode` says. */
export const MODE_LABELS: Record<NonNullable<Job["mode"]>, string> = {
  foreground: "Foreground",
  background: "Background",
  toolbarBlocking: "Locks toolbar",
};

export const modeLabel = (job: { mode?: Job["mode"] | undefined }) => MODE_LABELS[job.mode ?? "background"];

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

/** A job's status in words; a job scheduled again after a failed attempt is "Waiting to retry". */
export const statusLabel = (job: Pick<Job, "status" | "nextAttemptAt">): string =>
  job.status === "scheduled" && job.nextAttemptAt ? "Waiting to retry" : STATUS_LABELS[job.status];

/** A finished job that never ran: no start, or (failed while it waited) a start set to its end. */
export function neverRan(job: Pick<Job, "status" | "startedAt" | "finishedAt" | "updatedAt">): boolean {
  if (!isFinalStatus(job.status)) return false;
  const start = job.startedAt ? Date.parse(job.startedAt) : Number.NaN;
  const end = Date.parse(job.finishedAt ?? job.updatedAt);
  return Number.isNaN(start) || (end <= start && job.status !== "complete");
}

/**
 * How a finished job ran, for its history: "took 12 s", or that it never ran ("Canceled before it started"; a job
 * failed while it waited, such as a timed-out one, has its start set to its end). Undefined while it has not finished.
 */
export function ranText(
  job: Pick<Job, "status" | "startedAt" | "finishedAt" | "updatedAt">,
): string | undefined {
  if (!isFinalStatus(job.status)) return undefined;
  if (neverRan(job)) return job.status === "canceled" ? "Canceled before it started" : "Never started";
  const ms = Date.parse(job.finishedAt ?? job.updatedAt) - Date.parse(job.startedAt ?? "");
  return `took ${elapsedText(ms)}`;
}

/**
 * What a job's row says of it: while it runs, its latest info ("Sending batch 2 of 3"); once finished, its outcome
 * (heading — first line of the message), a failure's reason as "Failed: reason", else its last info.
 */
export function jobInfoText(job: Pick<Job, "status" | "info" | "outcome">): string {
  if (!isFinalStatus(job.status)) return job.info ?? "";
  // A message can run to several lines (a summary); a row shows its first.
  const outcome = [job.outcome?.heading, job.outcome?.message?.split("\n")[0]].filter(Boolean).join(" — ");
  if (job.status === "failed") return `Failed: ${outcome || job.info || "no reason given"}`;
  if (job.status === "canceled" && !outcome) return "Canceled";
  return outcome || job.info || "";
}

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

/**
 * A job that is queued while no connected listener handles it (core's `isJobHandled`): what the overlay and the panel
 * say instead of a spinner. It starts by itself once such a listener connects (the SDK picks up waiting jobs).
 */
export const WAITING_FOR_WORKER = {
  title: "Waiting for a worker to connect",
  explanation: "No worker that runs this job is connected. It starts by itself as soon as one connects.",
} as const;

/** Beside an action whose job no connected listener handles, and in its confirm dialog: it may still be started. */
export const NO_WORKER_HINT = "No worker is connected for this action; it will wait until one connects";
