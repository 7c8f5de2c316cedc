type Connection = { saveData?: boolean; effectiveType?: string };

/** Without requestIdleCallback (Safari): a pause long enough for the page's own work to be done. */
const FALLBACK_DELAY_MS = 1000;

/**
 * Whether nothing should be fetched ahead of need: the person asked their browser to save data (Save-Data), or the
 * connection is a 2G one. Browsers without the Network Information API answer false.
 */
export function savesData(nav: Navigator = navigator): boolean {
  const connection = (nav as Navigator & { connection?: Connection }).connection;
  return connection?.saveData === true || (connection?.effectiveType ?? "").endsWith("2g");
}

/** Runs `task` once the browser is idle, at the latest after `timeoutMs`; answers a function that cancels it. */
export function whenIdle(task: () => void, timeoutMs = 2000): () => void {
  if (typeof window.requestIdleCallback === "function") {
    const id = window.requestIdleCallback(() => task(), { timeout: timeoutMs });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(task, Math.min(FALLBACK_DELAY_MS, timeoutMs));
  return () => window.clearTimeout(id);
}
