import type { QueryClient } from "@tanstack/react-query";
import type { ApiClient } from "../../../../sdk";
import { useSessionStore } from "../../auth";
import { readFilters, serverQuery } from "../table-filters";
import { jobsTableQueryOptions, PREFETCH_FRESH_MS } from "./jobs-table-query";

/**
 * Starts the first request of the table the page at `spaceId` (none: every space) with `search` will show, so that it
 * runs while the page's code is fetched; a second call within a second (the link's press, then its click) asks nothing
 * (its promise settles with the first one's request). A user's `/jobs` is sent on to their space: nothing to ask
 * then. The promise settles once the answer is in the cache, or the request failed (never rejects).
 */
export function prefetchJobsTable(
  { queryClient, api }: { queryClient: QueryClient; api: ApiClient },
  spaceId: string | undefined,
  search: string,
): Promise<void> | undefined {
  if (!spaceId && useSessionStore.getState().session?.role !== "operator") return;
  const filters = readFilters(new URLSearchParams(search));
  return queryClient.prefetchInfiniteQuery({
    ...jobsTableQueryOptions(api, serverQuery(spaceId, filters)),
    // The press of the link prefetches, then its click: the answer to the press is still fresh.
    staleTime: PREFETCH_FRESH_MS,
  });
}
