import { formatCount } from "../../../../core";
import type { ReactNode } from "react";
import type { RecordView } from "../api/records-query-options";
import { useHiddenColumnsStore } from "../hidden-columns-store";

const what = (view: RecordView) =>
  view.filter === "valid" ? "valid records" : view.filter === "error" ? "records with errors" : "records";

const number = formatCount;

/** "Showing 12 of 60 records", the selection (a slot for its bar) and how many columns are hidden. */
export function SheetSummary({
  sheetId,
  view,
  matching,
  counting,
  total,
  hiddenColumns,
  selection,
}: {
  sheetId: string;
  view: RecordView;
  matching: number;
  /** The count of a new filter or search is on its way: the last one's figure would be wrong for it. */
  counting: boolean;
  total: number;
  hiddenColumns: number;
  /** Slot for the selection's bar: how many are selected, Clear, and what can be done with them. */
  selection?: ReactNode;
}) {
  return (
    <div className="sheet-summary" data-slot="record-summary">
      <p className="muted" role="status" data-slot="record-count">
        {counting ? "Counting" : `Showing ${number(matching)} of ${number(total)}`}{" "}
        {view.filter === "all" ? "records" : what(view)}
        {view.searchValue ? ` matching “${view.searchValue}”` : ""}
        {counting ? "…" : ""}
      </p>
      {selection}
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
