import { queryOptions } from "@tanstack/react-query";
import type { ApiClient } from "../../../../sdk";

export const fileKeys = {
  all: ["files"] as const,
  list: (spaceId: string) => [...fileKeys.all, "list", spaceId] as const,
};

export const filesQueryOptions = (api: ApiClient, spaceId: string) =>
  queryOptions({
    queryKey: fileKeys.list(spaceId),
    queryFn: async ({ signal }) => (await api.files.list({ spaceId, pageSize: 100 }, { signal })).data,
  });
