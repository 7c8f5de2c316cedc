import { useConnectionStore } from "./connection-store";

/**
 * Resolves when the server may be reachable again: the event stream came back (live), the browser came online, or
 * `ms` passed (a stream a proxy cuts never comes back, so waiting for it alone could wait for ever).
 */
export function waitForConnection(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      window.clearTimeout(timer);
      unsubscribe();
      window.removeEventListener("online", done);
      resolve();
    };
    const timer = window.setTimeout(done, ms);
    const unsubscribe = useConnectionStore.subscribe((state, previous) => {
      if (state.status === "live" && previous.status !== "live") done();
    });
    window.addEventListener("online", done);
  });
}
