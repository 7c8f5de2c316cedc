import { useQueries, type QueryClient } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import type { ApiClient } from "../../../../sdk";
import { useApi } from "../../../lib/api-context";
import type { Job, Workbook } from "../../../lib/api-types";
import {
  documentKeys,
  documentsQueryOptions,
  fileKeys,
  filesQueryOptions,
  workbookKeys,
  workbooksQueryOptions,
} from "../../spaces";
import { jobTitle } from "../job-text";

type Document = Awaited<ReturnType<ApiClient["documents"]["list"]>>[number];
type FileItem = Awaited<ReturnType<ApiClient["files"]["list"]>>["data"][number];

/** A resource a job can run on, as its space's cached views know it. */
export type JobSource = {
  name: string;
  kind: Job["type"];
  actions?: Workbook["actions"];
};

export type JobSources = ReadonlyMap<string, JobSource>;

type SpaceViews = {
  workbooks?: readonly Workbook[] | undefined;
  documents?: readonly Document[] | undefined;
  files?: readonly FileItem[] | undefined;
};

function addSources(sources: Map<string, JobSource>, { workbooks, documents, files }: SpaceViews) {
  for (const workbook of workbooks ?? []) {
    sources.set(workbook.id, { name: workbook.name, kind: "workbook", actions: workbook.actions });
    for (const sheet of workbook.sheets)
      sources.set(sheet.id, { name: sheet.name, kind: "sheet", actions: sheet.config.actions });
  }
  for (const document of documents ?? [])
    sources.set(document.id, { name: document.title, kind: "document", actions: document.actions });
  for (const file of files ?? [])
    sources.set(file.id, { name: file.name, kind: "file", actions: file.actions });
}

/** The label of the action that started the job, from the resource it is mounted on. */
const actionLabel = (sources: JobSources, job: Pick<Job, "source" | "operation">) =>
  sources.get(job.source)?.actions?.find((action) => action.operation === job.operation)?.label;

/**
 * The one way the dashboard names a job: the label of the action that started it ("Export Data", as on the button),
 * else its readable name (`jobTitle`: "My custom operation (workbook)").
 */
export const titleOfJob = (sources: JobSources, job: Job) => actionLabel(sources, job) ?? jobTitle(job);

/**
 * A job's name from what the cache holds of its space (no request): for code outside rendering, such as the toast of
 * a job that just finished, whose space the person is looking at.
 */
export function cachedJobTitle(client: QueryClient, job: Job): string {
  const sources = new Map<string, JobSource>();
  if (job.spaceId)
    addSources(sources, {
      workbooks: client.getQueryData(workbookKeys.list(job.spaceId)),
      documents: client.getQueryData(documentKeys.list(job.spaceId)),
      files: client.getQueryData(fileKeys.list(job.spaceId)),
    });
  return titleOfJob(sources, job);
}

/** The distinct spaces of some jobs, sorted, so the same jobs ask for the same queries. */
export const spacesOf = (jobs: readonly Pick<Job, "spaceId">[]) =>
  [...new Set(jobs.flatMap((job) => (job.spaceId ? [job.spaceId] : [])))].sort();

/**
 * The workbooks (with their sheets), documents and files of the given spaces by id, read through the spaces' own
 * queries (the space views share them and their live handler keeps them current): what names a job's source and the
 * action that started it, without a request of its own when the space was shown.
 */
export function useJobSources(spaceIds: readonly string[]): JobSources {
  const api = useApi();
  const queries = useQueries({
    queries: spaceIds.flatMap((spaceId) => [
      workbooksQueryOptions(api, spaceId),
      documentsQueryOptions(api, spaceId),
      filesQueryOptions(api, spaceId),
    ]),
  });
  const stamp = queries.map((query) => query.dataUpdatedAt).join();
  return useMemo(() => {
    const sources = new Map<string, JobSource>();
    for (let i = 0; i < queries.length; i += 3)
      addSources(sources, {
        workbooks: queries[i]?.data as Workbook[] | undefined,
        documents: queries[i + 1]?.data as Document[] | undefined,
        files: queries[i + 2]?.data as FileItem[] | undefined,
      });
    return sources;
    // `queries` is a new array on every render; the data's update times say when it changed.
  }, [stamp, spaceIds.join()]);
}

/** Names jobs of the given spaces, for lists: the action's label, else the job's readable name. */
export function useJobTitles(spaceIds: readonly string[]): (job: Job) => string {
  const sources = useJobSources(spaceIds);
  return useCallback((job: Job) => titleOfJob(sources, job), [sources]);
}

/** One job's name: the action's label, else its readable name. */
export function useJobTitle(job: Job): string {
  const spaceIds = useMemo(() => (job.spaceId ? [job.spaceId] : []), [job.spaceId]);
  return useJobTitles(spaceIds)(job);
}
