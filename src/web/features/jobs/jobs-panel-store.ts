import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";

/** What the panel lists: everything, or the jobs of one kind. */
export type JobsFilter = "all" | "running" | "complete" | "failed" | "canceled";

type JobsPanelState = {
  open: boolean;
  filter: JobsFilter;
  /** When the panel was last open (ms since the epoch): jobs finished after it are unread. */
  seenAt: number;
  /** While open: when it had been seen before this opening, so what finished since can be marked new. */
  newSince: number;
  setOpen: (open: boolean) => void;
  setFilter: (filter: JobsFilter) => void;
};

/** Whether the jobs panel is open, its filter, and what the user has seen in it (kept across reloads). */
export const useJobsPanelStore = create<JobsPanelState>()(
  persist(
    (set) => ({
      open: false,
      filter: "all",
      seenAt: Date.now(),
      newSince: Date.now(),
      // Opening marks what is there as seen; so does closing (what finished while it was open was seen too).
      setOpen: (open) =>
        set((state) => ({ open, seenAt: Date.now(), newSince: open ? state.seenAt : state.newSince })),
      setFilter: (filter) => set({ filter }),
    }),
    {
      name: "jobs-panel",
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ seenAt: state.seenAt }),
    },
  ),
);
