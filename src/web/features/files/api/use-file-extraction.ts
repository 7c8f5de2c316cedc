import { queryOptions, useQuery } from "@tanstack/react-query";
import type { SpaceFile } from "../../../../core";
import type { ApiClient } from "../../../../sdk";
import { useApi } from "../../../lib/api-context";
import type { Job } from "../../../lib/api-types";
import { jobKeys } from "../../jobs";

/**
 * A file's jobs (`GET /jobs?fileId=`). Kept under the job lists' key, so the event stream patches their progress
 * and refetches them when a job is created, as it does for every job list.
 */
export const fileJobsQueryOptions = (api: ApiClient, spaceId: string, fileId: string) =>
  queryOptions({
    queryKey: jobKeys.list(`file:${fileId}`),
    queryFn: async ({ signal }): Promise<Job[]> =>
      (await api.jobs.list({ spaceId, fileId, pageSize: 20 }, { signal })).data,
  });

/** Where a file's extraction is: not one (export files, formats the platform does not read), running, done, failed. */
export type Extraction =
  | { state: "none" }
  | { state: "waiting"; job: Job | undefined }
  | { state: "running"; job: Job }
  | { state: "extracted"; workbookId: string; sheetId: string }
  | { state: "failed"; reason: string | undefined };

const isExtract = (job: Job) => job.type === "file" && job.operation === "extract";

/** The state of an import file's extraction, live: its `file:extract` job while it runs, the raw sheet once done. */
export function useFileExtraction(spaceId: string, file: SpaceFile | undefined): Extraction {
  const api = useApi();
  // Only a file still being extracted, or one that failed (for the reason), needs its job.
  const needsJob = file?.mode === "import" && (file.status === "partial" || file.status === "failed");
  const jobs = useQuery({
    ...fileJobsQueryOptions(api, spaceId, file?.id ?? ""),
    enabled: Boolean(file) && needsJob,
  });
  if (!file || file.mode !== "import") return { state: "none" };
  if (file.status === "complete" && file.workbookId && file.sheetId) {
    return { state: "extracted", workbookId: file.workbookId, sheetId: file.sheetId };
  }
  const job = jobs.data?.find(isExtract);
  if (file.status === "failed") return { state: "failed", reason: job?.outcome?.message };
  if (file.status !== "partial") return { state: "none" };
  if (job?.status === "failed") return { state: "failed", reason: job.outcome?.message };
  if (job?.status === "executing") return { state: "running", job };
  return { state: "waiting", job };
}
