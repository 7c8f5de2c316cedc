import type { QueryClient } from "@tanstack/react-query";
import type { ProgressSample } from "../../../../core";
import type { StreamEvent } from "../../../../sdk";
import type { LiveEventHandler } from "../../live";
import { useProgressHistoryStore } from "../progress-history-store";
import { applyJobEventsToCache, jobListKeys, readJob } from "./job-cache";
import { announceLogLines } from "./job-log-notices";
import { jobKeys, type JobEvent } from "./jobs-query-options";

/** New events of a job join its timeline, when one is cached, without reading it again. */
function appendToTimelines(client: QueryClient, events: readonly StreamEvent[]): void {
  const byJob = new Map<string, StreamEvent[]>();
  for (const event of events) {
    const jobId = event.context.jobId;
    if (jobId) byJob.set(jobId, [...(byJob.get(jobId) ?? []), event]);
  }
  for (const [jobId, mine] of byJob) {
    if (!client.getQueryData(jobKeys.timeline(jobId))) continue;
    client.setQueryData<JobEvent[]>(jobKeys.timeline(jobId), (known) => {
      if (!known) return known;
      const ids = new Set(known.map((event) => event.id));
      return [...known, ...mine.filter((event) => !ids.has(event.id))];
    });
  }
}

/**
 * The jobs feature's live-event handler: the panel's lists, single jobs (overlay, toasts, job detail) and timelines
 * follow the job events. Each event changes the cached copies of its job through the job cache (core's
 * `applyJobEventWith`: progress ticks, finishing with the outcome, cancel, retry, acknowledgement), with no request: a
 * hundred jobs ticking ten times a second cost one render a frame. A tick of a job no list holds changes nothing:
 * lists show the newest jobs, and only a created or deleted job changes which those are (so a space with a hundred
 * running jobs and a list of fifty does not refetch its list every frame). Only a job whose event said more than its
 * payload is read again. A batch of log lines tells the job's log view, if one is open, to read them.
 */
export const jobsLiveHandler: LiveEventHandler = (events, { client, api, invalidate }) => {
  const jobEvents = events.filter((event) => event.topic.startsWith("job:"));
  if (jobEvents.length === 0) return;
  const samples = new Map<string, ProgressSample>();
  for (const event of jobEvents) {
    const { jobId, spaceId } = event.context;
    if (!jobId) {
      invalidate(jobKeys.lists());
      continue;
    }
    // A new job joins the lists that do not have it yet (this tab's own job is already there); a deleted one leaves
    // a gap in those that had it.
    if (event.topic === "job:created")
      for (const key of jobListKeys(client, spaceId, jobId, false)) invalidate(key);
    else if (event.topic === "job:deleted")
      for (const key of jobListKeys(client, spaceId, jobId, true)) invalidate(key);
    else if (typeof event.payload.progress === "number")
      samples.set(jobId, { at: Date.parse(event.createdAt), progress: event.payload.progress });
  }
  const reread = applyJobEventsToCache(client, jobEvents, ["lists", "details"]);
  appendToTimelines(client, jobEvents);
  announceLogLines(client, jobEvents);
  if (samples.size > 0) useProgressHistoryStore.getState().record(samples);
  for (const jobId of reread)
    readJob(client, api, jobId).catch(() => void client.invalidateQueries({ queryKey: jobKeys.all }));
};
