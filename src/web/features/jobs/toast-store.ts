import { create } from "zustand";
import type { Job } from "../../lib/api-types";

export type JobToastItem = {
  id: string;
  jobId: string;
  spaceId: string | undefined;
  title: string;
  description: string | undefined;
  tone: "ok" | "error" | "neutral";
  /** The finished job, when its outcome offers a next step to show as the toast's button. */
  job?: Job;
  /** How many jobs ended the same way since this toast was shown (shown as "×3"); 1 when absent. */
  count?: number;
};

type ToastState = {
  toasts: JobToastItem[];
  show: (toast: JobToastItem) => void;
  dismiss: (id: string) => void;
};

/** At most this many toasts at once: older ones give way. */
const MAX_TOASTS = 4;

/**
 * Toasts that say the same thing (three exports canceled one after another): one toast counts them. One with a next
 * step stays apart, since its button acts on its own job.
 */
const sameWords = (a: JobToastItem, b: JobToastItem) =>
  !a.job?.outcome?.next &&
  !b.job?.outcome?.next &&
  a.title === b.title &&
  a.description === b.description &&
  a.tone === b.tone &&
  a.spaceId === b.spaceId;

/** The toasts on screen: one per finished job, or one for several that ended the same way. */
export const useToastStore = create<ToastState>()((set) => ({
  toasts: [],
  show: (toast) =>
    set((state) => {
      const rest = state.toasts.filter((item) => item.id !== toast.id);
      const same = rest.find((item) => sameWords(item, toast));
      // The newest job's toast takes the group's place at the end (its View opens that job), counting the others;
      // a new id makes it a new toast, announced again and with a fresh timer.
      const next = same ? { ...toast, count: (same.count ?? 1) + 1 } : toast;
      return {
        toasts: [...rest.filter((item) => item !== same), next].slice(-MAX_TOASTS),
      };
    }),
  dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((item) => item.id !== id) })),
}));
