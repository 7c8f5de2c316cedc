import type {
  CellScalar,
  RecordCounts,
  SheetRecord,
  Snapshot,
  SpaceDocument,
  SpaceFile,
} from "../../../core";
import { CellValueReader } from "../record-json";
import { fieldValuePath } from "../record-values";
import type {
  FileQuery,
  Page,
  RecordChunk,
  RecordCursor,
  RecordQuery,
  RecordSelection,
  SnapshotRecord,
  StoredSheet,
  StoredWorkbook,
  WorkbookQuery,
} from "../store";
import { readPage, where, type Connection, type Param } from "./connection";

const parse = <T>(data: string): T => JSON.parse(data) as T;

/** A cell value read with `->` (JSON text, so booleans stay booleans); SQL NULL when the cell or value is missing. */
const parseValue = (json: string | null): CellScalar | undefined =>
  json === null ? undefined : (JSON.parse(json) as CellScalar);

/**
 * The records of a sheet: those under its key (`records_key`, NULL meaning its id), resolved in the statement, so a
 * read never sees half a hand-over. Its two parameters are the sheet's id.
 */
export const SHEET_RECORDS = "sheet_id = IFNULL((SELECT records_key FROM sheets WHERE id = ?), ?)";

/** The WHERE clause of a selection walked after `after`, in the same terms as `listRecords` (reads and deletes). */
export function selectionWhere(sheetId: string, s: RecordSelection, after: RecordCursor | undefined) {
  const needle = s.searchValue ? s.searchValue.toLowerCase() : undefined;
  const field = s.searchField || undefined;
  return where([
    [true, SHEET_RECORDS, sheetId, sheetId],
    [after !== undefined, "seq > ?", after ?? null],
    [s.filter === "valid", "valid = 1"],
    [s.filter === "error", "valid = 0"],
    [
      s.includeIds !== undefined,
      "id IN (SELECT value FROM json_each(?))",
      JSON.stringify(s.includeIds ?? []),
    ],
    [
      !!s.excludeIds?.length,
      "id NOT IN (SELECT value FROM json_each(?))",
      JSON.stringify(s.excludeIds ?? []),
    ],
    [needle !== undefined && field === undefined, "instr(search_text, ?) > 0", needle ?? null],
    [
      needle !== undefined && field !== undefined,
      "cell_contains(data -> ?, ?) = 1",
      field === undefined ? null : fieldValuePath(field),
      needle ?? null,
    ],
  ]);
}

/**
 * Reads of workbooks, sheets, records, documents, files and snapshots over one connection (the reader outside
 * transactions, the writer inside them). Search and sort follow `record-values.ts`, as the memory store does.
 */
export class ResourceReader {
  /** Index entries a record count reads before it lets the event loop run (about 10 ms of reading). */
  static countStep = 100_000;

  constructor(protected readonly conn: Connection) {}

  #get<T>(sql: string, id: string): T | undefined {
    const data = this.conn.values(sql).get(id) as string | undefined;
    return data === undefined ? undefined : parse<T>(data);
  }

  #all<T>(sql: string, ...params: Param[]): T[] {
    return (this.conn.values(sql).all(...params) as string[]).map(parse<T>);
  }

  async getWorkbook(id: string): Promise<StoredWorkbook | undefined> {
    return this.#get("SELECT data FROM workbooks WHERE id = ?", id);
  }

  async listWorkbooks(q: WorkbookQuery): Promise<Page<StoredWorkbook>> {
    const filter = where([
      [!!q.spaceId, "space_id = ?", q.spaceId ?? null],
      [!!q.environmentId, "environment_id = ?", q.environmentId ?? null],
    ]);
    return readPage(
      this.conn,
      `SELECT COUNT(*) FROM workbooks${filter.sql}`,
      `SELECT data FROM workbooks${filter.sql} ORDER BY seq LIMIT ? OFFSET ?`,
      filter.params,
      q,
      parse<StoredWorkbook>,
    );
  }

  async getSheet(id: string): Promise<StoredSheet | undefined> {
    return this.#get("SELECT data FROM sheets WHERE id = ?", id);
  }

  async listSheets(workbookId: string): Promise<StoredSheet[]> {
    return this.#all("SELECT data FROM sheets WHERE workbook_id = ? ORDER BY seq", workbookId);
  }

  async listRecords(sheetId: string, q: RecordQuery): Promise<Page<SheetRecord>> {
    const needle = q.searchValue ? q.searchValue.toLowerCase() : undefined;
    const field = q.searchField || undefined;
    const filter = where([
      [true, SHEET_RECORDS, sheetId, sheetId],
      [q.filter === "valid", "valid = 1"],
      [q.filter === "error", "valid = 0"],
      [q.ids !== undefined, "id IN (SELECT value FROM json_each(?))", JSON.stringify(q.ids ?? [])],
      [needle !== undefined && field === undefined, "instr(search_text, ?) > 0", needle ?? null],
      [
        needle !== undefined && field !== undefined,
        "cell_contains(data -> ?, ?) = 1",
        field === undefined ? null : fieldValuePath(field),
        needle ?? null,
      ],
    ]);
    const direction = q.sortDirection === "desc" ? "DESC" : "ASC";
    // With ids, `+seq` keeps the planner on the primary key (a lookup per id) rather than walking the sheet in order.
    const seq = q.ids === undefined ? "seq" : "+seq";
    const order = q.sortField ? `json_extract(data, ?) ${direction}, seq ${direction}` : seq;
    return readPage(
      this.conn,
      `SELECT COUNT(*) FROM records${filter.sql}`,
      `SELECT data FROM records${filter.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
      filter.params,
      q,
      parse<SheetRecord>,
      q.sortField ? [fieldValuePath(q.sortField)] : [],
    );
  }

  async readRecordsAfter(
    sheetId: string,
    afterId: string | undefined,
    limit: number,
  ): Promise<SheetRecord[]> {
    const rows = (
      afterId === undefined
        ? this.conn
            .values(`SELECT data FROM records WHERE ${SHEET_RECORDS} ORDER BY seq LIMIT ?`)
            .all(sheetId, sheetId, limit)
        : this.conn
            .values(
              `SELECT data FROM records WHERE ${SHEET_RECORDS}
                 AND seq > (SELECT seq FROM records WHERE ${SHEET_RECORDS} AND id = ?) ORDER BY seq LIMIT ?`,
            )
            .all(sheetId, sheetId, sheetId, sheetId, afterId, limit)
    ) as string[];
    return rows.map((data) => parse<SheetRecord>(data));
  }

  #readSelected<T>(
    column: "data" | "id",
    sheetId: string,
    selection: RecordSelection,
    after: RecordCursor | undefined,
    limit: number,
    map: (value: string) => T,
  ): RecordChunk<T> {
    const filter = selectionWhere(sheetId, selection, after);
    const rows = this.conn
      .rows(`SELECT seq, ${column} AS value FROM records${filter.sql} ORDER BY seq LIMIT ?`)
      .raw(true)
      .all(...filter.params, limit) as [number, string][];
    const last = rows.at(-1);
    // The hint is checked on the stored JSON text, before any parse: most rows of a find are dropped unparsed.
    const hint = column === "data" ? selection.containsHint : undefined;
    if (hint === undefined || hint === "")
      return { items: rows.map((row) => map(row[1])), ...(last ? { cursor: last[0] } : {}) };
    const items: T[] = [];
    for (const row of rows) if (row[1].includes(hint)) items.push(map(row[1]));
    return { items, scanned: rows.length, ...(last ? { cursor: last[0] } : {}) };
  }

  async readSelectedRecords(
    sheetId: string,
    selection: RecordSelection,
    after: RecordCursor | undefined,
    limit: number,
  ): Promise<RecordChunk<SheetRecord>> {
    return this.#readSelected("data", sheetId, selection, after, limit, parse<SheetRecord>);
  }

  /** The records' JSON text read as it is stored, and only the asked cells' values taken from it (`record-json.ts`). */
  async readSelectedValues(
    sheetId: string,
    selection: RecordSelection,
    keys: readonly string[],
    after: RecordCursor | undefined,
    limit: number,
  ): Promise<RecordChunk<CellScalar[]>> {
    const reader = new CellValueReader(keys);
    const { containsHint: _, ...exact } = selection;
    return this.#readSelected("data", sheetId, exact, after, limit, (data) => reader.read(data));
  }

  async readSelectedIds(
    sheetId: string,
    selection: RecordSelection,
    after: RecordCursor | undefined,
    limit: number,
  ): Promise<RecordChunk<string>> {
    return this.#readSelected("id", sheetId, selection, after, limit, (id) => id);
  }

  /**
   * Counted in steps of `ResourceReader.countStep` index entries with the event loop let run between them: one
   * statement over a million records held the loop for about 100 ms (health checks and every other request waited).
   * The key is resolved once. Inside a transaction the steps see one state; outside one, writes committed between
   * steps may be counted or not, as with any count taken while records change.
   */
  async countRecords(sheetId: string): Promise<RecordCounts> {
    const key =
      (this.conn.values("SELECT IFNULL(records_key, id) FROM sheets WHERE id = ?").get(sheetId) as
        string | undefined) ?? sheetId;
    const step = this.conn.rows(
      "SELECT COUNT(*) AS n, MAX(seq) AS last FROM (SELECT seq FROM records WHERE sheet_id = ? AND valid = ? AND seq > ? ORDER BY seq LIMIT ?)",
    );
    const counted: [number, number] = [0, 0];
    for (const valid of [0, 1] as const) {
      let after = 0;
      for (;;) {
        const { n, last } = step.get(key, valid, after, ResourceReader.countStep) as {
          n: number;
          last: number;
        };
        counted[valid] += n;
        if (n < ResourceReader.countStep) break;
        after = last;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    const [error, valid] = counted;
    return { total: error + valid, valid, error };
  }

  async listFieldValues(
    sheetId: string,
    fieldKey: string,
  ): Promise<{ id: string; value: CellScalar | undefined }[]> {
    const rows = this.conn
      .rows(`SELECT id, data -> ? AS value FROM records WHERE ${SHEET_RECORDS} ORDER BY seq`)
      .all(fieldValuePath(fieldKey), sheetId, sheetId) as { id: string; value: string | null }[];
    return rows.map((row) => ({ id: row.id, value: parseValue(row.value) }));
  }

  async getDocument(id: string): Promise<SpaceDocument | undefined> {
    return this.#get("SELECT data FROM documents WHERE id = ?", id);
  }

  async listDocuments(spaceId: string): Promise<SpaceDocument[]> {
    return this.#all("SELECT data FROM documents WHERE space_id = ? ORDER BY seq", spaceId);
  }

  async getFile(id: string): Promise<SpaceFile | undefined> {
    return this.#get("SELECT data FROM files WHERE id = ?", id);
  }

  async listFiles(q: FileQuery): Promise<Page<SpaceFile>> {
    const filter = where([
      [!!q.spaceId, "space_id = ?", q.spaceId ?? null],
      [!!q.mode, "mode = ?", q.mode ?? null],
    ]);
    return readPage(
      this.conn,
      `SELECT COUNT(*) FROM files${filter.sql}`,
      `SELECT data FROM files${filter.sql} ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?`,
      filter.params,
      q,
      parse<SpaceFile>,
    );
  }

  async sumFileBytes(spaceId: string): Promise<number> {
    const row = this.conn
      .rows("SELECT COALESCE(SUM(data ->> '$.size'), 0) AS bytes FROM files WHERE space_id = ?")
      .get(spaceId) as { bytes: number };
    return Number(row.bytes);
  }

  async getSnapshot(id: string): Promise<Snapshot | undefined> {
    return this.#get("SELECT data FROM snapshots WHERE id = ?", id);
  }

  async listSnapshots(sheetId: string): Promise<Snapshot[]> {
    return this.#all(
      "SELECT data FROM snapshots WHERE sheet_id = ? ORDER BY created_at DESC, seq DESC",
      sheetId,
    );
  }

  /** The key of the records handed to a snapshot (decision 033); undefined for a copied snapshot. */
  #snapshotKey(snapshotId: string): string | undefined {
    return (
      (this.conn.values("SELECT records_key FROM snapshots WHERE id = ?").get(snapshotId) as
        string | null | undefined) ?? undefined
    );
  }

  async getSnapshotRecords(snapshotId: string): Promise<SheetRecord[]> {
    const key = this.#snapshotKey(snapshotId);
    if (key !== undefined) return this.#all("SELECT data FROM records WHERE sheet_id = ? ORDER BY seq", key);
    return this.#all("SELECT data FROM snapshot_records WHERE snapshot_id = ? ORDER BY ord", snapshotId);
  }

  async readSnapshotRecords(
    snapshotId: string,
    afterOrd: number | undefined,
    limit: number,
  ): Promise<SnapshotRecord[]> {
    const key = this.#snapshotKey(snapshotId);
    if (key !== undefined) return this.#readHandedOver(snapshotId, key, (afterOrd ?? -1) + 1, limit);
    const rows = this.conn
      .rows(
        "SELECT ord, seq, data FROM snapshot_records WHERE snapshot_id = ? AND ord > ? ORDER BY ord LIMIT ?",
      )
      .raw(true)
      .all(snapshotId, afterOrd ?? -1, limit) as [number, number | null, string][];
    return rows.map(([ord, seq, data]) => ({
      ord,
      ...(seq === null ? {} : { seq }),
      record: parse<SheetRecord>(data),
    }));
  }

  /**
   * A page of a handed-over snapshot from `ord` on: the announced chunk holding `ord` says where its records start,
   * and the key's records follow each other from there (nothing is added to or removed from a snapshot's key).
   */
  #readHandedOver(snapshotId: string, key: string, ord: number, limit: number): SnapshotRecord[] {
    const range = this.conn
      .rows(
        "SELECT first_ord, first_seq FROM snapshot_ranges WHERE snapshot_id = ? AND first_ord <= ? ORDER BY first_ord DESC LIMIT 1",
      )
      .raw(true)
      .get(snapshotId, ord) as [number, number] | undefined;
    if (!range) return [];
    const rows = this.conn
      .rows("SELECT seq, data FROM records WHERE sheet_id = ? AND seq >= ? ORDER BY seq LIMIT ? OFFSET ?")
      .raw(true)
      .all(key, range[1], limit, ord - range[0]) as [number, string][];
    return rows.map(([seq, data], i) => ({ ord: ord + i, seq, record: parse<SheetRecord>(data) }));
  }
}
