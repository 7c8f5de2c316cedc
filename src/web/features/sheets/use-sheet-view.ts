import { useLayoutEffect, useRef } from "react";
import { useSearchParams } from "../../lib/router";
import type { RecordFilter, RecordView } from "./api/records-query-options";

const asFilter = (value: string | null): RecordFilter =>
  value === "valid" || value === "error" ? value : "all";

/**
 * The sheet's view in the URL, so a link or a reload shows the same records: `?filter=valid|error`, `?q=` (search),
 * `?sort=<field>&dir=asc|desc`. Each setter changes its own parameters only and replaces the history entry.
 */
export function useSheetView(): {
  view: RecordView;
  setFilter: (filter: RecordFilter) => void;
  setSearch: (searchValue: string) => void;
  setSort: (sortField: string | undefined, sortDirection?: "asc" | "desc") => void;
} {
  const [params, setParams] = useSearchParams();
  const sortField = params.get("sort") || undefined;
  const view: RecordView = {
    filter: asFilter(params.get("filter")),
    searchValue: params.get("q") || undefined,
    sortField,
    sortDirection: sortField ? (params.get("dir") === "desc" ? "desc" : "asc") : undefined,
  };
  // The router hands a functional update the parameters of the render that made the setter; a debounced search
  // fires later, so every change starts from the latest parameters instead.
  const latest = useRef(params);
  useLayoutEffect(() => {
    latest.current = params;
  });
  const change = (edit: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(latest.current);
    edit(next);
    latest.current = next;
    setParams(next, { replace: true });
  };
  const put = (next: URLSearchParams, key: string, value: string | undefined) =>
    value ? next.set(key, value) : next.delete(key);
  return {
    view,
    setFilter: (filter) => change((next) => put(next, "filter", filter === "all" ? undefined : filter)),
    setSearch: (searchValue) => change((next) => put(next, "q", searchValue.trim() || undefined)),
    setSort: (field, direction = "asc") =>
      change((next) => {
        put(next, "sort", field);
        put(next, "dir", field ? direction : undefined);
      }),
  };
}
