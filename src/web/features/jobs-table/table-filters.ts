import { ACTION_MODES, JOB_STATUSES, JOB_TYPES } from "../../../core";
import type { Job, JobStatus } from "../../lib/api-types";
import { neverRan } from "../jobs";

export { ACTION_MODES as JOB_MODES, JOB_TYPES };
export const TIME_RANGES = {
  "1h": { label: "Last hour", ms: 3_600_000 },
  "24h": { label: "Last day", ms: 86_400_000 },
  "7d": { label: "Last week", ms: 7 * 86_400_000 },
  all: { label: "All time", ms: undefined },
} as const;
export const SORT_FIELDS = {
  created: "Created",
  updated: "Updated",
  status: "Status",
  duration: "Duration",
} as const;

export type TimeRange = keyof typeof TIME_RANGES;
export type SortField = keyof typeof SORT_FIELDS;
export type SortDirection = "asc" | "desc";

/**
 * Everything that shapes the jobs table, all of it kept in the URL's search params so a link reproduces the view.
 * Defaults are left out of the URL.
 */
export type TableFilters = {
  statuses: JobStatus[];
  operation: string;
  type: Job["type"] | undefined;
  mode: Job["mode"] | undefined;
  range: TimeRange;
  /** Created on or after this day (YYYY-MM-DD, the browser's time zone); "" for no bound. */
  from: string;
  /** Created on or before this day (YYYY-MM-DD, the browser's time zone); "" for no bound. */
  to: string;
  /** Finished on or after this day (YYYY-MM-DD, the browser's time zone); "" for no bound. */
  finishedFrom: string;
  /** Finished on or before this day (YYYY-MM-DD, the browser's time zone); "" for no bound. */
  finishedTo: string;
  createdBy: string;
  source: string;
  search: string;
  sort: SortField;
  direction: SortDirection;
};

export const DEFAULT_FILTERS: TableFilters = {
  statuses: [],
  operation: "",
  type: undefined,
  mode: undefined,
  range: "all",
  from: "",
  to: "",
  finishedFrom: "",
  finishedTo: "",
  createdBy: "",
  source: "",
  search: "",
  sort: "created",
  direction: "desc",
};

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;

const day = (value: string | null): string => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : "");

/** Reads the filters from search params; unknown values fall back to the defaults. */
export function readFilters(params: URLSearchParams): TableFilters {
  const statuses = (params.get("status") ?? "")
    .split(",")
    .map((s) => (s === "cancelled" ? "canceled" : s))
    .filter((s): s is JobStatus => (JOB_STATUSES as readonly string[]).includes(s));
  return {
    // In lifecycle order and once each, so equal views have equal URLs and query keys.
    statuses: JOB_STATUSES.filter((s) => statuses.includes(s)),
    operation: (params.get("operation") ?? "").trim(),
    type: oneOf(JOB_TYPES, params.get("type")),
    mode: oneOf(ACTION_MODES, params.get("mode")),
    range: oneOf(Object.keys(TIME_RANGES) as TimeRange[], params.get("range")) ?? DEFAULT_FILTERS.range,
    from: day(params.get("from")),
    to: day(params.get("to")),
    finishedFrom: day(params.get("finishedFrom")),
    finishedTo: day(params.get("finishedTo")),
    createdBy: (params.get("createdBy") ?? "").trim(),
    source: (params.get("source") ?? "").trim(),
    search: params.get("q") ?? "",
    sort: oneOf(Object.keys(SORT_FIELDS) as SortField[], params.get("sort")) ?? DEFAULT_FILTERS.sort,
    direction: oneOf(["asc", "desc"] as const, params.get("dir")) ?? DEFAULT_FILTERS.direction,
  };
}

/** Writes the filters into search params (keeping params the table does not own), leaving defaults out. */
export function writeFilters(filters: TableFilters, base?: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams(base);
  const set = (key: string, value: string | undefined, fallback = "") => {
    if (value === undefined || value === fallback) params.delete(key);
    else params.set(key, value);
  };
  set("status", filters.statuses.join(","));
  set("operation", filters.operation.trim());
  set("type", filters.type);
  set("mode", filters.mode);
  set("range", filters.range, DEFAULT_FILTERS.range);
  set("from", filters.from);
  set("to", filters.to);
  set("finishedFrom", filters.finishedFrom);
  set("finishedTo", filters.finishedTo);
  set("createdBy", filters.createdBy.trim());
  set("source", filters.source.trim());
  set("q", filters.search);
  set("sort", filters.sort, DEFAULT_FILTERS.sort);
  set("dir", filters.direction, DEFAULT_FILTERS.direction);
  return params;
}

/**
 * What the API does for us: `GET /jobs` filters by one status, operation, type, mode, the search, the creation and
 * finishing times, the creator and the source, and sorts by creation time. Several statuses and the other sorts are applied in the
 * browser to the pages loaded so far.
 */
export type ServerQuery = {
  spaceId?: string;
  status?: JobStatus;
  operation?: string;
  type?: Job["type"];
  mode?: Job["mode"];
  q?: string;
  /** ISO times; a `range` is turned into its start when the request is sent. */
  createdFrom?: string;
  createdTo?: string;
  finishedFrom?: string;
  finishedTo?: string;
  createdBy?: string;
  source?: string;
  sortDirection: SortDirection;
  range: TimeRange;
};

/** Midnight starting `day` (YYYY-MM-DD) in the browser's time zone, as an ISO time. */
const startOfDay = (day: string, plusDays = 0): string | undefined => {
  const [y, m, d] = day.split("-").map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d + plusDays).toISOString();
};

export function serverQuery(spaceId: string | undefined, filters: TableFilters): ServerQuery {
  const q = filters.search.trim();
  const createdFrom = filters.from ? startOfDay(filters.from) : undefined;
  // "To" is the whole day: the API's bound is exclusive.
  const createdTo = filters.to ? startOfDay(filters.to, 1) : undefined;
  const finishedFrom = filters.finishedFrom ? startOfDay(filters.finishedFrom) : undefined;
  const finishedTo = filters.finishedTo ? startOfDay(filters.finishedTo, 1) : undefined;
  return {
    ...(spaceId ? { spaceId } : {}),
    ...(filters.statuses.length === 1 ? { status: filters.statuses[0] } : {}),
    ...(filters.operation ? { operation: filters.operation } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.mode ? { mode: filters.mode } : {}),
    ...(q ? { q } : {}),
    ...(createdFrom ? { createdFrom } : {}),
    ...(createdTo ? { createdTo } : {}),
    ...(finishedFrom ? { finishedFrom } : {}),
    ...(finishedTo ? { finishedTo } : {}),
    ...(filters.createdBy ? { createdBy: filters.createdBy } : {}),
    ...(filters.source ? { source: filters.source } : {}),
    // Other sorts are client-side over the newest jobs loaded so far.
    sortDirection: filters.sort === "created" ? filters.direction : "desc",
    range: filters.range,
  };
}

/** The request's parameters: the range's start (now) or the chosen day, whichever is later. */
export function requestParams(query: ServerQuery, now: number) {
  const { range, ...params } = query;
  const since = TIME_RANGES[range].ms;
  const rangeStart = since === undefined ? undefined : new Date(now - since).toISOString();
  const createdFrom =
    rangeStart && params.createdFrom
      ? rangeStart > params.createdFrom
        ? rangeStart
        : params.createdFrom
      : (rangeStart ?? params.createdFrom);
  return { ...params, ...(createdFrom ? { createdFrom } : {}) };
}

/** How long a job ran (or has been running), in ms; undefined before it started and for a job that never ran. */
export function jobDuration(job: Job, now: number): number | undefined {
  if (neverRan(job)) return undefined;
  const start = Date.parse(job.startedAt ?? "");
  if (Number.isNaN(start)) return undefined;
  const end = job.finishedAt ? Date.parse(job.finishedAt) : now;
  return Number.isNaN(end) ? undefined : Math.max(0, end - start);
}

const STATUS_ORDER = new Map<string, number>(JOB_STATUSES.map((s, i) => [s, i]));

/** The rows to show: the loaded jobs filtered and sorted by what the server could not do. */
export function visibleJobs(jobs: readonly Job[], filters: TableFilters, now: number): Job[] {
  const statuses = filters.statuses.length > 1 ? new Set<string>(filters.statuses) : undefined;
  const rows = statuses ? jobs.filter((job) => statuses.has(job.status)) : [...jobs];
  if (filters.sort === "created") return rows; // the server's order
  const sign = filters.direction === "asc" ? 1 : -1;
  const key: (job: Job) => number =
    filters.sort === "updated"
      ? (job) => Date.parse(job.updatedAt)
      : filters.sort === "status"
        ? (job) => STATUS_ORDER.get(job.status) ?? 0
        : (job) => jobDuration(job, now) ?? -1;
  // Array.prototype.sort is stable: equal keys keep the server's newest-first order.
  return rows
    .map((job) => ({ job, k: key(job) }))
    .sort((a, b) => (a.k - b.k) * sign)
    .map((entry) => entry.job);
}
