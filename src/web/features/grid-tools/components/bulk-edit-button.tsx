import type { ToolScope } from "../selection-config";
import type { ToolTarget } from "../tool-target";
import { BulkEditDialog } from "./bulk-edit-dialog";
import { ToolDialogButton } from "./tool-dialog-button";

/** "Bulk edit" for the toolbar (the records shown) or the selection bar (the selected records). */
export function BulkEditButton({
  target,
  scope,
  disabled,
}: {
  target: ToolTarget;
  scope: ToolScope;
  disabled?: boolean;
}) {
  return (
    <ToolDialogButton label="Bulk edit" disabled={disabled}>
      {(close) => <BulkEditDialog target={target} initialScope={scope} onStarted={close} />}
    </ToolDialogButton>
  );
}
