import { Button } from "../../../components/ui/button";
import { useSelectionStore, useSheetSelection } from "../../sheets";
import { countText } from "../error-text";
import type { ToolTarget } from "../tool-target";
import { BulkEditButton } from "./bulk-edit-button";
import { DeleteRecordsButton } from "./delete-records-button";
import { FindReplaceButton } from "./find-replace-button";
import "../grid-tools.css";

/**
 * The selection and what can be done with it: "3 selected" or "All 12,400 matching selected", Clear, Delete, Find
 * and replace, Bulk edit. It keeps its height with or without a selection, so the grid below never moves.
 */
export function SelectionBar({
  target,
  readonly,
  locked,
}: {
  target: ToolTarget;
  /** The sheet may not be edited: nothing but the count and Clear. */
  readonly?: boolean;
  /** A toolbarBlocking job runs. */
  locked?: boolean;
}) {
  const sheetId = target.sheet.id;
  const selection = useSelectionStore((state) => state.bySheet[sheetId]);
  const { count } = useSheetSelection(sheetId);
  if (!selection) {
    return (
      <div className="selection-bar" data-slot="selection-bar" data-empty>
        <p className="selection-bar-text muted" aria-live="polite">
          {readonly ? "" : "Tick rows to delete or edit them together."}
        </p>
      </div>
    );
  }
  const everything = selection.mode === "all" && selection.exceptions.size === 0;
  return (
    <div className="selection-bar" data-slot="selection-bar" role="group" aria-label="Selected records">
      <p className="selection-bar-text" aria-live="polite" data-slot="selected-count">
        {everything ? `All ${countText(count)} matching selected` : `${countText(count)} selected`}
      </p>
      <Button variant="ghost" onClick={() => useSelectionStore.getState().clear(sheetId)}>
        Clear selection
      </Button>
      {readonly ? null : (
        <div className="selection-bar-tools">
          <DeleteRecordsButton target={target} count={count} disabled={locked} />
          <FindReplaceButton target={target} scope="selection" disabled={locked} />
          <BulkEditButton target={target} scope="selection" disabled={locked} />
        </div>
      )}
    </div>
  );
}
