import { queryOptions } from "@tanstack/react-query";
import type { ApiClient } from "../../../../sdk";

export const planKeys = {
  all: ["plans"] as const,
  detail: (jobId: string) => [...planKeys.all, jobId] as const,
};

/** A map job with its plan. Not patched by events: the plan changes only through this screen's own requests. */
export const planQueryOptions = (api: ApiClient, jobId: string) =>
  queryOptions({
    queryKey: planKeys.detail(jobId),
    queryFn: ({ signal }) => api.jobs.getPlan(jobId, { signal }),
    staleTime: Infinity,
  });
