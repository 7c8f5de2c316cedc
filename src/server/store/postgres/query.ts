import type pg from "pg";
import type { Page } from "../store";

/** A pool (reads outside transactions: each query sees committed data) or the client of an open transaction. */
export type Queryable = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

/** Collects parameters while a statement is built; `p(value)` adds one and returns its placeholder (`$n`). */
export class Params {
  readonly values: unknown[] = [];

  p(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Builds a WHERE clause from the filters that are set; `!value` means "no filter", as in the memory store. */
export function where(conditions: [boolean, () => string][]): string {
  const parts = conditions.filter(([active]) => active).map(([, sql]) => sql());
  return parts.length > 0 ? ` WHERE ${parts.join(" AND ")}` : "";
}

export async function queryRows<T>(db: Queryable, sql: string, params: unknown[] = []): Promise<T[]> {
  const result = await db.query(sql, params);
  return result.rows as T[];
}

/** The first column of each row. */
export async function queryValues<T>(db: Queryable, sql: string, params: unknown[] = []): Promise<T[]> {
  const result = await db.query({ text: sql, values: params, rowMode: "array" });
  return (result.rows as unknown[][]).map((row) => row[0] as T);
}

export async function execute(db: Queryable, sql: string, params: unknown[] = []): Promise<number> {
  const result = await db.query(sql, params);
  return result.rowCount ?? 0;
}

/**
 * Counts the matches (every one, or up to `countLimit`) and reads one page, in ONE statement, so that both come from
 * one snapshot and agree even outside a transaction. `item` is the JSON expression of one item (mapped by `map`),
 * `order` the ORDER BY of the page. `json_agg` keeps each document's text, and so its key order. The matches are
 * not materialized: the page then reads its rows through an index in its order and stops after them, and the count
 * reads no document.
 */
export async function readPage<T>(
  db: Queryable,
  params: Params,
  from: string,
  order: string,
  q: { limit: number; offset: number; countLimit?: number },
  item = "data",
  map: (item: never) => T = (item) => item,
): Promise<Page<T>> {
  const counted =
    q.countLimit === undefined
      ? "matches"
      : `(SELECT 1 FROM matches LIMIT ${params.p(Math.max(0, q.countLimit))}) AS c`;
  const sql = `
    WITH matches AS NOT MATERIALIZED (SELECT * FROM ${from}),
    page AS (
      SELECT ${item} AS item, row_number() OVER (ORDER BY ${order}) AS n
      FROM matches ORDER BY ${order} LIMIT ${params.p(q.limit)} OFFSET ${params.p(q.offset)}
    )
    SELECT (SELECT COUNT(*) FROM ${counted})::int AS total,
           COALESCE((SELECT json_agg(item ORDER BY n) FROM page), '[]'::json) AS items`;
  const [row] = await queryRows<{ total: number; items: never[] }>(db, sql, params.values);
  return { items: (row?.items ?? []).map(map), total: row?.total ?? 0 };
}

/**
 * `readPage`, but a first page counted only up to a limit (`countLimit`, as a search's or a keyset page's is) is
 * read once: the matches up to that limit in the page's order are both the page and its count, so a search that
 * reads many jobs to find its matches reads them once rather than twice.
 */
export async function readCountedPage<T>(
  db: Queryable,
  params: Params,
  from: string,
  order: string,
  q: { limit: number; offset: number; countLimit?: number },
  item = "data",
  map: (item: never) => T = (item) => item,
): Promise<Page<T>> {
  if (q.countLimit === undefined || q.offset !== 0) return readPage(db, params, from, order, q, item, map);
  const read = Math.max(q.limit, q.countLimit, 0);
  const sql = `
    SELECT COUNT(*)::int AS total,
           COALESCE(json_agg(item ORDER BY n) FILTER (WHERE n <= ${params.p(q.limit)}), '[]'::json) AS items
    FROM (SELECT ${item} AS item, row_number() OVER (ORDER BY ${order}) AS n
          FROM ${from} ORDER BY ${order} LIMIT ${params.p(read)}) AS listed`;
  const [row] = await queryRows<{ total: number; items: never[] }>(db, sql, params.values);
  const total = Math.min(row?.total ?? 0, Math.max(0, q.countLimit));
  return { items: (row?.items ?? []).map(map), total };
}

/** A transaction's client whose statements are sent one at a time, in call order (see `serialClient`). */
export type SerialClient = Pick<pg.PoolClient, "query"> & {
  /**
   * Queues a simple statement whose text `build` gives when its turn comes: what is asked for while the statements
   * before it run can still go into it.
   */
  queryWhenSent(build: () => string): Promise<pg.QueryResult | pg.QueryResult[]>;
};

/**
 * A transaction's client on which queries never overlap: each is sent when the one before has answered (or
 * failed), in call order, however the work awaits them (the job service reads a job's predecessors at once).
 * node-postgres queues overlapping queries itself, but warns that its 9th version will not; sending the next one
 * from the answer's own microtask costs no event-loop turn.
 */
export function serialClient(client: pg.PoolClient): SerialClient {
  let last: Promise<unknown> = Promise.resolve();
  const send = <T>(next: () => Promise<T>): Promise<T> => {
    const sent = last.then(next);
    last = sent.catch(() => undefined);
    return sent;
  };
  const query = (...args: unknown[]) =>
    send(() => (client.query as (...rest: unknown[]) => Promise<unknown>)(...args));
  const queryWhenSent = (build: () => string) =>
    send(() => client.query(build()) as unknown as Promise<pg.QueryResult | pg.QueryResult[]>);
  return { query, queryWhenSent } as unknown as SerialClient;
}
