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
};

type ToastState = {
  toasts: JobToastItem[];
  show: (toast: JobToastItem) => void;
  dismiss: (id: string) => void;
};

/** At most this many toasts at once: older ones give way. */
const MAX_TOASTS = 4;

/** The toasts on screen (one per finished job). */
export const useToastStore = create<ToastState>()((set) => ({
  toasts: [],
  show: (toast) =>
    set((state) => ({
      toasts: [...state.toasts.filter((item) => item.id !== toast.id), toast].slice(-MAX_TOASTS),
    })),
  dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((item) => item.id !== id) })),
}));
