import { create } from "zustand";
import type { JobSubject } from "../../../core";

type SelectionState = {
  /** The selected record ids of each sheet. */
  bySheet: Record<string, ReadonlySet<string>>;
  setSelected: (sheetId: string, ids: ReadonlySet<string>) => void;
  clear: (sheetId: string) => void;
};

export const useSelectionStore = create<SelectionState>()((set) => ({
  bySheet: {},
  setSelected: (sheetId, ids) => set((state) => ({ bySheet: { ...state.bySheet, [sheetId]: ids } })),
  clear: (sheetId) =>
    set((state) => {
      const bySheet = { ...state.bySheet };
      delete bySheet[sheetId];
      return { bySheet };
    }),
}));

const NONE: ReadonlySet<string> = new Set();

/**
 * A sheet's selection as an action needs it: how many records are selected, and the job `subject` that names them
 * (`{type: "collection", resource: "records", query: {ids}}`), undefined without a selection.
 */
export function useSheetSelection(sheetId: string): { count: number; subject: JobSubject | undefined } {
  const ids = useSelectionStore((state) => state.bySheet[sheetId] ?? NONE);
  return {
    count: ids.size,
    subject:
      ids.size > 0
        ? { type: "collection", resource: "records", params: { sheetId }, query: { ids: [...ids] } }
        : undefined,
  };
}
