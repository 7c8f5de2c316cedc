import { useQueries, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useApi } from "../../../lib/api-context";
import type { SheetRecord } from "../../../lib/api-types";
import { RECORDS_PAGE_SIZE, recordsPageQueryOptions, type RecordView } from "./records-query-options";

/** The pages (0-based) that hold rows `first`..`last`. */
export function pagesOf(first: number, last: number): number[] {
  if (last < first) return [];
  const pages: number[] = [];
  for (let page = Math.floor(first / RECORDS_PAGE_SIZE); page <= Math.floor(last / RECORDS_PAGE_SIZE); page++)
    pages.push(page);
  return pages;
}

/**
 * The records of a view, read a page at a time for the rows in view (`first`..`last`): `recordAt(index)` is the
 * record or undefined while its page loads; `recordsIn(first, last)` reads the pages a range needs (for a Shift+click
 * far from the rows loaded).
 */
export function useRecordPages(sheetId: string, view: RecordView, first: number, last: number) {
  const api = useApi();
  const client = useQueryClient();
  const pages = pagesOf(first, last);
  const results = useQueries({
    queries: pages.map((pageIndex) => recordsPageQueryOptions(api, sheetId, view, pageIndex)),
  });
  const loaded = new Map<number, SheetRecord[]>();
  results.forEach((result, i) => {
    if (result.data) loaded.set(pages[i]!, result.data.records);
  });
  const error = results.find((result) => result.error)?.error ?? undefined;
  const recordAt = (index: number): SheetRecord | undefined =>
    loaded.get(Math.floor(index / RECORDS_PAGE_SIZE))?.[index % RECORDS_PAGE_SIZE];

  const viewKey = JSON.stringify(view);
  const recordsIn = useCallback(
    async (from: number, to: number): Promise<SheetRecord[]> => {
      const [start, end] = from <= to ? [from, to] : [to, from];
      const read = await Promise.all(
        pagesOf(start, end).map((pageIndex) =>
          client
            .ensureQueryData(recordsPageQueryOptions(api, sheetId, view, pageIndex))
            .then((page) =>
              page.records.map((record, i) => ({ record, index: pageIndex * RECORDS_PAGE_SIZE + i })),
            ),
        ),
      );
      return read
        .flat()
        .filter(({ index }) => index >= start && index <= end)
        .map(({ record }) => record);
    },
    // The view is compared by value: a new object with the same filter, search and order is the same view.
    [api, client, sheetId, viewKey],
  );
  return { recordAt, recordsIn, error };
}
