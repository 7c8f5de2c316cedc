/**
 * What `pagination.totalCount` means on the lists that can grow without bound (jobs, events), for their routes'
 * descriptions: the first page counts every match; a later page counts only up to one past itself.
 */
export const TOTAL_COUNT_RULE =
  "`pagination.totalCount` counts every match on the first page. A later page counts the matches only up to one past itself: it is exact when the list ends on or before that page, and otherwise `pageSize × pageNumber + 1`, so `pageCount` is then the next page and a client that pages until `pageCount` still reaches the end.";

/**
 * The rows a list query asks for, and how far its count goes (see `TOTAL_COUNT_RULE`): a count of every match on
 * each page cost as much as reading the whole match again, however small the page.
 */
export function listWindow(query: { pageSize: number; pageNumber: number }) {
  const offset = (query.pageNumber - 1) * query.pageSize;
  return {
    limit: query.pageSize,
    offset,
    ...(query.pageNumber > 1 ? { countLimit: offset + query.pageSize + 1 } : {}),
  };
}
