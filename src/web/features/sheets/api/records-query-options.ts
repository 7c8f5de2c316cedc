import { queryOptions } from "@tanstack/react-query";
import type { ApiClient } from "../../../../sdk";

export type RecordFilter = "all" | "valid" | "error";

/** The first version reads one large page; paging on scroll comes with editing. */
export const RECORDS_PAGE_SIZE = 5_000;

export const recordKeys = {
  all: ["records"] as const,
  sheet: (sheetId: string) => [...recordKeys.all, sheetId] as const,
  list: (sheetId: string, filter: RecordFilter) => [...recordKeys.sheet(sheetId), filter] as const,
};

export const recordsQueryOptions = (api: ApiClient, sheetId: string, filter: RecordFilter) =>
  queryOptions({
    queryKey: recordKeys.list(sheetId, filter),
    queryFn: ({ signal }) =>
      api.records.get(sheetId, { filter, pageSize: RECORDS_PAGE_SIZE, includeCounts: true }, { signal }),
  });
