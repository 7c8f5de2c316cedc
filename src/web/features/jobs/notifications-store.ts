import { create } from "zustand";
import { persist, createJSONStorage } from "zustand/middleware";

type NotificationsState = {
  /** The user asked for browser notifications (the browser's permission is asked only then, never on load). */
  enabled: boolean;
  setEnabled: (enabled: boolean) => void;
};

export const useNotificationsStore = create<NotificationsState>()(
  persist((set) => ({ enabled: false, setEnabled: (enabled) => set({ enabled }) }), {
    name: "jobs-notifications",
    storage: createJSONStorage(() => localStorage),
  }),
);

/** The browser's Notification API, when there is one. */
export const browserNotifications = (): typeof Notification | undefined =>
  typeof window !== "undefined" && "Notification" in window ? window.Notification : undefined;
