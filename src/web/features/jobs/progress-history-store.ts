import { create } from "zustand";
import { addProgressSample, type ProgressSample } from "../../../core";

type ProgressHistoryState = {
  /** Recent progress of each running job, oldest first: what the time-left estimate reads without an estimate. */
  byJob: Record<string, ProgressSample[]>;
  record: (samples: ReadonlyMap<string, ProgressSample>) => void;
  forget: (jobIds: Iterable<string>) => void;
};

export const useProgressHistoryStore = create<ProgressHistoryState>()((set) => ({
  byJob: {},
  record: (samples) =>
    set((state) => {
      const byJob = { ...state.byJob };
      for (const [jobId, sample] of samples) byJob[jobId] = addProgressSample(byJob[jobId] ?? [], sample);
      return { byJob };
    }),
  forget: (jobIds) =>
    set((state) => {
      const byJob = { ...state.byJob };
      for (const jobId of jobIds) delete byJob[jobId];
      return { byJob };
    }),
}));

const NO_SAMPLES: ProgressSample[] = [];

/** The recent progress samples of one job. */
export const useProgressSamples = (jobId: string) =>
  useProgressHistoryStore((state) => state.byJob[jobId] ?? NO_SAMPLES);
