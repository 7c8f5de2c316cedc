import { queryOptions } from "@tanstack/react-query";
import type { ApiClient } from "../../../../sdk";

/**
 * Query keys. Queries use `staleTime: Infinity`: `spaceLiveHandler` (space-live-handler.ts) must patch or invalidate
 * every query created here, or it is never read again while the event stream is live.
 */
export const workbookKeys = {
  all: ["workbooks"] as const,
  lists: () => [...workbookKeys.all, "list"] as const,
  list: (spaceId: string) => [...workbookKeys.lists(), spaceId] as const,
};

/** A space's workbooks, with their sheets and record counts. */
export const workbooksQueryOptions = (api: ApiClient, spaceId: string) =>
  queryOptions({
    queryKey: workbookKeys.list(spaceId),
    queryFn: async ({ signal }) => (await api.workbooks.list({ spaceId, pageSize: 100 }, { signal })).data,
  });
