import type { RecordSelectionConfig } from "../../../core";
import type { RecordMatch, Selection } from "../sheets";

/** Which records a grid tool works on: the whole sheet, the records the view shows, or the selection. */
export type ToolScope = "all" | "view" | "selection";

/**
 * The job kinds whose config names records. A delete lists the rows unticked after "select all" as `exceptions`;
 * find and replace and a mutation have no `exceptions`, so those rows go in `ids`, which exclude once a filter applies
 * (core's `resolveRecordSelection`).
 */
export type SelectionJobKind = "deleteRecords" | "findReplace" | "mutate";

type SelectionPart = Pick<RecordSelectionConfig, "filter" | "searchValue" | "ids"> & {
  exceptions?: string[];
};

const matchOf = ({ filter, searchValue }: RecordMatch): SelectionPart => ({
  filter,
  ...(searchValue ? { searchValue } : {}),
});

/**
 * A grid selection as a record job's config. Rows ticked one by one: `ids` and no filter, so they are included.
 * "Select all matching": the view's filter (never absent, so ids exclude) and search, and the rows unticked since as
 * `exceptions` (delete) or `ids` (the others).
 */
export function selectionConfig(selection: Selection, kind: SelectionJobKind): SelectionPart {
  if (selection.mode === "ids") return { ids: [...selection.ids] };
  const left = [...selection.exceptions];
  if (left.length === 0) return matchOf(selection.match);
  return kind === "deleteRecords"
    ? { ...matchOf(selection.match), exceptions: left }
    : { ...matchOf(selection.match), ids: left };
}

/**
 * The selection part of a tool's config for a scope: every record (nothing to narrow), the view's filter and search,
 * or the grid's selection. Undefined for "selection" when nothing is selected.
 */
export function scopeConfig(
  scope: ToolScope,
  view: RecordMatch,
  selection: Selection | undefined,
  kind: SelectionJobKind,
): SelectionPart | undefined {
  switch (scope) {
    case "all":
      return {};
    case "view":
      return matchOf(view);
    case "selection":
      return selection ? selectionConfig(selection, kind) : undefined;
  }
}
