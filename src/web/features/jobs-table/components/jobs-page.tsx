import { keepPreviousData, useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { Navigate, useParams, useSearchParams } from "../../../lib/router";
import { formatCount } from "../../../../core";
import { Button } from "../../../components/ui/button";
import { useApi } from "../../../lib/api-context";
import { jobsPath } from "../../../lib/paths";
import { useNow } from "../../../lib/use-now";
import { useSession } from "../../auth";
import { jobKeys, putJobs } from "../../jobs";
import { jobsTableQueryOptions, loadedJobs } from "../api/jobs-table-query";
import { runBulk, type BulkKind, type BulkSummary } from "../bulk-actions";
import {
  readFilters,
  serverQuery,
  visibleJobs,
  writeFilters,
  type SortField,
  type TableFilters,
} from "../table-filters";
import { BulkBar } from "./bulk-bar";
import { JobsFilters } from "./jobs-filters";
import { JobsGrid } from "./jobs-grid";
import "../jobs-table.css";
import { errorText } from "../../../lib/error-text";

/**
 * `/space/:spaceId/jobs` (a space's jobs) and `/jobs` (every job of the environment, for operators; a user is sent to
 * their space's jobs).
 */
export function JobsPage() {
  const { spaceId } = useParams();
  const session = useSession();
  if (!spaceId && session?.role === "user" && session.spaceId)
    return <Navigate to={jobsPath(session.spaceId)} replace />;
  return <JobsTable spaceId={spaceId} />;
}

function JobsTable({ spaceId }: { spaceId: string | undefined }) {
  const api = useApi();
  const operator = useSession()?.role === "operator";
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  // While the filters' first page loads, the rows of the last ones stay (dimmed): the table does not jump.
  const query = useInfiniteQuery({
    ...jobsTableQueryOptions(api, serverQuery(spaceId, filters)),
    placeholderData: keepPreviousData,
  });

  const now = useNow(1000);
  // The clock matters to the rows only for a sort by duration; otherwise they do not follow it.
  const clock = filters.sort === "duration" ? now : 0;
  const jobs = useMemo(() => loadedJobs(query.data), [query.data]);
  const viewKey = params.toString();
  const rows = useMemo(
    () => visibleJobs(jobs, filters, clock || Date.now()),
    // `filters` is read from the URL on every render; the URL (viewKey) says when it changed.
    [jobs, viewKey, clock],
  );

  const update = (patch: Partial<TableFilters>, options?: { replace?: boolean }) =>
    setParams((current) => writeFilters({ ...readFilters(current), ...patch }, current), options);
  const onSort = (field: SortField) =>
    update(
      field === filters.sort
        ? { direction: filters.direction === "asc" ? "desc" : "asc" }
        : { sort: field, direction: "desc" },
    );

  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const onToggle = useCallback(
    (jobId: string, on: boolean) =>
      setSelected((current) => {
        const next = new Set(current);
        if (on) next.add(jobId);
        else next.delete(jobId);
        return next;
      }),
    [],
  );
  const onToggleAll = (on: boolean) => setSelected(on ? new Set(rows.map((job) => job.id)) : new Set());
  const selectedJobs = useMemo(() => jobs.filter((job) => selected.has(job.id)), [jobs, selected]);

  const [running, setRunning] = useState<BulkKind>();
  const [summary, setSummary] = useState<BulkSummary>();
  const onRun = async (kind: BulkKind) => {
    setRunning(kind);
    setSummary(undefined);
    try {
      const result = await runBulk(api, kind, selectedJobs);
      // Deleted jobs leave the table's pages, which are read again (as their `job:deleted` events would).
      if (kind === "delete") void client.invalidateQueries({ queryKey: jobKeys.tables() });
      else putJobs(client, result.done);
      void client.invalidateQueries({ queryKey: jobKeys.lists() });
      setSummary(result);
      setSelected(new Set());
    } finally {
      setRunning(undefined);
    }
  };

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const onLoadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const total = query.data?.pages[0]?.pagination.totalCount;
  const filtered = writeFilters({ ...filters, sort: "created", direction: "desc" }).size > 0;
  const clientSide = filters.statuses.length > 1;
  // A search counts only as far as its first page (see GET /jobs): say how many were found, and whether more are.
  const searched = filters.search.trim() !== "";
  const updating = query.isPlaceholderData;
  return (
    <main className="content jt-page" id="main">
      <div className="jt-header">
        <div>
          <p className="eyebrow">{spaceId ? "Space" : "Every space"}</p>
          <h1>{spaceId ? "Jobs" : "All jobs"}</h1>
        </div>
        <p className="muted jt-count" data-slot="jobs-count">
          {total === undefined || updating
            ? ""
            : clientSide
              ? `${formatCount(rows.length)} shown of ${formatCount(jobs.length)} loaded${searched ? "" : ` (${formatCount(total)} in all)`}`
              : searched
                ? `${formatCount(jobs.length)}${hasNextPage ? "+" : ""} found`
                : `${formatCount(jobs.length)} of ${formatCount(total)} loaded`}
          {updating ? "Searching…" : isFetchingNextPage ? " · loading more…" : ""}
        </p>
      </div>
      <JobsFilters onChange={update} />
      <BulkBar
        selected={selectedJobs}
        canDelete={operator}
        running={running}
        summary={summary}
        onRun={(kind) => void onRun(kind)}
        onClear={() => setSelected(new Set())}
      />
      {query.isError ? (
        <div className="jt-state" role="alert">
          <p className="error-text">Could not load the jobs: {errorText(query.error)}</p>
          <Button onClick={() => void query.refetch()}>Try again</Button>
        </div>
      ) : query.isPending ? (
        <p className="jt-state muted">Loading jobs…</p>
      ) : rows.length === 0 && !hasNextPage ? (
        <div className="jt-state">
          <p>{filtered ? "No job matches these filters." : "No jobs yet."}</p>
        </div>
      ) : (
        <JobsGrid
          rows={rows}
          busy={updating}
          withSpace={!spaceId}
          selected={selected}
          now={now}
          sort={filters.sort}
          direction={filters.direction}
          hasMore={hasNextPage}
          loadingMore={isFetchingNextPage}
          onToggle={onToggle}
          onToggleAll={onToggleAll}
          onSort={onSort}
          onLoadMore={onLoadMore}
        />
      )}
    </main>
  );
}
