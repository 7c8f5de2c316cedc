import type { Action } from "../../../core";
import { NO_WORKER_HINT } from "../jobs";
import { useNoWorkerCheck } from "../listeners";
import type { ActionScope } from "./action-scope";

/**
 * The hint for each action of `scope` whose job no connected listener would run (undefined otherwise): said beside
 * the action and in its confirm dialog, never a reason to disable it, since the job starts once a listener connects.
 */
export function useNoWorkerHint(scope: ActionScope): (action: Action) => string | undefined {
  const noWorker = useNoWorkerCheck();
  return (action) =>
    noWorker({
      type: scope.domain,
      operation: action.operation,
      spaceId: scope.spaceId,
      source: scope.resourceId,
    })
      ? NO_WORKER_HINT
      : undefined;
}
