import { useId, useRef, type ReactNode } from "react";
import type { Action } from "../../../../core";
import { Button } from "../../../components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "../../../components/ui/dropdown-menu";
import { infoMessages } from "../use-action-availability";
import type { ActionLauncher } from "../use-action-launcher";
import { ActionIcon } from "./action-icon";
import "../actions.css";

/** One action in a menu: like the button, an item that cannot run stays reachable and says why under its label. */
function ActionMenuItem({
  action,
  disabledReason,
  starting,
  noWorker,
  onLaunch,
}: {
  action: Action;
  disabledReason: string | undefined;
  starting: boolean;
  /** That no connected listener would run its job (it still runs). */
  noWorker: string | undefined;
  onLaunch: () => void;
}) {
  const id = useId();
  const notes = [disabledReason, noWorker, ...infoMessages(action)].filter((text): text is string =>
    Boolean(text),
  );
  const unavailable = disabledReason !== undefined || starting;
  return (
    <DropdownMenuItem
      className="action-menu-item"
      data-action={action.operation}
      data-unavailable={unavailable || undefined}
      aria-disabled={unavailable || undefined}
      aria-labelledby={`${id}-label`}
      aria-describedby={notes.length ? `${id}-note` : undefined}
      onSelect={(event) => {
        // Keep the menu open on an item that cannot run, so its reason can be read.
        if (unavailable) event.preventDefault();
        else onLaunch();
      }}
    >
      <ActionIcon name={action.icon} />
      <span className="action-menu-text">
        <span id={`${id}-label`}>{action.label}</span>
        {notes.length ? (
          <span
            id={`${id}-note`}
            className="action-menu-note"
            data-reason={disabledReason ? true : undefined}
          >
            {notes.join(". ")}
          </span>
        ) : null}
      </span>
    </DropdownMenuItem>
  );
}

/** A menu of actions of one scope behind a trigger button ("More actions", a file's "Actions for …"). */
export function ActionMenu({
  actions,
  reasonFor,
  launcher,
  trigger,
  triggerLabel,
  empty = "No actions",
}: {
  actions: readonly Action[];
  reasonFor: (action: Action) => string | undefined;
  launcher: ActionLauncher;
  /** What the trigger shows. */
  trigger: ReactNode;
  /** The trigger's accessible name when its content is not enough. */
  triggerLabel?: string;
  empty?: string;
}) {
  const triggerRef = useRef<HTMLButtonElement>(null);
  return (
    // Not modal: the menu closes as a dialog opens from one of its items, and the two must not fight over focus.
    <DropdownMenu modal={false}>
      <DropdownMenuTrigger asChild>
        <Button ref={triggerRef} className="action-menu-trigger" aria-label={triggerLabel}>
          {trigger}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent className="action-menu" aria-label={triggerLabel}>
        {actions.length === 0 ? (
          <DropdownMenuItem disabled className="action-menu-item">
            <span className="action-menu-note">{empty}</span>
          </DropdownMenuItem>
        ) : null}
        {actions.map((action) => (
          <ActionMenuItem
            key={action.operation}
            action={action}
            disabledReason={reasonFor(action)}
            starting={launcher.isStarting(action)}
            noWorker={launcher.noWorkerHint(action)}
            onLaunch={() => launcher.launch(action, triggerRef.current)}
          />
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
