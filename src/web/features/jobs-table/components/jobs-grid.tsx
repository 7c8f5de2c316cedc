import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { isFinalStatus } from "../../../../core";
import type { Job } from "../../../lib/api-types";
import { virtualScrollerOptions } from "../../../lib/virtual-scroller";
import { spacesOf, titleOfJob, useJobSources } from "../../jobs";
import { MARKS } from "../api/jobs-table-query";
import { useSpaceNames } from "../api/use-space-names";
import type { SortDirection, SortField } from "../table-filters";
import { JobRow } from "./job-row";

export const ROW_HEIGHT = 40;
/** Rows rendered past each end of the view once the table has painted (none in its first frame). */
const OVERSCAN = 12;
/** Load the next page when the last row in view is this close to the end of the loaded rows. */
const LOAD_AHEAD = 40;

type Column = { label: string; sort?: SortField; wide?: boolean; className?: string };
const SPACE_COLUMN: Column = { label: "Space", className: "jt-space" };
const columnsOf = (withSpace: boolean): Column[] => [
  { label: "Job" },
  ...(withSpace ? [SPACE_COLUMN] : []),
  { label: "Status", sort: "status" },
  { label: "Progress" },
  { label: "Info", wide: true },
  { label: "Source", wide: true },
  { label: "Mode", wide: true },
  { label: "Created", sort: "created", className: "jt-created" },
  { label: "Duration", sort: "duration" },
  { label: "ID", wide: true },
];

type JobsGridProps = {
  rows: Job[];
  /** The rows are the last filters' while the new ones load. */
  busy?: boolean;
  /** Jobs of several spaces (the environment's table): a Space column names each job's space. */
  withSpace: boolean;
  selected: ReadonlySet<string>;
  now: number;
  sort: SortField;
  direction: SortDirection;
  hasMore: boolean;
  loadingMore: boolean;
  onToggle: (jobId: string, selected: boolean) => void;
  onToggleAll: (selected: boolean) => void;
  onSort: (field: SortField) => void;
  onLoadMore: () => void;
};

/**
 * The jobs as an ARIA table with only the rows in view in the DOM. Arrow keys move between rows (the same control
 * of the row above or below), Home/End jump to the first and last loaded row.
 */
export function JobsGrid(props: JobsGridProps) {
  const { rows, withSpace, selected, now, sort, direction, hasMore, loadingMore } = props;
  const { onToggle, onToggleAll, onSort, onLoadMore } = props;
  const scroller = useRef<HTMLDivElement>(null);
  // The first frame has only the rows in view; the rows past them (for a quick scroll) come in the task after it.
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setPainted(true))));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: painted ? OVERSCAN : 0,
    getItemKey: (index) => rows[index]?.id ?? index,
    ...virtualScrollerOptions(),
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  // Names come from the spaces of the rows in view only: scrolling through many spaces asks for each once.
  const spaceIds = spacesOf(items.flatMap((item) => rows[item.index] ?? []));
  const sources = useJobSources(spaceIds);
  const spaceNames = useSpaceNames(withSpace ? spaceIds : []);
  const columns = columnsOf(withSpace);

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - LOAD_AHEAD) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, onLoadMore]);

  const marked = useRef(false);
  useLayoutEffect(() => {
    if (marked.current || items.length === 0) return;
    marked.current = true;
    performance.mark(MARKS.rows);
    requestAnimationFrame(() => setTimeout(() => performance.mark(MARKS.rowsPainted)));
  });

  const selectedInView = rows.reduce((n, job) => n + (selected.has(job.id) ? 1 : 0), 0);
  const allSelected = rows.length > 0 && selectedInView === rows.length;

  const moveFocus = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLElement>("[data-row-index]");
    const nav = target.dataset.nav;
    if (!row || !nav) return;
    const index = Number(row.dataset.rowIndex);
    const to =
      event.key === "ArrowDown"
        ? index + 1
        : event.key === "ArrowUp"
          ? index - 1
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? rows.length - 1
              : undefined;
    if (to === undefined || to < 0 || to >= rows.length) return;
    event.preventDefault();
    virtualizer.scrollToIndex(to, { align: "auto" });
    const focus = (attempt: number) => {
      const next = scroller.current?.querySelector<HTMLElement>(
        `[data-row-index="${to}"] [data-nav="${nav}"]`,
      );
      if (next) next.focus();
      else if (attempt < 5) requestAnimationFrame(() => focus(attempt + 1));
    };
    focus(0);
  };

  return (
    <div
      ref={scroller}
      className="jt-scroller"
      data-with-space={withSpace || undefined}
      role="table"
      aria-label="Jobs"
      aria-rowcount={rows.length + 1}
      aria-busy={props.busy || undefined}
      data-slot="jobs-table"
      onKeyDown={moveFocus}
    >
      <div role="rowgroup" className="jt-head">
        <div role="row" className="jt-row" aria-rowindex={1}>
          <div role="columnheader" className="jt-cell jt-select">
            <input
              type="checkbox"
              checked={allSelected}
              ref={(input) => {
                if (input) input.indeterminate = selectedInView > 0 && !allSelected;
              }}
              disabled={rows.length === 0}
              onChange={(event) => onToggleAll(event.currentTarget.checked)}
              aria-label="Select all jobs shown"
            />
          </div>
          {columns.map((column) => {
            const active = column.sort === sort;
            return (
              <div
                role="columnheader"
                key={column.label}
                className={`jt-cell${column.wide ? " jt-wide" : ""}${column.className ? ` ${column.className}` : ""}`}
                aria-sort={active ? (direction === "asc" ? "ascending" : "descending") : undefined}
              >
                {column.sort ? (
                  <button type="button" className="jt-sort" onClick={() => onSort(column.sort!)}>
                    {column.label}
                    <span aria-hidden="true" className="jt-sort-mark">
                      {active ? (direction === "asc" ? "▲" : "▼") : ""}
                    </span>
                  </button>
                ) : (
                  column.label
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div role="rowgroup" className="jt-body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const job = rows[item.index];
          if (!job) return null;
          return (
            <JobRow
              key={job.id}
              job={job}
              title={titleOfJob(sources, job)}
              source={sources.get(job.source)}
              spaceName={withSpace ? (spaceNames.get(job.spaceId ?? "") ?? "") : undefined}
              index={item.index}
              selected={selected.has(job.id)}
              now={job.startedAt && !isFinalStatus(job.status) ? now : 0}
              onToggle={onToggle}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
            />
          );
        })}
      </div>
    </div>
  );
}
