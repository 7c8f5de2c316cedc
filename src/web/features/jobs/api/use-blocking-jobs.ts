import { isFinalStatus } from "../../../../core";
import type { Job } from "../../../lib/api-types";
import { useBackgroundedStore } from "../backgrounded-store";
import { useSpaceJobs } from "./use-space-jobs";

/**
 * A job that holds its resource: not final and not merely scheduled for later. A job waiting to retry still holds
 * it: the person's action is not over, and its overlay stays between attempts rather than flickering away.
 */
const isActive = (job: Job) =>
  !isFinalStatus(job.status) && (job.status !== "scheduled" || job.nextAttemptAt !== undefined);

const byOldest = (a: Job, b: Job) => Date.parse(a.createdAt) - Date.parse(b.createdAt);

export type BlockingJobs = {
  /**
   * The `foreground` job whose overlay covers the resource: the oldest one the user has not sent to the background,
   * so a second one (from the API, another tab) never takes the overlay from the job the person is watching.
   */
  foreground: Job | undefined;
  /** How many other foreground jobs of the resource wait behind the overlay's. */
  waiting: number;
  /** The `toolbarBlocking` job that disables the resource's toolbar and actions (the oldest, when several run). */
  toolbarBlocking: Job | undefined;
  /**
   * The job that locks the resource's actions and the tools that start jobs on it: a `toolbarBlocking` job, or a
   * `foreground` one, also after "Run in background" (it still works on the resource, only without the overlay).
   */
  locking: Job | undefined;
};

/**
 * The jobs that block one of `resourceIds` (a sheet and its workbook, a document, a file) right now, read from the
 * space's jobs in the cache.
 */
export function useBlockingJobs(spaceId: string | undefined, resourceIds: readonly string[]): BlockingJobs {
  const { running, upcoming } = useSpaceJobs(spaceId);
  const backgrounded = useBackgroundedStore((state) => state.jobIds);
  const mine = [...running, ...upcoming]
    .filter((job) => isActive(job) && resourceIds.includes(job.source))
    .sort(byOldest);
  const covering = mine.filter((job) => job.mode === "foreground" && !backgrounded.has(job.id));
  const toolbarBlocking = mine.find((job) => job.mode === "toolbarBlocking");
  return {
    foreground: covering[0],
    waiting: Math.max(0, covering.length - 1),
    toolbarBlocking,
    locking: toolbarBlocking ?? mine.find((job) => job.mode === "foreground"),
  };
}
