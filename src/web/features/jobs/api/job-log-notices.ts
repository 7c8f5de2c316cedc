import type { QueryClient } from "@tanstack/react-query";
import { JOB_LOGS_APPENDED_TOPIC } from "../../../../core";
import type { StreamEvent } from "../../../../sdk";
import { jobLogKeys } from "./job-logs-query-options";

/**
 * Notes the newest `seq` each `job:logs-appended` event announces, for the jobs whose log a view shows (a job nobody
 * watches gets no entry). The view reads the lines after what it has itself (`?after=`): the event carries no lines.
 */
export function announceLogLines(client: QueryClient, events: readonly StreamEvent[]): void {
  const newest = new Map<string, number>();
  for (const event of events) {
    const jobId = event.context.jobId;
    const lastSeq = event.payload.lastSeq;
    if (event.topic !== JOB_LOGS_APPENDED_TOPIC || !jobId || typeof lastSeq !== "number") continue;
    newest.set(jobId, Math.max(newest.get(jobId) ?? 0, lastSeq));
  }
  for (const [jobId, lastSeq] of newest) {
    if (client.getQueryCache().findAll({ queryKey: jobLogKeys.job(jobId) }).length === 0) continue;
    client.setQueryData<number>(jobLogKeys.announced(jobId), (known) => Math.max(known ?? 0, lastSeq));
  }
}
