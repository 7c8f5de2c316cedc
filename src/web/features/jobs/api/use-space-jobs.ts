import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../../lib/api-context";
import { isFinalStatus, scheduledRun } from "../../../../core";
import type { Job } from "../../../lib/api-types";
import { jobsQueryOptions } from "./jobs-query-options";

/** How many finished jobs the panel shows. */
const RECENT_FINISHED = 20;

const byNewest = (a: Job, b: Job) => Date.parse(b.createdAt) - Date.parse(a.createdAt);
const finishedAt = (job: Job) => Date.parse(job.finishedAt ?? job.updatedAt);

const runsAt = (job: Job) =>
  Date.parse(job.nextAttemptAt ?? scheduledRun(job)?.scheduledFor ?? job.createdAt);

/**
 * A space's jobs (or every job, for an operator outside a space), split into running, upcoming (scheduled for later,
 * soonest first) and recently finished.
 */
export function useSpaceJobs(spaceId: string | undefined) {
  const api = useApi();
  const query = useQuery(jobsQueryOptions(api, spaceId));
  const jobs = query.data ?? [];
  const running = jobs
    .filter((job) => !isFinalStatus(job.status) && job.status !== "scheduled")
    .sort(byNewest);
  const upcoming = jobs.filter((job) => job.status === "scheduled").sort((a, b) => runsAt(a) - runsAt(b));
  const finished = jobs
    .filter((job) => isFinalStatus(job.status))
    .sort((a, b) => finishedAt(b) - finishedAt(a))
    .slice(0, RECENT_FINISHED);
  return { query, running, upcoming, finished };
}
