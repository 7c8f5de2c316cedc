import {
  jobEventPayload,
  newId,
  type EventContext,
  type Job,
  type JobTopic,
  type Principal,
} from "../../core";
import type { NewEvent } from "../store/store";
import type { ServiceDeps } from "./service-deps";

/** An event of this environment, stamped with its id, account and time. */
export function makeEvent(
  deps: ServiceDeps,
  draft: {
    topic: string;
    domain: string;
    context: Omit<EventContext, "accountId" | "environmentId">;
    payload: Record<string, unknown>;
  },
  now: string,
): NewEvent {
  const context = {
    accountId: deps.accountId,
    environmentId: deps.environmentId,
    ...draft.context,
  } as EventContext;
  for (const key of Object.keys(context) as (keyof EventContext)[])
    if (context[key] === undefined) delete context[key];
  return {
    id: newId("event"),
    topic: draft.topic,
    domain: draft.domain,
    context,
    payload: draft.payload,
    createdAt: now,
  };
}

/** The event a job transition publishes; its context carries the ids a listener filters on. */
export function jobEvent(
  deps: ServiceDeps,
  job: Job,
  topic: JobTopic,
  actor: Principal | undefined,
  now: string,
): NewEvent {
  return makeEvent(
    deps,
    {
      topic,
      domain: "job",
      context: {
        spaceId: job.spaceId,
        workbookId: job.workbookId ?? (job.type === "workbook" ? job.source : undefined),
        sheetId: job.type === "sheet" ? job.source : undefined,
        fileId: job.fileId ?? (job.type === "file" ? job.source : undefined),
        documentId: job.type === "document" ? job.source : undefined,
        jobId: job.id,
        actionName: `${job.type}:${job.operation}`,
        actorId: actor?.subject,
      },
      payload: jobEventPayload(job),
    },
    now,
  );
}
