import { announcementOf, LISTENER_COLUMNS, toStoredListener, type ListenerRow } from "../listener-rows";
import type { ListenerSelection, StoredListener } from "../store";
import type { Connection, Param } from "./connection";

/** The `listeners` table's reads and writes (the store's transactions serialise the writes). */
export function listListeners(
  conn: Connection,
  q: { environmentId?: string; disconnectedSince?: string },
): StoredListener[] {
  const rows = conn
    .rows(
      `SELECT id, ${LISTENER_COLUMNS} FROM listeners
       WHERE (? IS NULL OR environment_id = ?) AND (disconnected_at IS NULL OR disconnected_at >= ?)
       ORDER BY connected_at, id`,
    )
    .all(q.environmentId ?? null, q.environmentId ?? null, q.disconnectedSince ?? null) as ListenerRow[];
  return rows.map(toStoredListener);
}

export function connectListener(
  conn: Connection,
  listener: Omit<StoredListener, "jobsHandled" | "disconnectedAt">,
): boolean {
  const before = conn
    .values("SELECT disconnected_at IS NULL FROM listeners WHERE id = ?")
    .get(listener.id) as number | undefined;
  conn
    .rows(
      `INSERT INTO listeners (id, ${LISTENER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, NULL, 0)
       ON CONFLICT (id) DO UPDATE SET environment_id = excluded.environment_id, data = excluded.data,
         instance = excluded.instance, last_seen_at = excluded.last_seen_at, disconnected_at = NULL,
         connected_at = CASE WHEN listeners.disconnected_at IS NULL THEN listeners.connected_at
                             ELSE excluded.connected_at END`,
    )
    .run(
      listener.id,
      listener.environmentId,
      JSON.stringify(announcementOf(listener)),
      listener.instance,
      listener.connectedAt,
      listener.lastSeenAt,
    );
  return before !== 1;
}

export function disconnectListeners(
  conn: Connection,
  selection: ListenerSelection,
  at: string,
): StoredListener[] {
  const conditions = ["disconnected_at IS NULL"];
  const params: Param[] = [at];
  if (selection.ids) {
    conditions.push(`id IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(selection.ids));
  }
  if (selection.instance !== undefined) {
    conditions.push("instance = ?");
    params.push(selection.instance);
  }
  if (selection.lastSeenBefore !== undefined) {
    conditions.push("last_seen_at < ?");
    params.push(selection.lastSeenBefore);
  }
  const rows = conn
    .rows(
      `UPDATE listeners SET disconnected_at = ? WHERE ${conditions.join(" AND ")}
       RETURNING id, ${LISTENER_COLUMNS}`,
    )
    .all(...params) as ListenerRow[];
  return rows.map(toStoredListener);
}

export function touchListeners(
  conn: Connection,
  ids: readonly string[],
  instance: string,
  at: string,
): number {
  return conn
    .rows(
      `UPDATE listeners SET last_seen_at = ?
       WHERE id IN (SELECT value FROM json_each(?)) AND instance = ? AND disconnected_at IS NULL`,
    )
    .run(at, JSON.stringify(ids), instance).changes;
}

export function countJobsHandled(conn: Connection, counts: ReadonlyMap<string, number>): void {
  const add = conn.rows("UPDATE listeners SET jobs_handled = jobs_handled + ? WHERE id = ?");
  for (const [id, count] of counts) add.run(count, id);
}

export function pruneListeners(conn: Connection, disconnectedBefore: string, limit: number): number {
  return conn
    .rows(
      `DELETE FROM listeners WHERE id IN
         (SELECT id FROM listeners WHERE disconnected_at < ? ORDER BY disconnected_at LIMIT ?)`,
    )
    .run(disconnectedBefore, limit).changes;
}
