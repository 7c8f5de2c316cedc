import { useSyncExternalStore } from "react";

const subscribe = (onChange: () => void) => {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
};

/** The reason to show on a button that sends a request while the browser has no network ("You are offline"). */
export const OFFLINE_REASON = "You are offline";

/**
 * Why a button that sends a request cannot now: the browser says it has no network. A dropped event stream alone does
 * not disable anything (a proxy may cut the stream while requests pass, and a short drop heals within a second);
 * a request that fails then says plainly that the server could not be reached.
 */
export function useOfflineReason(): string | undefined {
  const online = useSyncExternalStore(
    subscribe,
    () => navigator.onLine,
    () => true,
  );
  return online ? undefined : OFFLINE_REASON;
}
