import type { Job } from "../../lib/api-types";

/** A job's name as people read it: `workbook:export` becomes "Workbook export". */
export function jobTitle(job: Pick<Job, "type" | "operation">): string {
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
