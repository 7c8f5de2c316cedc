import type { Action } from "../../../../core";
import type { ActionScope } from "../action-scope";
import { useActionAvailability, useBlockedReason } from "../use-action-availability";
import { useActionLauncher } from "../use-action-launcher";
import { ActionButton } from "./action-button";
import { ActionDialogs } from "./action-dialogs";
import { ActionFailure } from "./action-failure";
import "../actions.css";

/** Actions as a row of buttons, for the top right of a view: the primary ones last (rightmost) and emphasised. */
export function ActionBar({
  scope,
  actions,
  label,
}: {
  scope: ActionScope;
  actions: readonly Action[];
  /** The group's accessible name: "Workbook actions". */
  label: string;
}) {
  const launcher = useActionLauncher(scope);
  const reasonFor = useActionAvailability(scope, actions);
  const blocked = useBlockedReason(scope, actions);
  if (actions.length === 0) return null;
  const ordered = [
    ...actions.filter((action) => !action.primary),
    ...actions.filter((action) => action.primary),
  ];
  return (
    <div className="action-area" data-slot="action-bar">
      <div className="action-bar" role="group" aria-label={label}>
        {ordered.map((action) => (
          <ActionButton
            key={action.operation}
            action={action}
            disabledReason={reasonFor(action)}
            starting={launcher.isStarting(action)}
            onLaunch={(button) => launcher.launch(action, button)}
          />
        ))}
      </div>
      {/* Announced once for the whole bar; on screen the dashed buttons and their tooltips say it without moving the page. */}
      <p className="visually-hidden" role="status">
        {blocked ?? ""}
      </p>
      <ActionFailure launcher={launcher} />
      <ActionDialogs launcher={launcher} />
    </div>
  );
}
