import { queryOptions } from "@tanstack/react-query";
import type { ApiClient } from "../../../../sdk";

export const planKeys = {
  all: ["plans"] as const,
  detail: (jobId: string) => [...planKeys.all, jobId] as const,
};

/** A map job with its plan; read again on its job's `job:updated` (imports-live-handler.ts). */
export const planQueryOptions = (api: ApiClient, jobId: string) =>
  queryOptions({
    queryKey: planKeys.detail(jobId),
    queryFn: ({ signal }) => api.jobs.getPlan(jobId, { signal }),
    staleTime: Infinity,
  });
