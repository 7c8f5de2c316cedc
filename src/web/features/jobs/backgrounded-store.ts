import { create } from "zustand";

type BackgroundedState = {
  /** Foreground jobs the user sent to the jobs panel with "Run in background": they no longer block their resource. */
  jobIds: ReadonlySet<string>;
  sendToBackground: (jobId: string) => void;
};

export const useBackgroundedStore = create<BackgroundedState>()((set) => ({
  jobIds: new Set(),
  sendToBackground: (jobId) => set((state) => ({ jobIds: new Set(state.jobIds).add(jobId) })),
}));
