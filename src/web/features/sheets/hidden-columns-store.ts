import { create } from "zustand";
import { persist } from "zustand/middleware";

type HiddenColumnsState = {
  /** The field keys hidden in each sheet (a `view` next step hides them); remembered across visits. */
  bySheet: Record<string, string[]>;
  hide: (sheetId: string, fieldKeys: readonly string[]) => void;
  showAll: (sheetId: string) => void;
};

export const useHiddenColumnsStore = create<HiddenColumnsState>()(
  persist(
    (set) => ({
      bySheet: {},
      hide: (sheetId, fieldKeys) =>
        set((state) => ({ bySheet: { ...state.bySheet, [sheetId]: [...new Set(fieldKeys)] } })),
      showAll: (sheetId) =>
        set((state) => {
          const bySheet = { ...state.bySheet };
          delete bySheet[sheetId];
          return { bySheet };
        }),
    }),
    { name: "jobs-panel.hidden-columns" },
  ),
);

const NONE: string[] = [];

/** The field keys hidden in a sheet. */
export const useHiddenColumns = (sheetId: string) =>
  useHiddenColumnsStore((state) => state.bySheet[sheetId] ?? NONE);
