import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../lib/api-context";
import type { Job } from "../../lib/api-types";
import type { Session } from "../auth";
import { awaitsAcknowledgement, jobsQueryOptions } from "../jobs";

/**
 * The outcomes the signed-in person still has to acknowledge: of the jobs they started, finished with
 * `acknowledge: true` and not acknowledged, oldest first. Derived from the jobs in the cache, so one that finished while
 * the tab was closed shows on return, and one acknowledged in another tab (its event patches the cached job) goes away
 * here.
 */
export function usePendingOutcomes(spaceId: string | undefined, session: Session): Job[] {
  const api = useApi();
  const { data } = useQuery(jobsQueryOptions(api, spaceId));
  return (data ?? [])
    .filter(
      (job) => awaitsAcknowledgement(job) && job.createdBy !== undefined && job.createdBy === session.subject,
    )
    .sort((a, b) => Date.parse(a.finishedAt ?? a.updatedAt) - Date.parse(b.finishedAt ?? b.updatedAt));
}
