import { create } from "zustand";

export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "offline";

type ConnectionState = {
  status: ConnectionStatus;
  /** When data was last known fresh (the stream was live, or a poll answered), ms since the epoch. */
  freshAt: number | undefined;
  failures: number;
  setLive: () => void;
  setDropped: () => void;
  setOffline: () => void;
  markFresh: () => void;
};

/** After this many failed attempts in a row a dropped stream counts as offline. */
const OFFLINE_AFTER_FAILURES = 3;

export const useConnectionStore = create<ConnectionState>()((set) => ({
  status: "connecting",
  freshAt: undefined,
  failures: 0,
  setLive: () => set({ status: "live", failures: 0, freshAt: Date.now() }),
  setDropped: () =>
    set((state) => ({
      status: state.failures + 1 >= OFFLINE_AFTER_FAILURES ? "offline" : "reconnecting",
      failures: state.failures + 1,
      freshAt: state.status === "live" ? Date.now() : state.freshAt,
    })),
  setOffline: () =>
    set((state) => ({ status: "offline", freshAt: state.status === "live" ? Date.now() : state.freshAt })),
  markFresh: () => set({ freshAt: Date.now() }),
}));
