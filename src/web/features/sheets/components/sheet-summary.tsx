import type { RecordView } from "../api/records-query-options";
import { useHiddenColumnsStore } from "../hidden-columns-store";
import { useSelectionStore, useSheetSelection } from "../selection-store";

const what = (view: RecordView) =>
  view.filter === "valid" ? "valid records" : view.filter === "error" ? "records with errors" : "records";

const number = (value: number) => value.toLocaleString("en-US");

/** "Showing 12 of 60 records", how many are selected (with a way to clear them) and how many columns are hidden. */
export function SheetSummary({
  sheetId,
  view,
  matching,
  counting,
  total,
  hiddenColumns,
}: {
  sheetId: string;
  view: RecordView;
  matching: number;
  /** The count of a new filter or search is on its way: the last one's figure would be wrong for it. */
  counting: boolean;
  total: number;
  hiddenColumns: number;
}) {
  const { count } = useSheetSelection(sheetId);
  return (
    <div className="sheet-summary" data-slot="record-summary">
      <p className="muted" role="status">
        {counting ? "Counting" : `Showing ${number(matching)} of ${number(total)}`}{" "}
        {view.filter === "all" ? "records" : what(view)}
        {view.searchValue ? ` matching “${view.searchValue}”` : ""}
        {counting ? "…" : ""}
        {count > 0 ? <span data-slot="selected-count"> · {number(count)} selected</span> : null}
      </p>
      {count > 0 ? (
        <button
          type="button"
          className="button"
          data-variant="ghost"
          onClick={() => useSelectionStore.getState().clear(sheetId)}
        >
          Clear selection
        </button>
      ) : null}
      {hiddenColumns > 0 ? (
        <button
          type="button"
          className="button"
          data-variant="ghost"
          onClick={() => useHiddenColumnsStore.getState().showAll(sheetId)}
        >
          Show {hiddenColumns} hidden column{hiddenColumns === 1 ? "" : "s"}
        </button>
      ) : null}
    </div>
  );
}
