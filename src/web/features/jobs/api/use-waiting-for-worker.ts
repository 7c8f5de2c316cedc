import type { Job } from "../../../lib/api-types";
import { useNoWorker } from "../../listeners";

/**
 * True while `job` is queued and no connected listener handles it: it waits for a worker rather than starting. The
 * listeners are read again every few seconds meanwhile, and the job's own events take it on once one claims it.
 */
export function useWaitingForWorker(job: Job): boolean {
  return useNoWorker(job.status === "ready" ? job : undefined, { poll: true });
}
