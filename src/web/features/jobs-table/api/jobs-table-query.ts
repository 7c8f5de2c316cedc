import { infiniteQueryOptions, type InfiniteData } from "@tanstack/react-query";
import type { ApiClient, Page } from "../../../../sdk";
import type { Job } from "../../../lib/api-types";
import { jobKeys } from "../../jobs";
import { requestParams, type ServerQuery } from "../table-filters";

/** Jobs per request: bounded (the API has no unpaged list), large enough that a screen needs one request. */
export const TABLE_PAGE_SIZE = 200;

/** How long a first page the route prefetched counts as just read, so the page's mount does not read it again. */
export const PREFETCH_FRESH_MS = 1000;

export type JobsTableData = InfiniteData<Page<Job>, unknown>;

/** Performance marks the bench reads (bench/browser.ts). */
export const MARKS = {
  /** The first page's answer has been parsed. */
  firstPage: "jobs-table:first-page",
  /** The first rows have been committed to the DOM. */
  rows: "jobs-table:rows",
  /** The task after the frame that painted them. */
  rowsPainted: "jobs-table:rows-painted",
} as const;

export const jobsTableQueryOptions = (api: ApiClient, query: ServerQuery) =>
  infiniteQueryOptions({
    queryKey: jobKeys.table(query),
    // Pages by keyset: each page asks for the jobs after the last one read, so new jobs never shift a later page.
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const page = await api.jobs.list(
        {
          ...requestParams(query, Date.now()),
          pageSize: TABLE_PAGE_SIZE,
          ...(pageParam ? { cursor: pageParam } : {}),
        },
        { signal },
      );
      if (pageParam === undefined) performance.mark(MARKS.firstPage);
      return page;
    },
    getNextPageParam: (last) => last.pagination.nextCursor,
    // The table follows events only while it is shown (see apply-table-events.ts): read it again when it comes back,
    // unless the answer is the route's prefetch that just arrived (see prefetch-jobs-table.ts).
    staleTime: 0,
    refetchOnMount: (query) => Date.now() - query.state.dataUpdatedAt > PREFETCH_FRESH_MS,
  });

/** Every loaded job, once each (a job's creation time can tie with the cursor's, and a reload can overlap). */
export function loadedJobs(data: JobsTableData | undefined): Job[] {
  if (!data) return [];
  if (data.pages.length === 1) return data.pages[0]?.data ?? [];
  const seen = new Set<string>();
  const jobs: Job[] = [];
  for (const page of data.pages) {
    for (const job of page.data) {
      if (seen.has(job.id)) continue;
      seen.add(job.id);
      jobs.push(job);
    }
  }
  return jobs;
}
