import { useQuery } from "@tanstack/react-query";
import { isJobHandled, type JobLike } from "../../../../core";
import { useApi } from "../../../lib/api-context";
import { LISTENERS_POLL_MS, listenersQueryOptions } from "./listeners-query-options";

/**
 * True when no connected listener would run `job` (a job, or an action's future job as `{ type, operation,
 * spaceId, source }`), by core's `isJobHandled`: managed jobs are the platform's. False while the list is unknown
 * (loading, or it could not be read): saying "nobody will run this" needs the list to say so. Pass `undefined` to ask
 * nothing. With `poll`, the list is read again every few seconds while the answer is true, so a job that waits
 * notices the listener that connects for it.
 */
export function useNoWorker(job: JobLike | undefined, { poll = false } = {}): boolean {
  const api = useApi();
  const asked = job !== undefined && !job.managed;
  const listeners = useQuery({
    ...listenersQueryOptions(api),
    enabled: asked,
    refetchInterval: (query) =>
      poll && query.state.data && job && !isJobHandled(job, query.state.data) ? LISTENERS_POLL_MS : false,
  });
  if (!asked || !listeners.data) return false;
  return !isJobHandled(job, listeners.data);
}

/**
 * `useNoWorker` for many jobs at once (an action bar's buttons): a function that answers for each, false while the
 * list is unknown. The list is read once, again on focus when stale, and on `listener:*` events for operators.
 */
export function useNoWorkerCheck(): (job: JobLike) => boolean {
  const api = useApi();
  const { data } = useQuery(listenersQueryOptions(api));
  return (job) => data !== undefined && !isJobHandled(job, data);
}
