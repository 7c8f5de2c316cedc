export {
  recordCountQueryOptions,
  recordKeys,
  type RecordMatch,
  type RecordView,
} from "./api/records-query-options";
export { recordsLiveHandler } from "./api/records-live-handler";
export { RecordsTable } from "./components/records-table";
export { SheetSummary } from "./components/sheet-summary";
export { SheetToolbar } from "./components/sheet-toolbar";
export { useHiddenColumns, useHiddenColumnsStore } from "./hidden-columns-store";
export { useSelectionStore, useSheetSelection, type Selection } from "./selection-store";
export { useSheetView } from "./use-sheet-view";

// Pages for app/router.tsx, each fetched on first visit (see app/lazy-route.ts).
export const loadSheetByIdPage = () => import("./components/sheet-by-id");
export { cellText } from "./cell-text";
