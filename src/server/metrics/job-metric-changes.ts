import { isFinalStatus, type Job, type JobStatus } from "../../core";
import { addDuration, type DurationHistogram } from "./duration-histogram";

/**
 * What one minute (since the epoch, UTC) added to the metrics of one operation in one space (none for jobs outside
 * spaces): jobs created, jobs that ended by status, run times of the ones that ended, wait times of the ones that
 * started. Roll-ups of the same key add up field by field, histograms bin by bin.
 */
export type JobMetricRollup = {
  minute: number;
  operation: string;
  spaceId?: string;
  created: number;
  completed: number;
  failed: number;
  canceled: number;
  runMs: DurationHistogram;
  waitMs: DurationHistogram;
};

export const minuteOf = (iso: string): number => Math.floor(Date.parse(iso) / 60_000);

export function emptyRollup(minute: number, operation: string, spaceId: string | undefined): JobMetricRollup {
  return {
    minute,
    operation,
    ...(spaceId === undefined ? {} : { spaceId }),
    created: 0,
    completed: 0,
    failed: 0,
    canceled: 0,
    runMs: {},
    waitMs: {},
  };
}

/** What a store knows of a job before a write: the compare-and-set's expected version (none for an insert). */
export type JobVersion = { status: JobStatus; updatedAt: string };

/**
 * What a job's write adds to the roll-ups, from the version it replaced (none for a new job) and the job written, so
 * that a store can apply it where it writes the job without reading the job first: a creation in the minute of
 * `createdAt`; a start with its wait since the job last changed before it, which is when it became ready (or was
 * created, when it starts at once); an end (a final status reached) with its run time from `startedAt` (none for a
 * job canceled before it started). A write starts a run when it sets `startedAt` (the transition's clock reading, so
 * the job's `updatedAt` too) on a job that was not executing: a progress tick of a running job does not. A retry
 * that makes a finished job ready again adds nothing by itself: its next start and end count again.
 */
export function jobMetricChanges(before: JobVersion | undefined, after: Job): JobMetricRollup[] {
  const changes: JobMetricRollup[] = [];
  const at = (iso: string) => {
    const rollup = emptyRollup(minuteOf(iso), after.operation, after.spaceId);
    changes.push(rollup);
    return rollup;
  };
  if (!before) at(after.createdAt).created = 1;

  const started =
    after.startedAt !== undefined &&
    (before ? before.status !== "executing" && after.startedAt === after.updatedAt : true);
  if (started && after.startedAt !== undefined) {
    const readyAt = before?.updatedAt ?? after.createdAt;
    addDuration(at(after.startedAt).waitMs, Math.max(0, Date.parse(after.startedAt) - Date.parse(readyAt)));
  }

  const ended = isFinalStatus(after.status) && (!before || !isFinalStatus(before.status));
  if (ended) {
    const endedAt = after.finishedAt ?? after.updatedAt;
    const rollup = at(endedAt);
    if (after.status === "complete") rollup.completed = 1;
    else if (after.status === "failed") rollup.failed = 1;
    else rollup.canceled = 1;
    if (after.startedAt !== undefined)
      addDuration(rollup.runMs, Math.max(0, Date.parse(endedAt) - Date.parse(after.startedAt)));
  }
  return changes;
}
