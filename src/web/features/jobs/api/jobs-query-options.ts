import { queryOptions } from "@tanstack/react-query";
import type { ApiClient } from "../../../../sdk";
import type { Job } from "../../../lib/api-types";

/** An event of the log, as the SDK client returns it. */
export type JobEvent = Awaited<ReturnType<ApiClient["events"]["get"]>>;

/**
 * Query keys. Queries use `staleTime: Infinity`: `jobsLiveHandler` (jobs-live-handler.ts; the table's pages,
 * `jobsTableLiveHandler`) must patch or invalidate every query created here, or it is never read again while the event
 * stream is live. Jobs are written through job-cache.ts only.
 */
export const jobKeys = {
  all: ["jobs"] as const,
  lists: () => [...jobKeys.all, "list"] as const,
  /** A space's jobs, or every job the token sees (`"all"`). */
  list: (scope: string) => [...jobKeys.lists(), scope] as const,
  details: () => [...jobKeys.all, "detail"] as const,
  detail: (jobId: string) => [...jobKeys.details(), jobId] as const,
  /** The jobs table's paged queries (data `{pages, pageParams}`, so not under `lists()`, whose data is `Job[]`). */
  tables: () => [...jobKeys.all, "table"] as const,
  table: (query: object) => [...jobKeys.tables(), query] as const,
  /** A job's events, oldest first (not under `detail`, whose key holds the job itself). */
  timeline: (jobId: string) => [...jobKeys.all, "timeline", jobId] as const,
  /** The jobs that run a job again (`GET /jobs?rerunOf=`); read each time a job's page shows (see `rerunsQueryOptions`). */
  reruns: (jobId: string) => [...jobKeys.all, "reruns", jobId] as const,
  /** The jobs that wait, or waited, for a job (`GET /jobs?predecessorId=`); read as `reruns` are. */
  successors: (jobId: string) => [...jobKeys.all, "successors", jobId] as const,
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

/** More re-runs of one job, or jobs waiting for one, than this are rare; the first are listed. */
const RERUNS_SHOWN = 20;

/**
 * The jobs that run `jobId` again, newest first. No event names the job a new one runs again, so the live handler
 * cannot follow these: they are read again whenever a job's page mounts (`staleTime: 0`), which is when they show.
 */
export const rerunsQueryOptions = (api: ApiClient, jobId: string) =>
  queryOptions({
    queryKey: jobKeys.reruns(jobId),
    staleTime: 0,
    queryFn: async ({ signal }) => api.jobs.list({ rerunOf: jobId, pageSize: RERUNS_SHOWN }, { signal }),
  });

/** The jobs that wait, or waited, for `jobId`, oldest first; read again whenever a job's page mounts, as re-runs are. */
export const successorsQueryOptions = (api: ApiClient, jobId: string) =>
  queryOptions({
    queryKey: jobKeys.successors(jobId),
    staleTime: 0,
    queryFn: async ({ signal }) =>
      api.jobs.list({ predecessorId: jobId, pageSize: RERUNS_SHOWN, sortDirection: "asc" }, { signal }),
  });

/** Events read per page, and at most this many pages: a timeline stays bounded however long the job ran. */
const TIMELINE_PAGE_SIZE = 1_000;
const TIMELINE_MAX_PAGES = 5;

/** A job's events, oldest first (`GET /events?jobId=`; at most five pages of a thousand). */
export const jobTimelineQueryOptions = (api: ApiClient, job: Pick<Job, "id"> | undefined) =>
  queryOptions({
    queryKey: jobKeys.timeline(job?.id ?? ""),
    enabled: job !== undefined,
    queryFn: async ({ signal }): Promise<JobEvent[]> => {
      if (!job) return [];
      const events: JobEvent[] = [];
      for (let pageNumber = 1; pageNumber <= TIMELINE_MAX_PAGES; pageNumber++) {
        const page = await api.events.list(
          { jobId: job.id, pageSize: TIMELINE_PAGE_SIZE, pageNumber },
          { signal },
        );
        events.push(...page.data);
        if (pageNumber >= page.pagination.pageCount) break;
      }
      return events;
    },
  });
