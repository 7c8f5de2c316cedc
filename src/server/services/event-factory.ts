import {
  jobEventContext as jobScopeContext,
  jobEventPayload,
  newId,
  type Action,
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
    { topic, domain: "job", context: jobEventContext(job, actor), payload: jobEventPayload(job, topic) },
    now,
  );
}

/** The context of an event about a job: the ids a listener filters on. */
export function jobEventContext(job: Job, actor: Principal | undefined): ScopeContext {
  return { ...jobScopeContext(job), actorId: actor?.subject };
}

/** The events of a new job, in order (`job:created` first; its payload describes the job as created). */
export function jobCreatedEvents(
  deps: ServiceDeps,
  job: Job,
  topics: JobTopic[],
  actor: Principal | undefined,
  now: string,
): NewEvent[] {
  return topics.map((topic) => jobEvent(deps, job, topic, actor, now));
}

/** An event's context without the environment's own ids (`makeEvent` adds them). */
export type ScopeContext = Omit<EventContext, "accountId" | "environmentId">;

/**
 * The context of an event about a sheet (or, without `sheet`, about a workbook): the ids a listener filters on, and
 * the sheet's slug both as `sheetSlug` and as `slugs.sheet`, so that a filter `{ sheet: "contacts" }` matches it.
 */
export function sheetContext(scope: {
  spaceId: string;
  workbookId: string;
  sheet?: { id: string; slug: string };
  slugs?: { space?: string; workbook?: string };
}): ScopeContext {
  const { spaceId, workbookId, sheet, slugs } = scope;
  if (!sheet) return { spaceId, workbookId, ...(slugs ? { slugs } : {}) };
  return {
    spaceId,
    workbookId,
    sheetId: sheet.id,
    sheetSlug: sheet.slug,
    slugs: { ...slugs, sheet: sheet.slug },
  };
}

/**
 * The `action:created|updated|deleted` events of a change to a resource's `actions[]`, compared by operation: an
 * operation only in `after` is created, only in `before` deleted, in both but different updated. The domain and
 * context are the resource's, with `actionName` set to the operation.
 */
export function actionEvents(
  deps: ServiceDeps,
  change: {
    /** The domain of the resource the actions are mounted on ("workbook", "sheet", "document"). */
    domain: string;
    resourceId: string;
    before: readonly Action[];
    after: readonly Action[];
    context: ScopeContext;
    actor: Principal | undefined;
  },
  now: string,
): NewEvent[] {
  const before = new Map(change.before.map((a) => [a.operation, a]));
  const after = new Map(change.after.map((a) => [a.operation, a]));
  const events: NewEvent[] = [];
  const emit = (topic: string, action: Action) =>
    events.push(
      makeEvent(
        deps,
        {
          topic,
          domain: change.domain,
          context: { ...change.context, actionName: action.operation, actorId: change.actor?.subject },
          payload: {
            actionName: action.operation,
            domain: change.domain,
            resourceId: change.resourceId,
            action,
          },
        },
        now,
      ),
    );
  for (const [operation, action] of after) {
    const old = before.get(operation);
    if (!old) emit("action:created", action);
    else if (JSON.stringify(old) !== JSON.stringify(action)) emit("action:updated", action);
  }
  for (const [operation, action] of before) if (!after.has(operation)) emit("action:deleted", action);
  return events;
}
