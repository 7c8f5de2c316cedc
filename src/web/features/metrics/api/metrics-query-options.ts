import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { ApiClient } from "../../../../sdk";
import { metricWindow, type MetricRange } from "../metrics-range";

/**
 * How often an open page reads its metrics again (and how long an answer counts as fresh): often enough to watch a
 * burst of jobs land, rare enough that a page left open costs the server one query per 10 s. React Query pauses it
 * while the tab is hidden.
 */
export const METRICS_REFRESH_MS = 10_000;

/** Query keys: one per range and space; the window itself moves with the clock at each fetch. */
export const metricKeys = {
  all: ["metrics"] as const,
  jobs: (range: MetricRange, spaceId: string | undefined) =>
    [...metricKeys.all, "jobs", { range, spaceId }] as const,
};

export const jobMetricsQueryOptions = (api: ApiClient, range: MetricRange, spaceId?: string) =>
  queryOptions({
    queryKey: metricKeys.jobs(range, spaceId),
    queryFn: ({ signal }) =>
      api.metrics.jobs({ ...metricWindow(range, Date.now()), ...(spaceId ? { spaceId } : {}) }, { signal }),
    staleTime: METRICS_REFRESH_MS,
    refetchInterval: METRICS_REFRESH_MS,
    // A new range or space shows the last answer, marked busy, until its own arrives: no empty flash, no jump.
    placeholderData: keepPreviousData,
  });
