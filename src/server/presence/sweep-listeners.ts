import type { ServiceDeps } from "../services/service-deps";
import { listenerEvent } from "./presence-events";

export type SweepOptions = {
  /** A connected listener not refreshed for this long is disconnected: its instance stopped (30 s). */
  listenerStaleMs?: number;
  /** A disconnected listener is forgotten after this long (1 hour). */
  listenerKeepMs?: number;
};

export const SWEEP_DEFAULTS = { listenerStaleMs: 30_000, listenerKeepMs: 3_600_000 } as const;

/**
 * Disconnects the listeners whose instance stopped refreshing them (it died, or lost its database), each with one
 * `listener:disconnected` across all instances running this at once, and forgets those disconnected long ago.
 * Answers how many it disconnected.
 */
export async function sweepListeners(deps: ServiceDeps, options: SweepOptions = {}): Promise<number> {
  const staleMs = options.listenerStaleMs ?? SWEEP_DEFAULTS.listenerStaleMs;
  const keepMs = options.listenerKeepMs ?? SWEEP_DEFAULTS.listenerKeepMs;
  const nowMs = deps.now().getTime();
  const now = new Date(nowMs).toISOString();
  return deps.store.transaction(async (tx) => {
    const stale = await tx.disconnectListeners(
      { lastSeenBefore: new Date(nowMs - staleMs).toISOString() },
      now,
    );
    for (const listener of stale)
      await tx.appendEvent(listenerEvent(deps, "listener:disconnected", listener, now, "heartbeat-stopped"));
    await tx.pruneListeners(new Date(nowMs - keepMs).toISOString(), 500);
    return stale.length;
  });
}
