import type { Connection } from "./connection";

/** The minute of an ISO time, as event_minutes keys it (migration 15): its first 16 characters. */
export const minuteOf = (time: string) => time.slice(0, 16);

/**
 * A position before which no event's `created_at` is `since` or later (as text), for a log with no index by time
 * (migration 15): the smallest first position of the minutes from `since`'s own on. A time whose text is at least
 * `since` has a minute at least `since`'s, so every such event is at or after it, in whatever order the events'
 * times were appended. Past the last position when no event is that recent.
 */
export function firstPositionSince(conn: Connection, since: string): number {
  return conn
    .values(
      `SELECT COALESCE(MIN(first_position), (SELECT COALESCE(MAX(position), 0) + 1 FROM events))
       FROM event_minutes WHERE minute >= ?`,
    )
    .get(minuteOf(since)) as number;
}

/**
 * Keeps event_minutes a lower bound of the log after pruneEvents deleted positions up to `through`: the minutes that
 * began at or before it begin at `through + 1` at the earliest now, and of those only the latest minute is needed
 * (a `since` in an earlier one takes the smallest first position of every later minute, that one's among them).
 */
export function pruneEventMinutes(conn: Connection, through: number): void {
  conn
    .rows("UPDATE event_minutes SET first_position = ? WHERE first_position <= ?")
    .run(through + 1, through);
  conn
    .rows(
      `DELETE FROM event_minutes WHERE first_position = ?
         AND minute < (SELECT MAX(minute) FROM event_minutes WHERE first_position = ?)`,
    )
    .run(through + 1, through + 1);
}
