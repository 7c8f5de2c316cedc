import type { QueryClient, QueryKey } from "@tanstack/react-query";
import type { ApiClient, StreamEvent } from "../../../sdk";
import type { LiveContext, LiveEventHandler } from "./live-handler";

/**
 * Applies the events of one frame to the cache: every feature's handler sees the whole frame (each takes the events
 * of its own resources), then every query key they asked to invalidate is invalidated once.
 */
export function applyEvents(
  handlers: readonly LiveEventHandler[],
  events: readonly StreamEvent[],
  { client, api }: { client: QueryClient; api: ApiClient },
): void {
  const stale = new Map<string, QueryKey>();
  const ctx: LiveContext = {
    client,
    api,
    invalidate: (queryKey) => stale.set(JSON.stringify(queryKey), queryKey),
  };
  for (const handler of handlers) handler(events, ctx);
  for (const queryKey of stale.values()) void client.invalidateQueries({ queryKey });
}

/**
 * Collects events and applies them once a frame (while the tab is visible; every quarter second while it is hidden,
 * where frames do not run), so a burst of progress ticks renders once.
 */
export function createEventBatcher(apply: (events: readonly StreamEvent[]) => void): {
  push: (event: StreamEvent) => void;
  flush: () => void;
  dispose: () => void;
} {
  let pending: StreamEvent[] = [];
  let frame: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
    frame = timer = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    apply(batch);
  };
  return {
    push(event) {
      pending.push(event);
      if (frame !== undefined || timer !== undefined) return;
      const visible = typeof document === "undefined" || document.visibilityState === "visible";
      if (visible && typeof requestAnimationFrame === "function") frame = requestAnimationFrame(flush);
      else timer = setTimeout(flush, 250);
    },
    flush,
    dispose() {
      if (frame !== undefined) cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
      pending = [];
    },
  };
}
