import { queryOptions } from "@tanstack/react-query";
import type { ApiClient } from "../../../../sdk";

/**
 * Query keys. Queries use `staleTime: Infinity`: `spaceLiveHandler` (space-live-handler.ts) must patch or invalidate
 * every query created here, or it is never read again while the event stream is live.
 */
export const fileKeys = {
  all: ["files"] as const,
  list: (spaceId: string) => [...fileKeys.all, "list", spaceId] as const,
};

export const filesQueryOptions = (api: ApiClient, spaceId: string) =>
  queryOptions({
    queryKey: fileKeys.list(spaceId),
    // The API lists one mode at a time (import when none is given); the space shows both, newest first.
    queryFn: async ({ signal }) => {
      const [imports, exports] = await Promise.all(
        (["import", "export"] as const).map(
          async (mode) => (await api.files.list({ spaceId, mode, pageSize: 100 }, { signal })).data,
        ),
      );
      return [...(imports ?? []), ...(exports ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
  });
