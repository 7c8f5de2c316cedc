import { useQuery } from "@tanstack/react-query";
import { use } from "react";
import { create } from "zustand";
import type { JobSubject } from "../../../core";
import { ApiContext } from "../../lib/api-context";
import { recordCountQueryOptions, type RecordMatch } from "./api/records-query-options";

/**
 * A sheet's selection: some records by id, or every record matching a filter and search (`all`) but the
 * `exceptions` unchecked since; `total` is how many matched when "all" was chosen, until the count is read again.
 */
export type Selection =
  | { mode: "ids"; ids: ReadonlySet<string> }
  | { mode: "all"; match: RecordMatch; exceptions: ReadonlySet<string>; total: number };

type SelectionState = {
  bySheet: Record<string, Selection>;
  /** Selects exactly `ids`. */
  setSelected: (sheetId: string, ids: ReadonlySet<string>) => void;
  /** Checks or unchecks some records, in either mode. */
  setMany: (sheetId: string, ids: readonly string[], selected: boolean) => void;
  /** Selects every record matching `match` (`total` of them right now). */
  selectAll: (sheetId: string, match: RecordMatch, total: number) => void;
  clear: (sheetId: string) => void;
};

const NONE: ReadonlySet<string> = new Set();

function withMany(selection: Selection | undefined, ids: readonly string[], selected: boolean): Selection {
  if (selection?.mode === "all") {
    const exceptions = new Set(selection.exceptions);
    for (const id of ids) {
      if (selected) exceptions.delete(id);
      else exceptions.add(id);
    }
    return { ...selection, exceptions };
  }
  const next = new Set(selection?.ids ?? NONE);
  for (const id of ids) {
    if (selected) next.add(id);
    else next.delete(id);
  }
  return { mode: "ids", ids: next };
}

export const useSelectionStore = create<SelectionState>()((set) => {
  const put = (sheetId: string, selection: Selection | undefined) =>
    set((state) => {
      const bySheet = { ...state.bySheet };
      if (selection && (selection.mode === "all" || selection.ids.size > 0)) bySheet[sheetId] = selection;
      else delete bySheet[sheetId];
      return { bySheet };
    });
  return {
    bySheet: {},
    setSelected: (sheetId, ids) => put(sheetId, { mode: "ids", ids }),
    setMany: (sheetId, ids, selected) =>
      set((state) => {
        const next = withMany(state.bySheet[sheetId], ids, selected);
        const bySheet = { ...state.bySheet };
        if (next.mode === "all" || next.ids.size > 0) bySheet[sheetId] = next;
        else delete bySheet[sheetId];
        return { bySheet };
      }),
    selectAll: (sheetId, match, total) =>
      put(sheetId, { mode: "all", match: { ...match }, exceptions: NONE, total }),
    clear: (sheetId) => put(sheetId, undefined),
  };
});

/** Whether a record is in a selection. */
export const isSelected = (selection: Selection | undefined, id: string): boolean =>
  selection === undefined
    ? false
    : selection.mode === "all"
      ? !selection.exceptions.has(id)
      : selection.ids.has(id);

/**
 * A sheet's selection as an action needs it: how many records are selected, and the job `subject` that names them,
 * undefined without a selection. Some records: `{type: "collection", resource: "records", params: {sheetId}, query:
 * {ids}}`; every record matching the view: `query: {filter, searchValue?, exceptions?}` without `ids` (the server
 * counts the matches), and `count` is the matching total (kept fresh by the record count query) minus the exceptions.
 */
export function useSheetSelection(sheetId: string): { count: number; subject: JobSubject | undefined } {
  const selection = useSelectionStore((state) => (sheetId ? state.bySheet[sheetId] : undefined));
  // Read from the context rather than useApi(): this hook is also used where no sheet (and maybe no client) is.
  const api = use(ApiContext);
  const all = selection?.mode === "all" ? selection : undefined;
  const matching = useQuery({
    ...recordCountQueryOptions(api, sheetId, all?.match ?? { filter: "all" }),
    enabled: all !== undefined && sheetId !== "",
  });
  if (!selection) return { count: 0, subject: undefined };
  if (selection.mode === "ids") {
    return {
      count: selection.ids.size,
      subject: {
        type: "collection",
        resource: "records",
        params: { sheetId },
        query: { ids: [...selection.ids] },
      },
    };
  }
  const total = matching.data && !matching.isPlaceholderData ? matching.data.matching : selection.total;
  const { filter, searchValue } = selection.match;
  return {
    count: Math.max(0, total - selection.exceptions.size),
    subject: {
      type: "collection",
      resource: "records",
      params: { sheetId },
      query: {
        filter,
        ...(searchValue ? { searchValue } : {}),
        ...(selection.exceptions.size > 0 ? { exceptions: [...selection.exceptions] } : {}),
      },
    },
  };
}
