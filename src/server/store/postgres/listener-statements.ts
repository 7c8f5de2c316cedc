import { announcementOf, LISTENER_COLUMNS, toStoredListener, type ListenerRow } from "../listener-rows";
import type { ListenerSelection, StoredListener } from "../store";
import { execute, Params, queryRows, queryValues, type Queryable } from "./query";

/** The `listeners` table's reads and writes; each write's row locks make it exact across instances. */
export async function listListeners(
  db: Queryable,
  q: { environmentId?: string; disconnectedSince?: string },
): Promise<StoredListener[]> {
  const rows = await queryRows<ListenerRow>(
    db,
    `SELECT ${LISTENER_COLUMNS}, id FROM listeners
     WHERE ($1::text IS NULL OR environment_id = $1) AND (disconnected_at IS NULL OR disconnected_at >= $2)
     ORDER BY connected_at, id`,
    [q.environmentId ?? null, q.disconnectedSince ?? null],
  );
  return rows.map(toStoredListener);
}

/**
 * A new id is inserted (an insert of the same id by another instance waits for this one, then finds the row); an
 * existing row is locked before it is read, so of two instances connecting it at once the second sees the first's
 * write and answers false.
 */
export async function connectListener(
  db: Queryable,
  listener: Omit<StoredListener, "jobsHandled" | "disconnectedAt">,
): Promise<boolean> {
  const data = JSON.stringify(announcementOf(listener));
  const inserted = await execute(
    db,
    `INSERT INTO listeners (id, ${LISTENER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, NULL, 0)
     ON CONFLICT (id) DO NOTHING`,
    [listener.id, listener.environmentId, data, listener.instance, listener.connectedAt, listener.lastSeenAt],
  );
  if (inserted === 1) return true;
  const [connected] = await queryValues<boolean>(
    db,
    "SELECT disconnected_at IS NULL FROM listeners WHERE id = $1 FOR UPDATE",
    [listener.id],
  );
  await execute(
    db,
    `UPDATE listeners SET environment_id = $2, data = $3, instance = $4, last_seen_at = $6, disconnected_at = NULL,
       connected_at = CASE WHEN disconnected_at IS NULL THEN connected_at ELSE $5 END
     WHERE id = $1`,
    [listener.id, listener.environmentId, data, listener.instance, listener.connectedAt, listener.lastSeenAt],
  );
  return connected !== true;
}

/**
 * One UPDATE: a second instance's UPDATE of the same rows waits for the first to commit, then reads them again and
 * skips those it disconnected, so each listener is answered once.
 */
export async function disconnectListeners(
  db: Queryable,
  selection: ListenerSelection,
  at: string,
): Promise<StoredListener[]> {
  const params = new Params();
  const set = params.p(at);
  const conditions = ["disconnected_at IS NULL"];
  if (selection.ids) conditions.push(`id = ANY(${params.p([...selection.ids])}::text[])`);
  if (selection.instance !== undefined) conditions.push(`instance = ${params.p(selection.instance)}`);
  if (selection.lastSeenBefore !== undefined)
    conditions.push(`last_seen_at < ${params.p(selection.lastSeenBefore)}`);
  const rows = await queryRows<ListenerRow>(
    db,
    `UPDATE listeners SET disconnected_at = ${set} WHERE ${conditions.join(" AND ")}
     RETURNING ${LISTENER_COLUMNS}, id`,
    params.values,
  );
  return rows.map(toStoredListener);
}

export function touchListeners(
  db: Queryable,
  ids: readonly string[],
  instance: string,
  at: string,
): Promise<number> {
  return execute(
    db,
    `UPDATE listeners SET last_seen_at = $1
     WHERE id = ANY($2::text[]) AND instance = $3 AND disconnected_at IS NULL`,
    [at, [...ids], instance],
  );
}

export async function countJobsHandled(db: Queryable, counts: ReadonlyMap<string, number>): Promise<void> {
  if (counts.size === 0) return;
  await execute(
    db,
    `UPDATE listeners SET jobs_handled = listeners.jobs_handled + c.count
     FROM unnest($1::text[], $2::bigint[]) AS c(id, count) WHERE listeners.id = c.id`,
    [[...counts.keys()], [...counts.values()]],
  );
}

export function pruneListeners(db: Queryable, disconnectedBefore: string, limit: number): Promise<number> {
  return execute(
    db,
    `DELETE FROM listeners WHERE id IN
       (SELECT id FROM listeners WHERE disconnected_at < $1 ORDER BY disconnected_at LIMIT $2)`,
    [disconnectedBefore, limit],
  );
}
