import { recordsText } from "../error-text";
import type { ToolTarget } from "../tool-target";
import { DeleteRecordsDialog } from "./delete-records-dialog";
import { ToolDialogButton } from "./tool-dialog-button";

/** "Delete 3 records": asks for confirmation, then deletes the selected records. */
export function DeleteRecordsButton({
  target,
  count,
  disabled,
}: {
  target: ToolTarget;
  count: number;
  disabled?: boolean;
}) {
  return (
    <ToolDialogButton label={`Delete ${recordsText(count)}`} disabled={disabled || count === 0}>
      {(close) => <DeleteRecordsDialog target={target} count={count} onStarted={close} />}
    </ToolDialogButton>
  );
}
