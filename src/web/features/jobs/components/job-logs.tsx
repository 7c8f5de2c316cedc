import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import { countOf, isFinalStatus, JOB_LOG_LEVELS, type JobLogLevel } from "../../../../core";
import { Button } from "../../../components/ui/button";
import { useApi } from "../../../lib/api-context";
import type { Job } from "../../../lib/api-types";
import { errorText } from "../../../lib/error-text";
import { useLocation, useSearchParams } from "../../../lib/router";
import { useDebouncedValue } from "../../../lib/use-debounced-value";
import {
  jobLogAnnouncedQueryOptions,
  jobLogsQueryOptions,
  newestReadSeq,
  type JobLogFilter,
} from "../api/job-logs-query-options";
import { JobLogLineItem, LEVEL_LABELS } from "./job-log-line";

/** The URL's query parameters that keep the log's filter, so a link or a reload shows the same lines. */
export const LOG_LEVEL_PARAM = "logLevel";
export const LOG_QUERY_PARAM = "logQuery";
export const LOG_ATTEMPT_PARAM = "logAttempt";

/** The id of the logs section: `#logs` opens the job detail on it (the overlay's "Details"). */
export const LOGS_SECTION_ID = "logs";

const SEARCH_DEBOUNCE_MS = 300;
/** Within this many pixels of the end, the list counts as scrolled to the bottom. */
const BOTTOM_SLACK_PX = 24;

const isLevel = (value: string | null): value is JobLogLevel =>
  value !== null && (JOB_LOG_LEVELS as readonly string[]).includes(value);

const LEVEL_OPTIONS: { value: JobLogLevel | ""; label: string }[] = [
  { value: "", label: "All levels" },
  ...JOB_LOG_LEVELS.slice(1).map((level) => ({
    value: level,
    label: level === "error" ? "Errors only" : `${LEVEL_LABELS[level]} and worse`,
  })),
];

/** A whole number from 1, or undefined. */
const attemptOf = (value: string | null): number | undefined =>
  value && /^[1-9]\d{0,5}$/.test(value) ? Number(value) : undefined;

type FilterPatch = Partial<Record<"level" | "q" | "attempt", string>>;

function useLogFilter(): [JobLogFilter, (patch: FilterPatch) => void] {
  const [params, setParams] = useSearchParams();
  const level = params.get(LOG_LEVEL_PARAM);
  const q = params.get(LOG_QUERY_PARAM)?.trim();
  const attempt = attemptOf(params.get(LOG_ATTEMPT_PARAM));
  const filter = useMemo(
    () => ({ level: isLevel(level) ? level : undefined, q: q || undefined, attempt }),
    [level, q, attempt],
  );
  const update = (patch: FilterPatch) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, param] of [
          ["level", LOG_LEVEL_PARAM],
          ["q", LOG_QUERY_PARAM],
          ["attempt", LOG_ATTEMPT_PARAM],
        ] as const) {
          const value = patch[key];
          if (value === undefined) continue;
          if (value) next.set(param, value);
          else next.delete(param);
        }
        return next;
      },
      { replace: true },
    );
  return [filter, update];
}

/**
 * A job's log lines, oldest at the top and newest at the bottom: a level filter and a search box (read by the server,
 * kept in the URL), "Load earlier lines" to page back, and Follow, which reads the new lines each time the event stream
 * announces some and keeps the newest in view while the list is scrolled to its end. A polite live region says how
 * many lines show, not each line.
 */
export function JobLogs({ job }: { job: Job }) {
  const api = useApi();
  const [filter, setFilter] = useLogFilter();
  const [text, setText] = useState(filter.q ?? "");
  const searched = useDebouncedValue(text.trim(), SEARCH_DEBOUNCE_MS);
  useEffect(() => {
    if (searched !== (filter.q ?? "")) setFilter({ q: searched });
    // Only a settled search changes the URL; the URL changing by itself (back, a link) leaves the box alone.
  }, [searched]);

  const query = useInfiniteQuery({
    ...jobLogsQueryOptions(api, job.id, filter),
    placeholderData: keepPreviousData,
  });
  const announced = useQuery(jobLogAnnouncedQueryOptions(job.id)).data;
  const [follow, setFollow] = useState(true);
  const final = isFinalStatus(job.status);

  const lines = useMemo(() => query.data?.pages.flatMap((page) => page.lines) ?? [], [query.data]);
  const newest = newestReadSeq(query.data);
  const lastPage = query.data?.pages.at(-1);
  const behind = !query.isPlaceholderData && (announced > newest || lastPage?.later === true);
  const { fetchNextPage, isFetchingNextPage, isFetching } = query;
  useEffect(() => {
    // Follow: new lines were announced (or a page read forwards left some): read on from what this view has.
    if (follow && behind && !isFetching) void fetchNextPage();
  }, [follow, behind, isFetching, fetchNextPage]);

  const list = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const shown = useRef({ first: 0, height: 0 });
  useLayoutEffect(() => {
    const element = list.current;
    if (!element) return;
    const first = lines[0]?.seq ?? 0;
    const prepended = first < shown.current.first && lines.some((line) => line.seq === shown.current.first);
    if (prepended)
      // Earlier lines went in above: keep the lines that were in view where they were.
      element.scrollTop += element.scrollHeight - shown.current.height;
    else if (follow && atBottom.current) element.scrollTop = element.scrollHeight;
    shown.current = { first, height: element.scrollHeight };
  }, [lines, follow]);

  const section = useRef<HTMLElement>(null);
  const { hash } = useLocation();
  useEffect(() => {
    if (hash !== `#${LOGS_SECTION_ID}`) return;
    section.current?.scrollIntoView({ block: "start" });
    section.current?.focus({ preventScroll: true });
  }, [hash]);

  const headingId = useId();
  const filtered = filter.level !== undefined || filter.q !== undefined || filter.attempt !== undefined;
  // The attempts so far: a job that ran more than once can show one attempt's lines.
  const attempts = Math.max(job.attempt ?? 1, filter.attempt ?? 1);
  const empty = final ? "This job wrote no log lines." : "No log lines yet.";

  return (
    <section
      ref={section}
      id={LOGS_SECTION_ID}
      className="job-detail-section job-logs"
      aria-labelledby={headingId}
      tabIndex={-1}
      data-slot="job-logs"
    >
      <h2 id={headingId}>Logs</h2>
      <div className="job-logs-tools">
        <label className="job-logs-field">
          <span>Level</span>
          <select value={filter.level ?? ""} onChange={(event) => setFilter({ level: event.target.value })}>
            {LEVEL_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        {attempts > 1 ? (
          <label className="job-logs-field">
            <span>Attempt</span>
            <select
              value={filter.attempt ?? ""}
              onChange={(event) => setFilter({ attempt: event.target.value })}
              data-slot="job-logs-attempt"
            >
              <option value="">All attempts</option>
              {Array.from({ length: attempts }, (_, i) => (
                <option key={i + 1} value={i + 1}>
                  Attempt {i + 1}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="job-logs-field job-logs-search">
          <span>Search</span>
          <input
            type="search"
            value={text}
            placeholder="Text in the message"
            maxLength={256}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        {final ? null : (
          <Button
            className="job-logs-follow"
            aria-pressed={follow}
            onClick={() => {
              atBottom.current = true;
              setFollow(!follow);
            }}
          >
            Follow
          </Button>
        )}
      </div>

      <p className="muted job-logs-summary" aria-live="polite" data-slot="job-logs-summary">
        {query.isPending
          ? "Loading the log…"
          : `${countOf(lines.length, "line")}${filtered ? " match" : ""}${follow && !final ? " · following" : ""}`}
      </p>
      {query.isError ? (
        <p className="error-text" role="alert">
          Could not load the log: {errorText(query.error)}
        </p>
      ) : null}
      {query.hasPreviousPage ? (
        <Button
          className="job-logs-earlier"
          disabled={query.isFetchingPreviousPage}
          onClick={() => void query.fetchPreviousPage()}
        >
          {query.isFetchingPreviousPage ? "Loading earlier lines…" : "Load earlier lines"}
        </Button>
      ) : null}
      <div
        ref={list}
        className="job-logs-list"
        // Focusable: the list scrolls, and keyboard users must be able to scroll it.
        tabIndex={0}
        role="region"
        aria-label="Log lines"
        aria-busy={query.isFetching}
        onScroll={(event) => {
          const element = event.currentTarget;
          atBottom.current =
            element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK_PX;
        }}
      >
        {lines.length === 0 && !query.isPending ? (
          <p className="muted job-logs-empty" data-slot="job-logs-empty">
            {filtered ? "No lines match." : empty}
          </p>
        ) : (
          <ol className="job-log-lines">
            {lines.map((line) => (
              <JobLogLineItem key={line.seq} line={line} />
            ))}
          </ol>
        )}
      </div>
      {!follow && behind ? (
        <Button className="job-logs-newer" disabled={isFetchingNextPage} onClick={() => void fetchNextPage()}>
          Show new lines
        </Button>
      ) : null}
    </section>
  );
}
