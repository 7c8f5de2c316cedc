import type { QueryClient } from "@tanstack/react-query";
import { isFinalStatus } from "../../../../core";
import type { StreamEvent } from "../../../../sdk";
import type { Job } from "../../../lib/api-types";
import { jobKeys } from "../../jobs";
import { patchJobTables } from "./jobs-table-query";

type Patch = Partial<Job>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

/**
 * What a job event says about the job. The server writes a change and its event in one transaction with one clock
 * reading, so the event's time is also the job's `updatedAt`, and its `startedAt`/`finishedAt` when the status says
 * the job started or finished: the table needs no extra request for its duration column.
 */
function patchOf(event: StreamEvent): Patch {
  const payload = isRecord(event.payload) ? event.payload : {};
  const at = event.createdAt;
  const patch: Patch = { updatedAt: at };
  if (typeof payload.info === "string") patch.info = payload.info;
  if (typeof payload.progress === "number") patch.progress = payload.progress;
  if (typeof payload.status === "string") {
    const status = payload.status as Job["status"];
    patch.status = status;
    if (isFinalStatus(status)) patch.finishedAt = at;
    else if (status === "ready" && event.topic === "job:ready") {
      // A retry clears what the last run left.
      patch.finishedAt = undefined;
      patch.outcome = undefined;
    }
  }
  return patch;
}

/**
 * Applies a frame's events to the jobs table's pages: progress, info and status ticks patch the loaded jobs in one
 * pass (a hundred jobs ticking ten times a second cost one render a frame and no request); a created or deleted job
 * reloads the table's pages.
 */
export function applyEventsToJobTables(client: QueryClient, events: readonly StreamEvent[]): void {
  const patches = new Map<string, Patch>();
  let reload = false;
  for (const event of events) {
    if (!event.topic.startsWith("job:")) continue;
    const jobId = event.context.jobId;
    if (event.topic === "job:created" || event.topic === "job:deleted" || !jobId) {
      reload = true;
      continue;
    }
    const patch = patchOf(event);
    patches.set(jobId, { ...patches.get(jobId), ...patch });
  }
  if (patches.size > 0) {
    patchJobTables(client, (job) => {
      const patch = patches.get(job.id);
      if (!patch || (patch.updatedAt && Date.parse(patch.updatedAt) < Date.parse(job.updatedAt))) return job;
      const next = { ...job, ...patch };
      // The first ack's time is when the job started.
      if (patch.status === "executing" && !job.startedAt && patch.updatedAt) next.startedAt = patch.updatedAt;
      return next;
    });
  }
  if (reload) void client.invalidateQueries({ queryKey: jobKeys.tables() });
}
