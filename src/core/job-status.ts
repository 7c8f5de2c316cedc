/** Every status a job can have, in lifecycle order. */
export const JOB_STATUSES = [
  "created",
  "planning",
  "scheduled",
  "waiting",
  "ready",
  "executing",
  "complete",
  "failed",
  "canceled",
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses a job never leaves by itself (failed and canceled only through an explicit retry). */
export const FINAL_STATUSES = ["complete", "failed", "canceled"] as const satisfies readonly JobStatus[];
export type FinalJobStatus = (typeof FINAL_STATUSES)[number];

/** Statuses in which a listener is (or may be) working on the job. */
export const RUNNING_STATUSES = ["ready", "executing"] as const satisfies readonly JobStatus[];

export function isFinalStatus(status: JobStatus): status is FinalJobStatus {
  return (FINAL_STATUSES as readonly JobStatus[]).includes(status);
}

export function isRunningStatus(status: JobStatus): boolean {
  return (RUNNING_STATUSES as readonly JobStatus[]).includes(status);
}

/** For the default branch of an exhaustive switch: a new union member becomes a type error here. */
export function assertExhaustive(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
