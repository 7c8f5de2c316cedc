import { queryOptions } from "@tanstack/react-query";
import type { ApiClient } from "../../../../sdk";

export const documentKeys = {
  all: ["documents"] as const,
  list: (spaceId: string) => [...documentKeys.all, "list", spaceId] as const,
};

export const documentsQueryOptions = (api: ApiClient, spaceId: string) =>
  queryOptions({
    queryKey: documentKeys.list(spaceId),
    queryFn: ({ signal }) => api.documents.list(spaceId, { signal }),
  });
