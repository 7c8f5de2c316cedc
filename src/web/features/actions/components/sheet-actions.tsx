import type { Sheet, Workbook } from "../../../lib/api-types";
import type { ActionScope } from "../action-scope";
import { useActionAvailability } from "../use-action-availability";
import { useActionLauncher } from "../use-action-launcher";
import { ActionButton } from "./action-button";
import { ActionDialogs } from "./action-dialogs";
import { ActionFailure } from "./action-failure";
import { ActionIcon } from "./action-icon";
import { ActionMenu } from "./action-menu";
import "../actions.css";

/**
 * A sheet's actions for its toolbar: the primary ones as buttons, the others in a "More actions" menu. Their
 * constraints see the sheet's counts and the selection; a `toolbarBlocking` or foreground job of the sheet or its workbook
 * disables them all.
 */
export function SheetActions({
  spaceId,
  workbook,
  sheet,
}: {
  spaceId: string;
  workbook: Workbook;
  sheet: Sheet;
}) {
  const actions = sheet.config.actions ?? [];
  const scope: ActionScope = {
    spaceId,
    domain: "sheet",
    resourceId: sheet.id,
    blockingIds: [sheet.id, workbook.id],
    counts: sheet.recordCounts,
  };
  const launcher = useActionLauncher(scope);
  const reasonFor = useActionAvailability(scope, [...actions, ...workbook.actions]);
  if (actions.length === 0) return null;
  const primary = actions.filter((action) => action.primary);
  const others = actions.filter((action) => !action.primary);
  return (
    <div className="action-area" data-slot="sheet-actions">
      <div className="action-bar" role="group" aria-label={`Actions for ${sheet.name}`}>
        {others.length ? (
          <ActionMenu
            actions={others}
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
        {primary.map((action) => (
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
      <ActionFailure launcher={launcher} />
      <ActionDialogs launcher={launcher} />
    </div>
  );
}
