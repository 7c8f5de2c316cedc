import { useState } from "react";
import type { Action } from "../../../core";
import type { ActionScope } from "./action-scope";
import { useRunAction } from "./api/use-run-action";
import { loadActionDialog } from "./components/action-dialogs";
import { useNoWorkerHint } from "./use-no-worker-hint";
import { errorText } from "../../lib/error-text";

export { errorText };

type Opened = {
  action: Action;
  kind: "confirm" | "form";
  /** Where focus goes when the dialog closes: the button or the menu's trigger that opened it. */
  returnFocus: HTMLElement | null;
};

/**
 * What clicking an action does: an action with a form opens the form, one that asks for confirmation (the default)
 * opens the confirm dialog, any other runs at once. One launcher serves a bar or menu of actions of one scope.
 */
export function useActionLauncher(scope: ActionScope) {
  const run = useRunAction(scope);
  const noWorkerHint = useNoWorkerHint(scope);
  const [opened, setOpened] = useState<Opened>();
  const [failure, setFailure] = useState<{ label: string; message: string; retry: () => void }>();

  const launch = (action: Action, returnFocus: HTMLElement | null) => {
    if (run.isPending) return;
    run.reset();
    setFailure(undefined);
    const fail = (error: unknown) =>
      setFailure({
        label: action.label,
        message: errorText(error),
        retry: () => launch(action, returnFocus),
      });
    const kind = action.inputForm ? "form" : action.confirm !== false ? "confirm" : undefined;
    // A dialog opens once its code is here; one that cannot be fetched (offline, or gone after a deploy) is a
    // failure to read beside the buttons, never an error thrown while rendering, which would take the page down.
    if (kind) loadActionDialog(kind).then(() => setOpened({ action, kind, returnFocus }), fail);
    else run.mutate({ action }, { onError: fail });
  };

  return {
    run,
    opened,
    launch,
    close: () => setOpened(undefined),
    /** The last action that was refused or whose dialog could not be fetched, with the reason and a retry. */
    failure,
    dismissFailure: () => setFailure(undefined),
    /** That no connected listener would run `action`'s job, when none would: said beside it and in its dialog. */
    noWorkerHint,
    /** Whether `action`'s job is being created right now. */
    isStarting: (action: Action) => run.isPending && run.variables?.action.operation === action.operation,
  };
}

export type ActionLauncher = ReturnType<typeof useActionLauncher>;
