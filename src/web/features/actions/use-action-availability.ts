import { actionDisabledReason, type Action } from "../../../core";
import type { Job } from "../../lib/api-types";
import { jobTitle, useBlockingJobs } from "../jobs";
import { useOfflineReason } from "../live";
import { useSheetSelection } from "../sheets";
import type { ActionScope } from "./action-scope";

/** The name people know a running job by: the label of the action that started it, when it is one we know. */
function blockingLabel(job: Job, known: readonly Action[]): string {
  return known.find((action) => action.operation === job.operation)?.label ?? jobTitle(job);
}

/**
 * "Wait for “Export Data” to finish" while a job locks the scope's resources: a `toolbarBlocking` job, or a
 * `foreground` one (also after "Run in background"), so a second job never starts on a resource one is working on.
 */
export function useBlockedReason(scope: ActionScope, known: readonly Action[] = []): string | undefined {
  const { locking } = useBlockingJobs(scope.spaceId, scope.blockingIds);
  return locking ? `Wait for “${blockingLabel(locking, known)}” to finish` : undefined;
}

/**
 * Why each action of `scope` cannot run now (undefined when it can): the browser is offline; a `toolbarBlocking` or
 * `foreground` job of the scope's resources locks them all; otherwise core's rule decides from the action's messages
 * and constraints, the record
 * counts and, on a sheet, the selection.
 *
 * @param known actions whose labels name a blocking job (the workbook's, when a sheet is locked by one of them)
 */
export function useActionAvailability(
  scope: ActionScope,
  known: readonly Action[] = [],
): (action: Action) => string | undefined {
  const offline = useOfflineReason();
  const blocked = useBlockedReason(scope, known);
  const { count } = useSheetSelection(scope.domain === "sheet" ? scope.resourceId : "");
  return (action) => {
    if (offline) return offline;
    if (blocked) return blocked;
    return actionDisabledReason(action, {
      counts: scope.counts,
      ...(scope.domain === "sheet" ? { selected: count } : {}),
    });
  };
}

/** The action's info messages, shown beside it (an error message is its disabled reason instead). */
export const infoMessages = (action: Action): string[] =>
  (action.messages ?? []).filter((message) => message.type === "info").map((message) => message.content);
