import type Database from "better-sqlite3";
import type { Page } from "../store";

export type Param = string | number | null;

/** One better-sqlite3 connection and its prepared statements, each prepared once and reused. */
export class Connection {
  // One map per kind, keyed by the text itself: a constant's hash is computed once, where a key built per call
  // ("r:" + text) is a new string to hash on every statement.
  readonly #rows = new Map<string, Database.Statement<Param[]>>();
  readonly #values = new Map<string, Database.Statement<Param[]>>();

  constructor(readonly db: Database.Database) {}

  /** A statement returning rows as objects. */
  rows(sql: string): Database.Statement<Param[]> {
    return this.#prepare(sql, false);
  }

  /** A statement returning the first column of each row. */
  values(sql: string): Database.Statement<Param[]> {
    return this.#prepare(sql, true);
  }

  #prepare(sql: string, pluck: boolean): Database.Statement<Param[]> {
    const statements = pluck ? this.#values : this.#rows;
    let statement = statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<Param[]>(sql);
      if (pluck) statement.pluck();
      statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `read` so that all its statements see one snapshot (a savepoint when a transaction is already open). */
  snapshot<T>(read: () => T): T {
    return this.db.inTransaction ? read() : this.db.transaction(read).deferred();
  }
}

/** Builds a WHERE clause from the filters that are set; `!value` means "no filter", as in the memory store. */
export function where(conditions: [boolean, string, ...Param[]][]): { sql: string; params: Param[] } {
  const parts: string[] = [];
  const params: Param[] = [];
  for (const [active, sql, ...values] of conditions) {
    if (!active) continue;
    parts.push(sql);
    params.push(...values);
  }
  return { sql: parts.length > 0 ? ` WHERE ${parts.join(" AND ")}` : "", params };
}

/**
 * `SELECT COUNT(*) FROM <from>` (a table and its WHERE clause), or with a `countLimit` a count that stops after that
 * many matches, so that it reads no more rows than the page it goes with (0 reads none).
 */
export function countMatches(conn: Connection, from: string, params: Param[], countLimit?: number): number {
  if (countLimit === undefined) return conn.values(`SELECT COUNT(*) FROM ${from}`).get(...params) as number;
  if (countLimit <= 0) return 0;
  return conn
    .values(`SELECT COUNT(*) FROM (SELECT 1 FROM ${from} LIMIT ?)`)
    .get(...params, countLimit) as number;
}

/** Counts every match and reads one page of `data` columns, both from one snapshot so that they agree. */
export function readPage<T>(
  conn: Connection,
  countSql: string,
  selectSql: string,
  params: Param[],
  q: { limit: number; offset: number },
  parse: (data: string) => T,
  orderParams: Param[] = [],
): Promise<Page<T>> {
  return Promise.resolve(
    conn.snapshot(() => {
      const total = conn.values(countSql).get(...params) as number;
      const rows = conn.values(selectSql).all(...params, ...orderParams, q.limit, q.offset) as string[];
      return { items: rows.map(parse), total };
    }),
  );
}
