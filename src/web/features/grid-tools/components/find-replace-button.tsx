import type { ToolScope } from "../selection-config";
import type { ToolTarget } from "../tool-target";
import { FindReplaceDialog } from "./find-replace-dialog";
import { ToolDialogButton } from "./tool-dialog-button";

/** "Find and replace" for the toolbar (the records shown) or the selection bar (the selected records). */
export function FindReplaceButton({
  target,
  scope,
  disabled,
}: {
  target: ToolTarget;
  scope: ToolScope;
  disabled?: boolean;
}) {
  return (
    <ToolDialogButton label="Find and replace" disabled={disabled}>
      {(close) => <FindReplaceDialog target={target} initialScope={scope} onStarted={close} />}
    </ToolDialogButton>
  );
}
