import type { QueryClient } from "@tanstack/react-query";
import type { ApiClient, StreamEvent } from "../../../sdk";
import type { Job } from "../../lib/api-types";
import { jobKeys } from "../jobs/api/jobs-query-options";
import { recordKeys } from "../sheets/api/records-query-options";
import { documentKeys } from "../space/api/documents-query-options";
import { fileKeys } from "../space/api/files-query-options";
import { workbookKeys } from "../space/api/workbooks-query-options";
import { spaceKeys } from "../spaces/api/spaces-query-options";

type JobPayload = Partial<Pick<Job, "status" | "info" | "progress">>;

function replaceJob(client: QueryClient, job: Job): void {
  client.setQueriesData<Job[]>({ queryKey: jobKeys.lists() }, (jobs) =>
    jobs?.map((item) =>
      // A slower answer to an earlier event must not undo a newer one.
      item.id === job.id && Date.parse(job.updatedAt) >= Date.parse(item.updatedAt) ? job : item,
    ),
  );
}

function patchJob(client: QueryClient, jobId: string, patch: JobPayload): void {
  client.setQueriesData<Job[]>({ queryKey: jobKeys.lists() }, (jobs) =>
    jobs?.map((item) => (item.id === jobId ? { ...item, ...patch } : item)),
  );
}

function isJobPayload(payload: unknown): payload is JobPayload {
  return typeof payload === "object" && payload !== null;
}

/**
 * Applies one event to the cache. A job event patches the job at once from its payload (status, info, progress),
 * then the full job is read again for the fields the payload does not carry (estimate, outcome, times); a new or
 * deleted job refreshes the lists. Workbook, sheet and commit events invalidate what they affect.
 */
export function applyEvent(client: QueryClient, api: ApiClient, event: StreamEvent): void {
  const { topic, context } = event;
  const spaceId = context.spaceId;
  if (topic.startsWith("job:")) {
    const jobId = context.jobId;
    if (topic === "job:created" || topic === "job:deleted" || !jobId) {
      void client.invalidateQueries({ queryKey: jobKeys.lists() });
      return;
    }
    if (isJobPayload(event.payload)) {
      const { status, info, progress } = event.payload;
      patchJob(client, jobId, {
        ...(status ? { status } : {}),
        ...(info !== undefined ? { info } : {}),
        ...(typeof progress === "number" ? { progress } : {}),
      });
    }
    api.jobs.get(jobId).then(
      (job) => replaceJob(client, job),
      () => void client.invalidateQueries({ queryKey: jobKeys.lists() }),
    );
    return;
  }
  if (topic.startsWith("space:")) {
    void client.invalidateQueries({ queryKey: spaceKeys.all });
    return;
  }
  if (topic.startsWith("workbook:") || topic.startsWith("sheet:") || topic.startsWith("commit:")) {
    void client.invalidateQueries({ queryKey: spaceId ? workbookKeys.list(spaceId) : workbookKeys.all });
    if (topic.startsWith("workbook:") && topic !== "workbook:created") {
      // A workbook's sheets may have changed: their records too.
      void client.invalidateQueries({ queryKey: recordKeys.all });
    } else if (context.sheetId) {
      void client.invalidateQueries({ queryKey: recordKeys.sheet(context.sheetId) });
    }
    return;
  }
  if (topic.startsWith("document:")) {
    void client.invalidateQueries({ queryKey: spaceId ? documentKeys.list(spaceId) : documentKeys.all });
    return;
  }
  if (topic.startsWith("file:")) {
    void client.invalidateQueries({ queryKey: spaceId ? fileKeys.list(spaceId) : fileKeys.all });
  }
}
