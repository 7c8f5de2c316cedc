import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import { applyJobEventWith, jobPayloadAsSent } from "../../../../core";
import type { ApiClient, Page, StreamEvent } from "../../../../sdk";
import type { Job } from "../../../lib/api-types";
import { JOBS_PAGE_SIZE, jobKeys, jobQueryOptions } from "./jobs-query-options";

/**
 * The one writer of jobs in the query cache. Jobs are cached in three shapes: the panel's lists (`Job[]` under
 * `jobKeys.lists()`), single jobs (`Job` under `jobKeys.details()`) and the operator table's pages
 * (`{pages: Page<Job>[]}` under `jobKeys.tables()`). A full job read from the API replaces older copies everywhere;
 * events change the copies through core's `applyJobEventWith`, the same rule the state machine follows (payloads as
 * the server sent them, like every answer the dashboard reads: see app/providers.tsx).
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

/** Each family's key prefix, and how `update` maps its data. */
const FAMILIES: Record<
  JobQueryFamily,
  { key: readonly unknown[]; map: (data: unknown, update: JobUpdate) => unknown }
> = {
  lists: { key: jobKeys.lists(), map: (data, update) => mapList(data as Job[] | undefined, update) },
  // A deleted job's page keeps showing what it was last.
  details: { key: jobKeys.details(), map: (data, update) => data && (update(data as Job) ?? data) },
  tables: { key: jobKeys.tables(), map: (data, update) => mapTable(data as JobTable | undefined, update) },
};

const familyOf = (queryKey: readonly unknown[]) =>
  ALL_FAMILIES.find((family) => FAMILIES[family].key.every((part, i) => queryKey[i] === part));

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
  for (const family of families) {
    const { key, map } = FAMILIES[family];
    client.setQueriesData({ queryKey: key, type: activeOnly ? "active" : "all" }, (data) =>
      map(data, update),
    );
  }
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
 * `applyJobEventWith`), and answers the ids of the jobs whose events said more than their payloads: these must be read.
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
  const update: JobUpdate = (cached) => {
    const mine = byJob.get(cached.id);
    if (!mine) return cached;
    let job: Job | undefined = cached;
    for (const event of mine) {
      const applied = applyJobEventWith(job, event, jobPayloadAsSent);
      if (applied.reread) reread.add(cached.id);
      job = applied.job;
    }
    return job;
  };
  updateCachedJobs(client, update, families, activeOnly);
  applyToReadsInFlight(client, update, families, activeOnly);
  return reread;
}

/**
 * A read that started before these events may answer with the jobs as they were before them (a list read for a
 * job:created, say, while the new job already runs): the events are applied again to its answer when it lands. Events
 * older than a copy change nothing, so a read that saw them loses nothing.
 */
function applyToReadsInFlight(
  client: QueryClient,
  update: JobUpdate,
  families: readonly JobQueryFamily[],
  activeOnly: boolean,
): void {
  const cache = client.getQueryCache();
  const reading = new Set(
    families.flatMap((family) =>
      cache
        .findAll({
          queryKey: FAMILIES[family].key,
          fetchStatus: "fetching",
          type: activeOnly ? "active" : "all",
        })
        .map((query) => query.queryHash),
    ),
  );
  if (reading.size === 0) return;
  const unsubscribe = cache.subscribe((event) => {
    if (event.type !== "updated" || !reading.has(event.query.queryHash)) return;
    const { action } = event;
    // Another write while the read runs (the write below is one too), or the read still going: wait for its end.
    if (action.type === "success" ? action.manual : event.query.state.fetchStatus !== "idle") return;
    reading.delete(event.query.queryHash);
    if (reading.size === 0) unsubscribe();
    const family = familyOf(event.query.queryKey);
    if (action.type === "success" && family)
      client.setQueryData(event.query.queryKey, (data: unknown) => FAMILIES[family].map(data, update));
  });
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
