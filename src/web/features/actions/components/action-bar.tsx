import type { Action } from "../../../../core";
import type { ActionScope } from "../action-scope";
import { useActionAvailability, useBlockedReason } from "../use-action-availability";
import { useActionLauncher } from "../use-action-launcher";
import { ActionButton } from "./action-button";
import { ActionDialogs } from "./action-dialogs";
import { ActionFailure } from "./action-failure";
import { ActionIcon } from "./action-icon";
import { ActionMenu } from "./action-menu";
import "../actions.css";

/**
 * Which actions are buttons and which go in the "More actions" menu: the primary ones are buttons and the others are
 * in the menu, as Flatfile shows them, so the bar is one short row that never wraps. Two actions or fewer are all
 * buttons: a menu would only add a click.
 */
export function splitActions(actions: readonly Action[]): { buttons: Action[]; more: Action[] } {
  const primary = actions.filter((action) => action.primary);
  const others = actions.filter((action) => !action.primary);
  if (actions.length <= 2) return { buttons: [...others, ...primary], more: [] };
  return { buttons: primary, more: others };
}

/**
 * Actions for the top right of a view: the primary ones as buttons, last (rightmost) and emphasised, the others in a
 * "More actions" menu before them.
 */
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
  const { buttons, more } = splitActions(actions);
  return (
    <div className="action-area" data-slot="action-bar">
      <div className="action-bar" role="group" aria-label={label}>
        {more.length ? (
          <ActionMenu
            actions={more}
            reasonFor={reasonFor}
            launcher={launcher}
            trigger={
              <>
                More actions
                <ActionIcon name="chevron" />
              </>
            }
          />
        ) : null}
        {buttons.map((action) => (
          <ActionButton
            key={action.operation}
            action={action}
            disabledReason={reasonFor(action)}
            starting={launcher.isStarting(action)}
            noWorker={launcher.noWorkerHint(action)}
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
