import { queryOptions } from "@tanstack/react-query";
import type { ApiClient } from "../../../../sdk";

/** A listener as `GET /listeners` returns it. */
export type Listener = Awaited<ReturnType<ApiClient["listeners"]["list"]>>[number];

/**
 * How long a list counts as fresh. `listener:*` events reach operators only (they are environment level), so an end
 * user's dashboard cannot wait for them: it reads the list again when the tab regains focus after this, and every
 * `LISTENERS_POLL_MS` while one of its jobs waits for a worker (see use-no-worker.ts).
 */
const LISTENERS_STALE_MS = 10_000;

/** How often a job that waits for a worker reads the list again: it says "started" within this when one connects. */
export const LISTENERS_POLL_MS = 10_000;

/** Query keys; `listenersLiveHandler` invalidates them all on a `listener:*` event. */
export const listenerKeys = {
  all: ["listeners"] as const,
  list: (includeDisconnected: boolean) => [...listenerKeys.all, { includeDisconnected }] as const,
};

export const listenersQueryOptions = (api: ApiClient, { includeDisconnected = false } = {}) =>
  queryOptions({
    queryKey: listenerKeys.list(includeDisconnected),
    queryFn: ({ signal }): Promise<Listener[]> =>
      api.listeners.list(includeDisconnected ? { includeDisconnected } : {}, { signal }),
    staleTime: LISTENERS_STALE_MS,
    refetchOnWindowFocus: true,
  });
