import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import { applyJobEvent } from "../../../../core";
import type { ApiClient, Page, StreamEvent } from "../../../../sdk";
import type { Job } from "../../../lib/api-types";
import { JOBS_PAGE_SIZE, jobKeys, jobQueryOptions } from "./jobs-query-options";

/**
 * The one writer of jobs in the query cache. Jobs are cached in three shapes: the panel's lists (`Job[]` under
 * `jobKeys.lists()`), single jobs (`Job` under `jobKeys.details()`) and the operator table's pages
 * (`{pages: Page<Job>[]}` under `jobKeys.tables()`). A full job read from the API replaces older copies everywhere;
 * events change the copies through core's `applyJobEvent`, the same rule the state machine follows.
 */

/** The families of job queries, by the shape of their data. */
export type JobQueryFamily = "lists" | "details" | "tables";

const ALL_FAMILIES: readonly JobQueryFamily[] = ["lists", "details", "tables"];

type JobTable = InfiniteData<Page<Job>, unknown>;

/** `update` answers the next job, the same job when nothing changed, or undefined when the job is gone. */
type JobUpdate = (job: Job) => Job | undefined;

function mapList(jobs: Job[] | undefined, update: JobUpdate): Job[] | undefined {
  if (!jobs) return jobs;
  let changed = false;
  const next: Job[] = [];
  for (const job of jobs) {
    const updated = update(job);
    if (updated !== job) changed = true;
    if (updated) next.push(updated);
  }
  return changed ? next : jobs;
}

function mapTable(data: JobTable | undefined, update: JobUpdate): JobTable | undefined {
  if (!data) return data;
  let changed = false;
  const pages = data.pages.map((page) => {
    const items = mapList(page.data, update);
    if (items === page.data || !items) return page;
    changed = true;
    return { ...page, data: items };
  });
  return changed ? { ...data, pages } : data;
}

/**
 * Maps every cached job of `families` through `update`, keeping unchanged data (and pages) identical so nothing
 * re-renders for nothing. `activeOnly` leaves queries nobody shows alone (they are read again when shown).
 */
function updateCachedJobs(
  client: QueryClient,
  update: JobUpdate,
  families: readonly JobQueryFamily[] = ALL_FAMILIES,
  activeOnly = false,
): void {
  const type = activeOnly ? "active" : "all";
  if (families.includes("lists"))
    client.setQueriesData<Job[]>({ queryKey: jobKeys.lists(), type }, (jobs) => mapList(jobs, update));
  if (families.includes("details"))
    // A deleted job's page keeps showing what it was last.
    client.setQueriesData<Job>({ queryKey: jobKeys.details(), type }, (job) => job && (update(job) ?? job));
  if (families.includes("tables"))
    client.setQueriesData<JobTable>({ queryKey: jobKeys.tables(), type }, (data) => mapTable(data, update));
}

const fresher = (job: Job, than: Job) => Date.parse(job.updatedAt) >= Date.parse(than.updatedAt);

/**
 * Puts full jobs read from the API (or answered by a command) in every list, detail and table page that holds them,
 * unless these already hold a newer copy, and seeds their details.
 */
export function putJobs(client: QueryClient, jobs: readonly Job[]): void {
  if (jobs.length === 0) return;
  const byId = new Map(jobs.map((job) => [job.id, job]));
  updateCachedJobs(client, (cached) => {
    const job = byId.get(cached.id);
    return job && fresher(job, cached) ? job : cached;
  });
  for (const job of jobs)
    client.setQueryData<Job>(jobKeys.detail(job.id), (cached) =>
      !cached || fresher(job, cached) ? job : cached,
    );
}

/** The scope of a list key (`jobKeys.list(scope)`): a space id or "all". */
const scopeOf = (queryKey: readonly unknown[]) => queryKey[2];

/**
 * A job this tab just created goes to the front of every list it belongs to (its space's, and "all"), as the
 * newest, so no list has to be read for it; its `job:created` then finds it there.
 */
export function addNewJob(client: QueryClient, job: Job): void {
  for (const query of client.getQueryCache().findAll({ queryKey: jobKeys.lists() })) {
    const scope = scopeOf(query.queryKey);
    if (scope !== "all" && scope !== job.spaceId) continue;
    client.setQueryData<Job[]>(query.queryKey, (jobs) =>
      jobs && !jobs.some((item) => item.id === job.id) ? [job, ...jobs].slice(0, JOBS_PAGE_SIZE) : jobs,
    );
  }
  putJobs(client, [job]);
}

/**
 * The lists whose jobs an event about `job` (created or deleted, in `spaceId`) may change: those of its space and
 * "all". `holding` narrows them to the lists that hold the job (true) or do not (false).
 */
export function jobListKeys(
  client: QueryClient,
  spaceId: string | undefined,
  jobId: string | undefined,
  holding?: boolean,
): (readonly unknown[])[] {
  return client
    .getQueryCache()
    .findAll({ queryKey: jobKeys.lists() })
    .filter((query) => {
      const scope = scopeOf(query.queryKey);
      if (spaceId !== undefined && scope !== "all" && scope !== spaceId) return false;
      if (holding === undefined || jobId === undefined) return true;
      const jobs = query.state.data as Job[] | undefined;
      return (jobs?.some((job) => job.id === jobId) ?? false) === holding;
    })
    .map((query) => query.queryKey);
}

/**
 * Applies a frame's job events to every cached copy of their jobs in `families` (in order, through core's
 * `applyJobEvent`), and answers the ids of the jobs whose events said more than their payloads: these must be read.
 * A job no query holds is left alone.
 */
export function applyJobEventsToCache(
  client: QueryClient,
  events: readonly StreamEvent[],
  families: readonly JobQueryFamily[],
  { activeOnly = false }: { activeOnly?: boolean } = {},
): Set<string> {
  const byJob = new Map<string, StreamEvent[]>();
  for (const event of events) {
    const jobId = event.context.jobId;
    if (!event.topic.startsWith("job:") || !jobId) continue;
    const mine = byJob.get(jobId);
    if (mine) mine.push(event);
    else byJob.set(jobId, [event]);
  }
  const reread = new Set<string>();
  if (byJob.size === 0) return reread;
  updateCachedJobs(
    client,
    (cached) => {
      const mine = byJob.get(cached.id);
      if (!mine) return cached;
      let job: Job | undefined = cached;
      for (const event of mine) {
        const applied = applyJobEvent(job, event);
        if (applied.reread) reread.add(cached.id);
        job = applied.job;
      }
      return job;
    },
    families,
    activeOnly,
  );
  return reread;
}

/** The newest copy of a job the cache holds, in any of its queries. */
export function findCachedJob(client: QueryClient, jobId: string): Job | undefined {
  let found = client.getQueryData<Job>(jobKeys.detail(jobId));
  const consider = (job: Job | undefined) => {
    if (job && (!found || !fresher(found, job))) found = job;
  };
  for (const [, jobs] of client.getQueriesData<Job[]>({ queryKey: jobKeys.lists() }))
    consider(jobs?.find((job) => job.id === jobId));
  for (const [, data] of client.getQueriesData<JobTable>({ queryKey: jobKeys.tables() }))
    for (const page of data?.pages ?? []) consider(page.data.find((job) => job.id === jobId));
  return found;
}

/**
 * Reads a job from the API into every query that holds it. Through the job's own query, so that callers asking at
 * once share one request.
 */
export async function readJob(client: QueryClient, api: ApiClient, jobId: string): Promise<Job> {
  const job = await client.fetchQuery({ ...jobQueryOptions(api, jobId), staleTime: 0 });
  putJobs(client, [job]);
  return job;
}

/**
 * The job as of `at` (an event's time) at least: the cached copy when the events have brought it that far, else one
 * read of the job.
 */
export function jobAsOf(client: QueryClient, api: ApiClient, jobId: string, at: string): Promise<Job> {
  const cached = findCachedJob(client, jobId);
  if (cached && Date.parse(cached.updatedAt) >= Date.parse(at)) return Promise.resolve(cached);
  return readJob(client, api, jobId);
}
