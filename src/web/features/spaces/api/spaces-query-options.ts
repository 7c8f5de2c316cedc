import { queryOptions } from "@tanstack/react-query";
import type { ApiClient } from "../../../../sdk";

/**
 * Query keys. Queries use `staleTime: Infinity`: `spacesLiveHandler` (spaces-live-handler.ts) must patch or invalidate
 * every query created here, or it is never read again while the event stream is live.
 */
export const spaceKeys = {
  all: ["spaces"] as const,
  lists: () => [...spaceKeys.all, "list"] as const,
  detail: (spaceId: string) => [...spaceKeys.all, "detail", spaceId] as const,
};

export const spacesQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: spaceKeys.lists(),
    queryFn: ({ signal }) => api.spaces.list({ pageSize: 100 }, { signal }),
  });

export const spaceQueryOptions = (api: ApiClient, spaceId: string) =>
  queryOptions({
    queryKey: spaceKeys.detail(spaceId),
    queryFn: ({ signal }) => api.spaces.get(spaceId, { signal }),
  });
