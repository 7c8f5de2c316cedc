import { keepPreviousData, queryOptions, skipToken } from "@tanstack/react-query";
import type { ApiClient } from "../../../../sdk";

import type { RecordFilter } from "../../../../core";

export type { RecordFilter };

/** What the grid shows of a sheet: which records (filter, search) and in which order. */
export type RecordView = {
  filter: RecordFilter;
  /** Text searched (server-side) in every cell; empty or absent searches nothing. */
  searchValue?: string;
  sortField?: string;
  sortDirection?: "asc" | "desc";
};

/** Which records a selection of "all" means: the view's filter and search (the order does not matter). */
export type RecordMatch = Pick<RecordView, "filter" | "searchValue">;

/** Rows per request: a screenful or two, so a jump anywhere in 100,000 rows costs one small request. */
export const RECORDS_PAGE_SIZE = 100;

const matchKey = ({ filter, searchValue }: RecordMatch) => ({
  filter,
  searchValue: searchValue || undefined,
});

/**
 * Query keys. Queries use `staleTime: Infinity`: `recordsLiveHandler` (records-live-handler.ts) must patch or
 * invalidate every query created here, or it is never read again while the event stream is live.
 */
export const recordKeys = {
  all: ["records"] as const,
  /** Everything cached of one sheet: what the event stream invalidates on `commit:created`. */
  sheet: (sheetId: string) => [...recordKeys.all, sheetId] as const,
  pages: (sheetId: string) => [...recordKeys.sheet(sheetId), "page"] as const,
  page: (sheetId: string, view: RecordView, pageIndex: number) =>
    [
      ...recordKeys.pages(sheetId),
      {
        ...matchKey(view),
        sortField: view.sortField,
        sortDirection: view.sortField ? view.sortDirection : undefined,
      },
      pageIndex,
    ] as const,
  count: (sheetId: string, match: RecordMatch) =>
    [...recordKeys.sheet(sheetId), "count", matchKey(match)] as const,
};

const searchOf = (searchValue: string | undefined) => (searchValue ? { searchValue } : {});

/** One page (0-based) of the records a view shows. */
export const recordsPageQueryOptions = (
  api: ApiClient,
  sheetId: string,
  view: RecordView,
  pageIndex: number,
) =>
  queryOptions({
    queryKey: recordKeys.page(sheetId, view, pageIndex),
    queryFn: ({ signal }) =>
      api.records.get(
        sheetId,
        {
          filter: view.filter,
          ...searchOf(view.searchValue),
          ...(view.sortField
            ? { sortField: view.sortField, sortDirection: view.sortDirection ?? "asc" }
            : {}),
          pageSize: RECORDS_PAGE_SIZE,
          pageNumber: pageIndex + 1,
        },
        { signal },
      ),
  });

/**
 * How many records match a filter and search (`matching`), with the sheet's counts: read with a one-record page, so
 * the grid knows its height before any row arrives. The previous answer stays while a new filter is read. Without a
 * client (outside the dashboard's providers) it is never read.
 */
export const recordCountQueryOptions = (api: ApiClient | undefined, sheetId: string, match: RecordMatch) =>
  queryOptions({
    queryKey: recordKeys.count(sheetId, match),
    queryFn: api
      ? async ({ signal }) => {
          const result = await api.records.get(
            sheetId,
            { filter: match.filter, ...searchOf(match.searchValue), pageSize: 1, includeCounts: true },
            { signal },
          );
          return { matching: result.pagination.totalCount, counts: result.counts };
        }
      : skipToken,
    placeholderData: keepPreviousData,
  });
