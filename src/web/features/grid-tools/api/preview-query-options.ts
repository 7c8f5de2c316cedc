import { keepPreviousData, queryOptions, skipToken } from "@tanstack/react-query";
import type { FindAndReplaceJobConfig, MutateJobConfig } from "../../../../core";
import type { ApiClient } from "../../../../sdk";

/**
 * Previews are read for one config at a time and never patched by events: a short `staleTime` lets a dialog opened
 * again ask afresh, and the last answer stays on screen while the next one is read (no jump in the dialog).
 */
const PREVIEW_STALE_MS = 5_000;

export const previewKeys = {
  all: ["record-job-preview"] as const,
  findReplace: (sheetId: string, config: FindAndReplaceJobConfig | undefined) =>
    [...previewKeys.all, "find-replace", sheetId, config ?? null] as const,
  mutation: (config: MutateJobConfig | undefined) =>
    [...previewKeys.all, "mutation", config ?? null] as const,
};

/** How many cells a find and replace will change; not read while `config` is undefined (the form is incomplete). */
export const findReplacePreviewQueryOptions = (
  api: ApiClient,
  sheetId: string,
  config: FindAndReplaceJobConfig | undefined,
) =>
  queryOptions({
    queryKey: previewKeys.findReplace(sheetId, config),
    queryFn: config ? ({ signal }) => api.sheets.previewFindReplace(sheetId, config, { signal }) : skipToken,
    staleTime: PREVIEW_STALE_MS,
    placeholderData: keepPreviousData,
    retry: false,
  });

/** The first records a bulk edit changes, before and after; not read while `config` is undefined. */
export const mutationPreviewQueryOptions = (api: ApiClient, config: MutateJobConfig | undefined) =>
  queryOptions({
    queryKey: previewKeys.mutation(config),
    queryFn: config ? ({ signal }) => api.jobs.previewMutation(config, { signal }) : skipToken,
    staleTime: PREVIEW_STALE_MS,
    placeholderData: keepPreviousData,
    retry: false,
  });
