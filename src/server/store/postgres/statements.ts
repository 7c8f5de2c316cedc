import { jobSearchText, type Event, type Job, type JobStatus } from "../../../core";
import type { JobMetricRollup } from "../../metrics/job-metric-changes";
import { mergedChanges, ROLLUP_COLUMNS, rowValues } from "../../metrics/rollup-rows";
import { EVENT_COLUMNS, eventColumns, JOB_COLUMNS, jobColumns } from "../sql-columns";
import { advisoryXactLock, EVENT_LOCK } from "./migrations";

/** `$n` placeholders for a column list, numbered from `first`. */
const placeholders = (columns: string, first: number) =>
  columns
    .split(", ")
    .map((_, index) => `$${index + first}`)
    .join(", ");
export const JOB_VALUES = placeholders(JOB_COLUMNS, 2);
export const EVENT_VALUES = placeholders(EVENT_COLUMNS, 1);

/**
 * Appends events after the log's last position, one statement for any number: `columns` are the SQL of the arrays
 * (text[]) of `EVENT_COLUMNS`. Runs only after the event lock is taken, by a statement of its own: a statement's
 * snapshot is taken when it starts, so `MAX(position)` is read after the lock's holder before has committed.
 */
export const EVENT_COUNT = EVENT_COLUMNS.split(", ").length;
export const insertEvents = (columns: string[]) => `
  INSERT INTO events (position, ${EVENT_COLUMNS})
  SELECT last.position + u.n, ${EVENT_COLUMNS.split(", ")
    .map((column) => (column === "data" ? "u.data::json" : `u.${column}`))
    .join(", ")}
  FROM (SELECT COALESCE(MAX(position), 0) AS position FROM events) AS last,
    unnest(${columns.join(", ")}) WITH ORDINALITY AS u(${EVENT_COLUMNS}, n)
  RETURNING position`;
export const INSERT_EVENTS = insertEvents(Array.from({ length: EVENT_COUNT }, (_, i) => `$${i + 1}::text[]`));

/** A text literal that means the same whatever `standard_conforming_strings` says (an escape string). */
export const escapeLiteral = (text: string): string =>
  `E'${text.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;

/**
 * Takes the event lock, appends the events, NOTIFYs their last position and commits: one message of simple
 * statements, values as literals, so the database runs it through without waiting for this process in between
 * and the lock is held for the database's own work only. Undefined when a value holds a NUL character, which a
 * simple query's text cannot carry. `beforeCommit` (the job metric roll-ups) runs under the event lock, so
 * transactions take those shared rows one at a time and in one order with the lock: none waits for another's.
 */
export function placeAndCommit(
  events: Event[],
  channel: string,
  locked: boolean,
  beforeCommit?: string,
): string | undefined {
  const arrays = eventArrays(events);
  if (arrays.some((column) => column.some((value) => value?.includes("\0")))) return undefined;
  const columns = arrays.map(
    (column) =>
      `ARRAY[${column.map((value) => (value === null ? "NULL" : escapeLiteral(value))).join(", ")}]::text[]`,
  );
  return `${locked ? "" : `${advisoryXactLock(EVENT_LOCK)};`}
    WITH placed AS (${insertEvents(columns)}),
    told AS (SELECT pg_notify(${escapeLiteral(channel)}, MAX(position)::text) FROM placed)
    SELECT MIN(placed.position) AS position FROM placed, told;${
      beforeCommit === undefined
        ? ""
        : `
    ${beforeCommit};`
    }
    COMMIT`;
}

/** `EVENT_COLUMNS` of many events as one array per column. */
export function eventArrays(events: Event[]): (string | null)[][] {
  const rows = events.map(({ position: _position, ...event }) => eventColumns(event));
  return Array.from({ length: EVENT_COUNT }, (_, column) => rows.map((row) => row[column] ?? null));
}

export type Version = { status: JobStatus; updatedAt: string };

const literal = (value: string | null): string => (value === null ? "NULL" : escapeLiteral(value));
const hasNul = (values: (string | null)[]): boolean => values.some((value) => value?.includes("\0"));

/** A job's row of values for `insertJobs`; undefined when a value holds a NUL character. */
export const insertRow = (job: Job): string | undefined => {
  const values = [job.id, ...jobColumns(job)];
  return hasNul(values) ? undefined : `(${values.map(literal).join(", ")})`;
};

/** Inserts jobs (`insertRow`s), one statement for any number. */
export const insertJobs = (rows: readonly string[]): string =>
  `INSERT INTO jobs (id, ${JOB_COLUMNS}) VALUES ${rows.join(", ")}`;

/** A compare-and-set's row of values for `updateHeldJobs`; undefined when a value holds a NUL character. */
export const updateRow = (job: Job, expected: Version): string | undefined => {
  const values = [
    job.id,
    job.status,
    job.updatedAt,
    jobSearchText(job),
    JSON.stringify(job),
    expected.status,
    expected.updatedAt,
  ];
  return hasNul(values) ? undefined : `(${values.map(literal).join(", ")})`;
};

/**
 * The compare-and-sets of jobs this transaction holds locked (`updateRow`s), one statement for any number, to send
 * later: none can miss (each row is locked and its version checked), and if one did anyway, the division by zero
 * fails the message it is in, so the transaction rolls back rather than commit without it. The version is compared
 * with IS NOT DISTINCT FROM (the columns are NOT NULL, so it means equal) because no index serves it: the planner
 * then finds each row by its id, where with `=` it took the (status, updated_at) index, which many jobs of one
 * millisecond share.
 */
export const updateHeldJobs = (rows: readonly string[]): string =>
  `WITH changed AS (UPDATE jobs SET status = v.status, updated_at = v.updated_at, search_text = v.search_text, data = v.data::json
    FROM (VALUES ${rows.join(", ")}) AS v(id, status, updated_at, search_text, data, was, was_updated_at)
    WHERE jobs.id = v.id
      AND (jobs.status, jobs.updated_at) IS NOT DISTINCT FROM (v.was, v.was_updated_at) RETURNING 1)
    SELECT 1 / (COUNT(*) = ${rows.length})::int FROM changed`;

/** One compare-and-set of a job this transaction holds locked, as `updateHeldJobs` sends it. */
export const deferredUpdate = (job: Job, expected: Version): string | undefined => {
  const row = updateRow(job, expected);
  return row === undefined ? undefined : updateHeldJobs([row]);
};

/**
 * Reads and locks several jobs in one statement, in the order of their ids: two transactions (of one instance or of
 * two) that lock overlapping sets this way take the rows in the same order and so cannot deadlock over them. The
 * ids must hold no NUL character (a simple statement's text cannot carry one).
 */
export const lockJobs = (ids: readonly string[]): string =>
  `SELECT id, data FROM jobs WHERE id = ANY(ARRAY[${ids.map(escapeLiteral).join(", ")}]::text[]) ORDER BY id FOR UPDATE`;

/**
 * The `predecessorIds` of the waiting jobs that name any of `ids`: sent in the message of `lockJobs`, right after
 * it, so its snapshot is taken once those rows are locked (each statement takes its own under READ COMMITTED).
 * The `jobs_predecessors` index's expression and partial predicate are repeated so that the planner may take it
 * when many jobs wait (else the status index finds the few waiting ones). Same rule as `listJobsWaitingOn`: status
 * waiting, the id among the array's strings.
 */
export const waitingOn = (ids: readonly string[]): string =>
  `SELECT data::jsonb -> 'predecessorIds' AS ids FROM jobs
    WHERE (data ->> 'predecessorIds') IS NOT NULL
      AND data::jsonb -> 'predecessorIds' ?| ARRAY[${ids.map(escapeLiteral).join(", ")}]::text[]
      AND status = 'waiting'`;

/**
 * Adds job metric changes to their roll-ups, one statement for any number (merged to one row per key and sorted by
 * it, so two transactions take the rows in one order); undefined when there are none. Values are literals, so the
 * statement can wait in a transaction's deferred statements or go with a group's writes.
 */
export function upsertJobMetrics(changes: Iterable<JobMetricRollup>): string | undefined {
  const rows = mergedChanges(changes).map((change) => {
    const [minute, spaceId, operation, created, completed, failed, canceled, runMs, waitMs] =
      rowValues(change);
    return `(${minute}, ${escapeLiteral(spaceId)}, ${escapeLiteral(operation)}, ${created}, ${completed}, ${failed}, ${canceled}, ${escapeLiteral(runMs)}::jsonb, ${escapeLiteral(waitMs)}::jsonb)`;
  });
  if (rows.length === 0) return undefined;
  return `INSERT INTO job_metric_minutes AS t (${ROLLUP_COLUMNS}) VALUES ${rows.join(", ")}
    ON CONFLICT (minute, space_id, operation) DO UPDATE SET created = t.created + EXCLUDED.created,
      completed = t.completed + EXCLUDED.completed, failed = t.failed + EXCLUDED.failed,
      canceled = t.canceled + EXCLUDED.canceled, run_ms = job_histogram_merge(t.run_ms, EXCLUDED.run_ms),
      wait_ms = job_histogram_merge(t.wait_ms, EXCLUDED.wait_ms)`;
}
