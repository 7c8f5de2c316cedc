import type { QueryClient } from "@tanstack/react-query";
import { isJobHandled, type JobLike, type JobType } from "../../../../core";
import type { StreamEvent } from "../../../../sdk";
import type { LiveEventHandler } from "../../live";
import { listenerKeys, type Listener } from "./listeners-query-options";

/**
 * A job that runs (a listener acked it) although the tab's list of listeners says nobody would run it: the list is
 * out of date, since someone does. A job's own events reach every tab that shows it, so this is how an end user's
 * tab learns that a listener came back: the action's "no worker" hint clears as the job starts, not at the next focus.
 */
function runsUnknownToList(event: StreamEvent, client: QueryClient): boolean {
  if (event.topic !== "job:updated" || event.payload.status !== "executing") return false;
  const { domain, operation } = event.payload;
  if (typeof domain !== "string" || typeof operation !== "string") return false;
  const key = listenerKeys.list(false);
  const listeners = client.getQueryData<Listener[]>(key);
  // A list being read already will say; invalidating it again on every tick would only restart the read.
  if (!listeners || client.getQueryState(key)?.fetchStatus === "fetching") return false;
  const { spaceId, workbookId, sheetId, fileId, documentId } = event.context;
  // The job's source, where its events' context put it (core's `jobEventContext`), for the listeners' filters.
  const sources: Record<string, string | undefined> = {
    space: spaceId,
    workbook: workbookId,
    sheet: sheetId,
    document: documentId,
    file: fileId,
  };
  const job: JobLike = {
    type: domain as JobType,
    operation,
    spaceId,
    workbookId,
    fileId,
    source: sources[domain],
  };
  return !isJobHandled(job, listeners);
}

/**
 * Reads the listeners again when one connects or disconnects. Only operators' streams carry these events (they are
 * environment level); an end user's lists follow by focus and polling instead (see listeners-query-options.ts), and
 * by a job of theirs that starts while the list says no listener would run it.
 */
export const listenersLiveHandler: LiveEventHandler = (events, { client, invalidate }) => {
  if (events.some((event) => event.topic.startsWith("listener:") || runsUnknownToList(event, client)))
    invalidate(listenerKeys.all);
};
