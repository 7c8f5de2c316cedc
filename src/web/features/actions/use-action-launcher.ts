import { useState } from "react";
import type { Action } from "../../../core";
import { ApiError } from "../../../sdk";
import type { ActionScope } from "./action-scope";
import { useRunAction } from "./api/use-run-action";

/** A refused or failed call in words: the server's messages, without the status code. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.errors.map((item) => item.message).join("; ") || error.message;
  return error instanceof Error ? error.message : String(error);
}

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
  const [opened, setOpened] = useState<Opened>();
  const [failure, setFailure] = useState<{ label: string; message: string }>();

  const launch = (action: Action, returnFocus: HTMLElement | null) => {
    if (run.isPending) return;
    run.reset();
    setFailure(undefined);
    if (action.inputForm) setOpened({ action, kind: "form", returnFocus });
    else if (action.confirm !== false) setOpened({ action, kind: "confirm", returnFocus });
    else
      run.mutate(
        { action },
        { onError: (error) => setFailure({ label: action.label, message: errorText(error) }) },
      );
  };

  return {
    run,
    opened,
    launch,
    close: () => setOpened(undefined),
    /** The last action that ran at once and was refused, with the reason. */
    failure,
    dismissFailure: () => setFailure(undefined),
    /** Whether `action`'s job is being created right now. */
    isStarting: (action: Action) => run.isPending && run.variables?.action.operation === action.operation,
  };
}

export type ActionLauncher = ReturnType<typeof useActionLauncher>;
