import type { Job, JobConfig, JobSplitDetails } from "./schemas/job";
import { isFinalStatus, type JobStatus } from "./job-status";

export type PartCounts = NonNullable<Job["partCounts"]>;

/** Why `job` cannot be split now (undefined: it can). Only a running job divides its own work, once, one level deep. */
export function splitRefusal(job: Job): string | undefined {
  if (job.status !== "executing") return `Only an executing job can be split; this one is ${job.status}`;
  if (job.parentId !== undefined) return "A part cannot be split again";
  if (job.partCounts) return "This job was already split";
  return undefined;
}

/** How many parts a split asks for. */
export function partCount(details: JobSplitDetails): number {
  return typeof details.parts === "number" ? details.parts : details.parts.length;
}

/**
 * Part `index` (from 0) of `parent`: the same work (type, operation, source, destination, config, file, mode, input,
 * subject, retry policy) on its own share (`partData`), ready at once; one after another, each part waits on the one
 * before it (`previousId`) and becomes ready when that one completes.
 */
export function partConfig(
  parent: Job,
  details: JobSplitDetails,
  index: number,
  previousId: string | undefined,
): JobConfig {
  const parallel = details.runInParallel === true;
  const partData = typeof details.parts === "number" ? undefined : details.parts[index];
  return {
    type: parent.type,
    operation: parent.operation,
    source: parent.source,
    ...(parent.destination !== undefined ? { destination: parent.destination } : {}),
    ...(parent.config !== undefined ? { config: parent.config } : {}),
    ...(parent.fileId !== undefined ? { fileId: parent.fileId } : {}),
    mode: parent.mode,
    ...(parent.input !== undefined ? { input: parent.input } : {}),
    ...(parent.subject !== undefined ? { subject: parent.subject } : {}),
    ...(parent.retry !== undefined ? { retry: parent.retry } : {}),
    managed: parent.managed,
    trigger: "immediate",
    part: index,
    ...(partData !== undefined ? { partData } : {}),
    partExecution: parallel ? "parallel" : "sequential",
    parentId: parent.id,
    ...(!parallel && previousId !== undefined ? { predecessorIds: [previousId] } : {}),
  };
}

export function emptyPartCounts(total: number): PartCounts {
  return { total, complete: 0, failed: 0, canceled: 0 };
}

/** Parts that ended, however they ended. */
export function finishedParts(counts: PartCounts): number {
  return counts.complete + counts.failed + counts.canceled;
}

/**
 * The parent after one of its parts moved from `before` to `after`: its counts, and its progress following them (the
 * share of parts that ended). A part that reaches an end is counted once; a part retried after it failed or was
 * canceled is counted again when it ends again. Undefined when the move changes no count.
 */
export function withPartMove(
  parent: Job,
  before: JobStatus,
  after: JobStatus,
  now: string,
): { parent: Job; allFinished: boolean } | undefined {
  const counts = parent.partCounts;
  if (!counts || before === after || (!isFinalStatus(before) && !isFinalStatus(after))) return undefined;
  const next = { ...counts };
  if (isFinalStatus(before)) next[before] = Math.max(0, next[before] - 1);
  if (isFinalStatus(after)) next[after] += 1;
  const finished = finishedParts(next);
  const progress = Math.round((finished * 100) / Math.max(1, next.total));
  return {
    parent: { ...parent, partCounts: next, progress, updatedAt: now },
    allFinished: finished === next.total && isFinalStatus(after),
  };
}

/** "3 of 8 parts done", with the parts that failed or were canceled named after it. */
export function partsSummary(counts: PartCounts): string {
  const extra = [
    counts.failed ? `${counts.failed} failed` : "",
    counts.canceled ? `${counts.canceled} canceled` : "",
  ].filter(Boolean);
  const done = `${counts.complete} of ${counts.total} ${counts.total === 1 ? "part" : "parts"} done`;
  return extra.length ? `${done} (${extra.join(", ")})` : done;
}
