import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { ApiError, type ApiClient } from "../../../../sdk";

/** Records per request when reading a snapshot: a few screenfuls, read on as the table scrolls. */
export const SNAPSHOT_PAGE_SIZE = 500;

/** A refusal (no such snapshot, no access) stays one: retry only when no answer came or the server failed. */
const retry = (count: number, error: Error) =>
  count < 2 && !(error instanceof ApiError && error.status !== undefined && error.status < 500);

/**
 * Query keys. Queries use `staleTime: Infinity`: `snapshotsLiveHandler` (snapshots-live-handler.ts) must patch or
 * invalidate every query created here, or it is never read again while the event stream is live.
 */
export const snapshotKeys = {
  all: ["snapshots"] as const,
  list: (sheetId: string) => [...snapshotKeys.all, "list", sheetId] as const,
  detail: (snapshotId: string) => [...snapshotKeys.all, "detail", snapshotId] as const,
  records: (snapshotId: string) => [...snapshotKeys.all, "records", snapshotId] as const,
  /** Every comparison with the sheet now: stale as soon as the sheet changes. */
  diffs: () => [...snapshotKeys.all, "diff"] as const,
  diff: (snapshotId: string) => [...snapshotKeys.diffs(), snapshotId] as const,
};

/**
 * A sheet's snapshots, newest first. The event stream does not refresh them yet, so a visit reads them again (a
 * snapshot may have been taken by an action in the meantime).
 */
export const snapshotsQueryOptions = (api: ApiClient, sheetId: string) =>
  queryOptions({
    queryKey: snapshotKeys.list(sheetId),
    queryFn: ({ signal }) => api.snapshots.list({ sheetId }, { signal }),
    retry,
    refetchOnMount: "always",
  });

export const snapshotQueryOptions = (api: ApiClient, snapshotId: string) =>
  queryOptions({
    queryKey: snapshotKeys.detail(snapshotId),
    queryFn: ({ signal }) => api.snapshots.get(snapshotId, { signal }),
    retry,
  });

/** The snapshot's records, page by page; they never change, so they are read once. */
export const snapshotRecordsQueryOptions = (api: ApiClient, snapshotId: string) =>
  infiniteQueryOptions({
    queryKey: snapshotKeys.records(snapshotId),
    queryFn: ({ pageParam, signal }) =>
      api.snapshots.records(snapshotId, { pageSize: SNAPSHOT_PAGE_SIZE, pageNumber: pageParam }, { signal }),
    initialPageParam: 1,
    getNextPageParam: ({ pagination }) =>
      pagination.currentPage < pagination.pageCount ? pagination.currentPage + 1 : undefined,
    retry,
  });

/** What changed in the sheet since the snapshot, as the server compares them; read again on every visit. */
export const snapshotDiffQueryOptions = (api: ApiClient, snapshotId: string) =>
  queryOptions({
    queryKey: snapshotKeys.diff(snapshotId),
    queryFn: ({ signal }) => api.snapshots.diff(snapshotId, { signal }),
    retry,
    refetchOnMount: "always",
  });
