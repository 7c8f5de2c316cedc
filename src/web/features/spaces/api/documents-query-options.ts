import { queryOptions } from "@tanstack/react-query";
import type { ApiClient } from "../../../../sdk";

/**
 * Query keys. Queries use `staleTime: Infinity`: `spaceLiveHandler` (space-live-handler.ts) must patch or invalidate
 * every query created here, or it is never read again while the event stream is live.
 */
export const documentKeys = {
  all: ["documents"] as const,
  list: (spaceId: string) => [...documentKeys.all, "list", spaceId] as const,
};

export const documentsQueryOptions = (api: ApiClient, spaceId: string) =>
  queryOptions({
    queryKey: documentKeys.list(spaceId),
    queryFn: ({ signal }) => api.documents.list(spaceId, { signal }),
  });
