import { isFinalStatus } from "../../../../core";
import type { Job } from "../../../lib/api-types";
import { useBackgroundedStore } from "../backgrounded-store";
import { useSpaceJobs } from "./use-space-jobs";

/** A job that holds its resource: not final and not merely scheduled for later. */
const isActive = (job: Job) => !isFinalStatus(job.status) && job.status !== "scheduled";

/**
 * The jobs that block one of `resourceIds` (a sheet and its workbook, a document, a file) right now, read from the
 * space's jobs in the cache: the `foreground` job whose overlay covers the resource (unless the user sent it to the
 * background) and the `toolbarBlocking` job that disables its toolbar and actions. Newest first when several run.
 */
export function useBlockingJobs(
  spaceId: string | undefined,
  resourceIds: readonly string[],
): { foreground: Job | undefined; toolbarBlocking: Job | undefined } {
  const { running } = useSpaceJobs(spaceId);
  const backgrounded = useBackgroundedStore((state) => state.jobIds);
  const mine = running.filter((job) => isActive(job) && resourceIds.includes(job.source));
  return {
    foreground: mine.find((job) => job.mode === "foreground" && !backgrounded.has(job.id)),
    toolbarBlocking: mine.find((job) => job.mode === "toolbarBlocking"),
  };
}
