import { useQuery } from "@tanstack/react-query";
import { isFinalStatus } from "../../../core";
import { useApi } from "../../lib/api-context";
import type { Job } from "../../lib/api-types";
import type { Session } from "../auth/session";
import { jobsQueryOptions } from "../jobs/api/jobs-query-options";

/** A finished job whose outcome asks to be acknowledged and has not been yet. */
export const awaitsAcknowledgement = (job: Job) =>
  isFinalStatus(job.status) && job.outcome?.acknowledge === true && !job.outcomeAcknowledgedAt;

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
