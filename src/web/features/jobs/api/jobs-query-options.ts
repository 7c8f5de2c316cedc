import { queryOptions } from "@tanstack/react-query";
import type { ApiClient } from "../../../../sdk";
import type { Job } from "../../../lib/api-types";

export const jobKeys = {
  all: ["jobs"] as const,
  lists: () => [...jobKeys.all, "list"] as const,
  /** A space's jobs, or every job the token sees (`"all"`). */
  list: (scope: string) => [...jobKeys.lists(), scope] as const,
  details: () => [...jobKeys.all, "detail"] as const,
  detail: (jobId: string) => [...jobKeys.details(), jobId] as const,
};

export const JOBS_PAGE_SIZE = 50;

export const jobsQueryOptions = (api: ApiClient, spaceId: string | undefined) =>
  queryOptions({
    queryKey: jobKeys.list(spaceId ?? "all"),
    queryFn: async ({ signal }): Promise<Job[]> =>
      (await api.jobs.list({ ...(spaceId ? { spaceId } : {}), pageSize: JOBS_PAGE_SIZE }, { signal })).data,
  });

export const jobQueryOptions = (api: ApiClient, jobId: string) =>
  queryOptions({
    queryKey: jobKeys.detail(jobId),
    queryFn: ({ signal }): Promise<Job> => api.jobs.get(jobId, { signal }),
  });
