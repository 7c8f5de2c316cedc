import { infiniteQueryOptions, queryOptions, type InfiniteData } from "@tanstack/react-query";
import type { JobLogLevel, JobLogLine } from "../../../../core";
import type { ApiClient } from "../../../../sdk";
import { jobKeys } from "./jobs-query-options";

/**
 * What a job's log view asks the server for: lines of `level` or worse, whose message contains `q`, written in
 * `attempt` of the job.
 */
export type JobLogFilter = {
  level?: JobLogLevel | undefined;
  q?: string | undefined;
  attempt?: number | undefined;
};

/**
 * Where a page of lines starts: the newest lines (the first page), lines before a `seq` (paging back), or lines after
 * one (following).
 */
export type JobLogCursor = { latest: true } | { before: number } | { after: number };

/**
 * A page of lines, oldest first whichever way it was read. `earlier`: older lines match beyond it (a page read
 * backwards). `later`: newer lines match beyond it (a page read forwards). `upTo`: the `seq` up to which the job's
 * lines have been read, so following goes on from there (the job's newest line, or the last line read when more wait).
 */
export type JobLogChunk = {
  lines: JobLogLine[];
  earlier: boolean;
  later: boolean;
  upTo: number;
  dropped: number;
};

export type JobLogData = InfiniteData<JobLogChunk, JobLogCursor>;

const PAGE_SIZE = 200;

export const jobLogKeys = {
  /** Every log query of a job, whatever its filter. */
  job: (jobId: string) => [...jobKeys.all, "logs", jobId] as const,
  lines: (jobId: string, filter: JobLogFilter) =>
    [
      ...jobLogKeys.job(jobId),
      "lines",
      { level: filter.level, q: filter.q, attempt: filter.attempt },
    ] as const,
  /** The newest `seq` the event stream announced for the job (`job:logs-appended`), 0 before any. */
  announced: (jobId: string) => [...jobLogKeys.job(jobId), "announced"] as const,
};

/** Loaded chunks never hold a line twice; the newest `seq` read so far. */
export const newestReadSeq = (data: Pick<JobLogData, "pages"> | undefined): number =>
  data?.pages.at(-1)?.upTo ?? 0;

/**
 * A job's lines, as pages the view joins: the newest page first, earlier pages before it (`fetchPreviousPage`), and
 * newer lines after it (`fetchNextPage`, which the view calls when the event stream announces lines past `upTo`).
 * Never refetched by itself (staleTime Infinity): new lines come by `fetchNextPage` only.
 */
export const jobLogsQueryOptions = (api: ApiClient, jobId: string, filter: JobLogFilter) =>
  infiniteQueryOptions({
    queryKey: jobLogKeys.lines(jobId, filter),
    initialPageParam: { latest: true } as JobLogCursor,
    queryFn: async ({ pageParam, signal }): Promise<JobLogChunk> => {
      const query = {
        ...(filter.level ? { level: filter.level } : {}),
        ...(filter.q ? { q: filter.q } : {}),
        ...(filter.attempt ? { attempt: filter.attempt } : {}),
        pageSize: PAGE_SIZE,
      };
      if ("after" in pageParam) {
        const page = await api.jobs.logs(jobId, { ...query, after: pageParam.after }, { signal });
        const last = page.lines.at(-1)?.seq ?? pageParam.after;
        return {
          lines: page.lines,
          earlier: false,
          later: page.hasMore,
          // With more to read, go on after the last line read; else every line up to the job's newest was seen.
          upTo: page.hasMore ? last : Math.max(last, page.lastSeq),
          dropped: page.dropped,
        };
      }
      const page = await api.jobs.logs(
        jobId,
        { ...query, order: "desc", ...("before" in pageParam ? { before: pageParam.before } : {}) },
        { signal },
      );
      return {
        lines: [...page.lines].reverse(),
        earlier: page.hasMore,
        later: false,
        upTo: Math.max(page.lines[0]?.seq ?? 0, page.lastSeq),
        dropped: page.dropped,
      };
    },
    getPreviousPageParam: (first): JobLogCursor | undefined => {
      const oldest = first.lines[0];
      return first.earlier && oldest ? { before: oldest.seq } : undefined;
    },
    getNextPageParam: (last): JobLogCursor => ({ after: last.upTo }),
  });

/** The announced newest `seq` of a job's log: written by the jobs' live handler only, never fetched. */
export const jobLogAnnouncedQueryOptions = (jobId: string) =>
  queryOptions({
    queryKey: jobLogKeys.announced(jobId),
    queryFn: () => 0,
    enabled: false,
    initialData: 0,
  });
