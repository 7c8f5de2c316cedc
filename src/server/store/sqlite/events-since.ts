import type { Connection } from "./connection";

/**
 * How far an event's time may lag behind an earlier position's: appends are numbered in the order their
 * transactions commit, with times taken a little before (a group commit's calls, another process on the same
 * file), and a clock may be set back. An event more than this older than one before it could be missed by `since`.
 */
export const SINCE_DISORDER_MS = 10_000;

/**
 * A position before which no event is as recent as `since` (an ISO time), for a log with no index by time
 * (migration 15): a binary search over positions for the first event no older than `since` less
 * SINCE_DISORDER_MS. Times grow with positions but for that disorder, so every event before the position found is
 * older than `since`, and the read checks `created_at >= since` on the rest. About 2 log2(events) row lookups by
 * primary key. A time that does not parse gives the first position.
 */
export function firstPositionSince(conn: Connection, since: string): number {
  const at = Date.parse(since);
  if (Number.isNaN(at)) return 0;
  const bound = new Date(at - SINCE_DISORDER_MS).toISOString();
  const next = conn.rows(
    "SELECT position, created_at FROM events WHERE position >= ? ORDER BY position LIMIT 1",
  );
  const last = conn.values("SELECT COALESCE(MAX(position), 0) FROM events").get() as number;
  // The answer lies in [low, high]; high = last + 1 when no event is recent enough.
  let low = 0;
  let high = last + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const row = next.get(middle) as { position: number; created_at: string } | undefined;
    if (row === undefined) high = middle;
    else if (row.created_at < bound) low = row.position + 1;
    else high = middle;
  }
  return low;
}
