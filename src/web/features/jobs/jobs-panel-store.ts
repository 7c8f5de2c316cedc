import { create } from "zustand";

type JobsPanelState = { open: boolean; setOpen: (open: boolean) => void };

/** Whether the jobs panel is open. */
export const useJobsPanelStore = create<JobsPanelState>()((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}));
