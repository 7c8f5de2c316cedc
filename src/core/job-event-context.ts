import type { EventContext } from "./schemas/event";
import type { Job } from "./schemas/job";

/** A job, or as much of one as an action's button knows before the job exists (its type and operation). */
export type JobLike = Pick<Job, "type" | "operation"> & Partial<Omit<Job, "type" | "operation">>;

/**
 * The ids a job's events carry in their context, which listeners filter on (`{ "context.spaceId": ... }`); the
 * server stamps the account, environment and actor around them.
 */
export function jobEventContext(job: JobLike): Omit<EventContext, "accountId" | "environmentId"> {
  const context: Omit<EventContext, "accountId" | "environmentId"> = {
    spaceId: job.spaceId,
    workbookId: job.workbookId ?? (job.type === "workbook" ? job.source : undefined),
    sheetId: job.type === "sheet" ? job.source : undefined,
    fileId: job.fileId ?? (job.type === "file" ? job.source : undefined),
    documentId: job.type === "document" ? job.source : undefined,
    jobId: job.id,
    actionName: `${job.type}:${job.operation}`,
  };
  for (const key of Object.keys(context) as (keyof typeof context)[])
    if (context[key] === undefined) delete context[key];
  return context;
}
