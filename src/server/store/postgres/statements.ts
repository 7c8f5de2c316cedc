import { jobSearchText, type Event, type Job, type JobStatus } from "../../../core";
import { EVENT_COLUMNS, eventColumns, JOB_COLUMNS } from "../sql-columns";
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
 * simple query's text cannot carry.
 */
export function placeAndCommit(events: Event[], channel: string, locked: boolean): string | undefined {
  const arrays = eventArrays(events);
  if (arrays.some((column) => column.some((value) => value?.includes("\0")))) return undefined;
  const columns = arrays.map(
    (column) =>
      `ARRAY[${column.map((value) => (value === null ? "NULL" : escapeLiteral(value))).join(", ")}]::text[]`,
  );
  return `${locked ? "" : `${advisoryXactLock(EVENT_LOCK)};`}
    WITH placed AS (${insertEvents(columns)}),
    told AS (SELECT pg_notify(${escapeLiteral(channel)}, MAX(position)::text) FROM placed)
    SELECT MIN(placed.position) AS position FROM placed, told;
    COMMIT`;
}

/** `EVENT_COLUMNS` of many events as one array per column. */
export function eventArrays(events: Event[]): (string | null)[][] {
  const rows = events.map(({ position: _position, ...event }) => eventColumns(event));
  return Array.from({ length: EVENT_COUNT }, (_, column) => rows.map((row) => row[column] ?? null));
}

export type Version = { status: JobStatus; updatedAt: string };

/**
 * The compare-and-set of a job this transaction holds locked, as a simple statement to send later: it cannot miss
 * (the row is locked and its version checked), and if it did anyway, the division by zero fails the message it is
 * in, so the transaction rolls back rather than commit without it.
 */
export const deferredUpdate = (job: Job, expected: Version): string | undefined => {
  const values = [
    job.status,
    job.updatedAt,
    jobSearchText(job),
    JSON.stringify(job),
    job.id,
    expected.status,
    expected.updatedAt,
  ];
  if (values.some((value) => value.includes("\0"))) return undefined;
  const [status, updatedAt, words, data, id, was, wasUpdatedAt] = values.map(escapeLiteral);
  return `WITH changed AS (UPDATE jobs SET status = ${status}, updated_at = ${updatedAt}, search_text = ${words}, data = ${data}
    WHERE id = ${id} AND status = ${was} AND updated_at = ${wasUpdatedAt} RETURNING 1)
    SELECT 1 / COUNT(*) FROM changed`;
};
