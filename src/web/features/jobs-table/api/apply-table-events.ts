import { applyJobEventsToCache, jobKeys, readJob } from "../../jobs";
import type { LiveEventHandler } from "../../live";

/**
 * The jobs table's live-event handler. While the table is shown, job events change its loaded jobs through the job
 * cache, as everywhere else (a hundred jobs ticking ten times a second cost one render a frame and no request; the
 * event's time gives the duration column its start and end); a created or deleted job reloads the table's pages. A
 * table nobody shows is left alone: its query is read again when it is shown (`staleTime: 0`).
 */
export const jobsTableLiveHandler: LiveEventHandler = (events, { client, api, invalidate }) => {
  const jobEvents = events.filter((event) => event.topic.startsWith("job:"));
  if (jobEvents.length === 0) return;
  const reread = applyJobEventsToCache(client, jobEvents, ["tables"], { activeOnly: true });
  // Shared with the jobs handler's read of the same job, if it asks too (one request through the job's query).
  for (const jobId of reread)
    readJob(client, api, jobId).catch(() => void client.invalidateQueries({ queryKey: jobKeys.tables() }));
  if (
    jobEvents.some(
      (event) => event.topic === "job:created" || event.topic === "job:deleted" || !event.context.jobId,
    )
  )
    invalidate(jobKeys.tables());
};
