import { DeleteRecordsJobConfig } from "../../../../core";
import { DialogButtons } from "../../../components/ui/dialog-buttons";
import { DialogContent, DialogDescription, DialogTitle } from "../../../components/ui/dialog";
import { useSelectionStore } from "../../sheets";
import { useStartRecordJob } from "../api/use-start-record-job";
import { errorText, recordsText } from "../error-text";
import { selectionConfig } from "../selection-config";
import type { ToolTarget } from "../tool-target";

/**
 * "Delete 1,204 records from Contacts?": confirms, then starts `workbook:delete-records` for the selection (select-all
 * with its exceptions included). The selection is cleared once the job is started: its rows are on their way out.
 */
export function DeleteRecordsDialog({
  target,
  count,
  onStarted,
}: {
  target: ToolTarget;
  /** How many records the selection holds. */
  count: number;
  onStarted: () => void;
}) {
  const start = useStartRecordJob();
  const sheetId = target.sheet.id;
  const selection = useSelectionStore((state) => state.bySheet[sheetId]);
  const what = `${recordsText(count)} from ${target.sheet.name}`;

  const confirm = () => {
    if (start.isPending || !selection) return;
    const config = DeleteRecordsJobConfig.parse({
      sheet: sheetId,
      ...selectionConfig(selection, "deleteRecords"),
    });
    start.mutate(
      { kind: "deleteRecords", source: target.workbookId, config },
      {
        onSuccess: () => {
          useSelectionStore.getState().clear(sheetId);
          onStarted();
        },
      },
    );
  };

  return (
    <DialogContent className="grid-tool-dialog" data-kind="delete" role="alertdialog">
      <DialogTitle>Delete {what}?</DialogTitle>
      <DialogDescription className="grid-tool-text">
        A snapshot is taken first: when the deletion is done, you will be offered an Undo that brings them
        back.
      </DialogDescription>
      {start.error ? (
        <p className="grid-tool-alert" role="alert">
          Could not start the deletion: {errorText(start.error)}
        </p>
      ) : null}
      <DialogButtons
        className="grid-tool-buttons"
        confirmClassName="grid-tool-submit grid-tool-danger"
        pending={start.isPending}
        onConfirm={confirm}
      >
        Delete {recordsText(count)}
      </DialogButtons>
    </DialogContent>
  );
}
