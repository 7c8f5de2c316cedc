import type {
  CellScalar,
  RecordCounts,
  SheetRecord,
  Snapshot,
  SpaceDocument,
  SpaceFile,
} from "../../../core";
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
import { CellValueReader } from "../record-json";
import { Params, queryRows, queryValues, readPage, where, type Queryable } from "./query";

/** The JSON path (`#>`) of a field's cell value. */
export const cellPath = (key: string): string[] => ["values", key, "value"];

/**
 * Orders a cell value (`value`, a JSON expression) as SQLite orders `json_extract` results, which is what the
 * memory store imitates: empty (missing or null) first, then numbers with booleans as 0/1, numerically, then text
 * by code point (UTF-8 bytes: `COLLATE "C"`).
 */
export function cellOrder(value: string, direction: "ASC" | "DESC"): string {
  const type = `json_typeof(${value})`;
  const scalar = `(${value} #>> '{}')`;
  return [
    `(CASE WHEN ${value} IS NULL OR ${type} = 'null' THEN 0 WHEN ${type} IN ('number', 'boolean') THEN 1 ELSE 2 END) ${direction}`,
    `(CASE ${type} WHEN 'number' THEN ${scalar}::numeric WHEN 'boolean' THEN (CASE WHEN ${scalar} = 'true' THEN 1 ELSE 0 END) END) ${direction}`,
    `(CASE WHEN ${type} = 'string' THEN ${scalar} WHEN ${type} IN ('object', 'array') THEN (${value})::text END) COLLATE "C" ${direction}`,
  ].join(", ");
}

/** The WHERE clause of a selection walked after `after`, in the same terms as `listRecords` (reads and deletes). */
export function selectionWhere(
  params: Params,
  sheetId: string,
  s: RecordSelection,
  after: RecordCursor | undefined,
): string {
  const needle = s.searchValue ? s.searchValue.toLowerCase() : undefined;
  const field = s.searchField || undefined;
  return where([
    [true, () => `sheet_id = ${params.p(sheetId)}`],
    [after !== undefined, () => `seq > ${params.p(after)}`],
    [s.filter === "valid", () => "valid"],
    [s.filter === "error", () => "NOT valid"],
    [s.includeIds !== undefined, () => `id = ANY(${params.p(s.includeIds ?? [])}::text[])`],
    [!!s.excludeIds?.length, () => `NOT (id = ANY(${params.p(s.excludeIds ?? [])}::text[]))`],
    [needle !== undefined && field === undefined, () => `strpos(search_text, ${params.p(needle)}) > 0`],
    [
      needle !== undefined && field !== undefined,
      () => `strpos(search_fields ->> ${params.p(field)}::text, ${params.p(needle)}) > 0`,
    ],
  ]);
}

/**
 * Reads of workbooks, sheets, records, documents, files and snapshots, over the pool outside transactions and
 * over the transaction's client inside them. Search and sort follow `record-values.ts`, as the memory store does.
 */
export class ResourceReader {
  constructor(protected readonly db: Queryable) {}

  async #get<T>(sql: string, id: string): Promise<T | undefined> {
    const [data] = await queryValues<T>(this.db, sql, [id]);
    return data;
  }

  #all<T>(sql: string, ...params: unknown[]): Promise<T[]> {
    return queryValues<T>(this.db, sql, params);
  }

  getWorkbook(id: string): Promise<StoredWorkbook | undefined> {
    return this.#get("SELECT data FROM workbooks WHERE id = $1", id);
  }

  listWorkbooks(q: WorkbookQuery): Promise<Page<StoredWorkbook>> {
    const params = new Params();
    const filter = where([
      [!!q.spaceId, () => `space_id = ${params.p(q.spaceId)}`],
      [!!q.environmentId, () => `environment_id = ${params.p(q.environmentId)}`],
    ]);
    return readPage(this.db, params, `workbooks${filter}`, "seq", q);
  }

  getSheet(id: string): Promise<StoredSheet | undefined> {
    return this.#get("SELECT data FROM sheets WHERE id = $1", id);
  }

  listSheets(workbookId: string): Promise<StoredSheet[]> {
    return this.#all("SELECT data FROM sheets WHERE workbook_id = $1 ORDER BY seq", workbookId);
  }

  listRecords(sheetId: string, q: RecordQuery): Promise<Page<SheetRecord>> {
    const needle = q.searchValue ? q.searchValue.toLowerCase() : undefined;
    const field = q.searchField || undefined;
    const params = new Params();
    const filter = where([
      [true, () => `sheet_id = ${params.p(sheetId)}`],
      [q.filter === "valid", () => "valid"],
      [q.filter === "error", () => "NOT valid"],
      [q.ids !== undefined, () => `id = ANY(${params.p(q.ids ?? [])}::text[])`],
      [needle !== undefined && field === undefined, () => `strpos(search_text, ${params.p(needle)}) > 0`],
      [
        needle !== undefined && field !== undefined,
        () => `strpos(search_fields ->> ${params.p(field)}::text, ${params.p(needle)}) > 0`,
      ],
    ]);
    const direction = q.sortDirection === "desc" ? "DESC" : "ASC";
    const order = q.sortField
      ? `${cellOrder(`(data #> ${params.p(cellPath(q.sortField))}::text[])`, direction)}, seq ${direction}`
      : "seq";
    return readPage(this.db, params, `records${filter}`, order, q);
  }

  readRecordsAfter(sheetId: string, afterId: string | undefined, limit: number): Promise<SheetRecord[]> {
    return afterId === undefined
      ? queryValues<SheetRecord>(
          this.db,
          "SELECT data FROM records WHERE sheet_id = $1 ORDER BY seq LIMIT $2",
          [sheetId, limit],
        )
      : queryValues<SheetRecord>(
          this.db,
          `SELECT data FROM records WHERE sheet_id = $1
             AND seq > (SELECT seq FROM records WHERE id = $2 AND sheet_id = $1) ORDER BY seq LIMIT $3`,
          [sheetId, afterId, limit],
        );
  }

  async #readSelected<T>(
    column: "data" | "id",
    sheetId: string,
    s: RecordSelection,
    after: RecordCursor | undefined,
    limit: number,
  ): Promise<RecordChunk<T>> {
    const params = new Params();
    const filter = selectionWhere(params, sheetId, s, after);
    const rows = await queryRows<{ seq: string; value: T }>(
      this.db,
      `SELECT seq, ${column} AS value FROM records${filter} ORDER BY seq LIMIT ${params.p(limit)}`,
      params.values,
    );
    const last = rows.at(-1);
    return { items: rows.map((row) => row.value), ...(last ? { cursor: Number(last.seq) } : {}) };
  }

  readSelectedRecords(
    sheetId: string,
    selection: RecordSelection,
    after: RecordCursor | undefined,
    limit: number,
  ): Promise<RecordChunk<SheetRecord>> {
    return this.#readSelected("data", sheetId, selection, after, limit);
  }

  /**
   * The records' JSON as the text it was stored as (`data` is `json`, which keeps it), and only the asked cells'
   * values taken from it (`record-json.ts`). Taking them out in the database instead (`data #> path` per cell) was
   * several times slower: each `#>` on `json` parses the record's text again.
   */
  async readSelectedValues(
    sheetId: string,
    selection: RecordSelection,
    keys: readonly string[],
    after: RecordCursor | undefined,
    limit: number,
  ): Promise<RecordChunk<CellScalar[]>> {
    const params = new Params();
    const filter = selectionWhere(params, sheetId, selection, after);
    const rows = await queryRows<{ seq: string; data: string }>(
      this.db,
      `SELECT seq, data::text AS data FROM records${filter} ORDER BY seq LIMIT ${params.p(limit)}`,
      params.values,
    );
    const reader = new CellValueReader(keys);
    const last = rows.at(-1);
    return { items: rows.map((row) => reader.read(row.data)), ...(last ? { cursor: Number(last.seq) } : {}) };
  }

  readSelectedIds(
    sheetId: string,
    selection: RecordSelection,
    after: RecordCursor | undefined,
    limit: number,
  ): Promise<RecordChunk<string>> {
    return this.#readSelected("id", sheetId, selection, after, limit);
  }

  async countRecords(sheetId: string): Promise<RecordCounts> {
    const [row] = await queryRows<{ total: number; valid: number }>(
      this.db,
      "SELECT COUNT(*)::int AS total, (COUNT(*) FILTER (WHERE valid))::int AS valid FROM records WHERE sheet_id = $1",
      [sheetId],
    );
    const total = row?.total ?? 0;
    const valid = row?.valid ?? 0;
    return { total, valid, error: total - valid };
  }

  async listFieldValues(
    sheetId: string,
    fieldKey: string,
  ): Promise<{ id: string; value: CellScalar | undefined }[]> {
    // As text, so that a missing cell (SQL NULL) stays apart from a JSON null.
    const rows = await queryRows<{ id: string; value: string | null }>(
      this.db,
      "SELECT id, (data #> $1::text[])::text AS value FROM records WHERE sheet_id = $2 ORDER BY seq",
      [cellPath(fieldKey), sheetId],
    );
    return rows.map((row) => ({
      id: row.id,
      value: row.value === null ? undefined : (JSON.parse(row.value) as CellScalar),
    }));
  }

  getDocument(id: string): Promise<SpaceDocument | undefined> {
    return this.#get("SELECT data FROM documents WHERE id = $1", id);
  }

  listDocuments(spaceId: string): Promise<SpaceDocument[]> {
    return this.#all("SELECT data FROM documents WHERE space_id = $1 ORDER BY seq", spaceId);
  }

  getFile(id: string): Promise<SpaceFile | undefined> {
    return this.#get("SELECT data FROM files WHERE id = $1", id);
  }

  listFiles(q: FileQuery): Promise<Page<SpaceFile>> {
    const params = new Params();
    const filter = where([
      [!!q.spaceId, () => `space_id = ${params.p(q.spaceId)}`],
      [!!q.mode, () => `mode = ${params.p(q.mode)}`],
    ]);
    return readPage(this.db, params, `files${filter}`, "created_at DESC, seq DESC", q);
  }

  async sumFileBytes(spaceId: string): Promise<number> {
    const [row] = await queryRows<{ bytes: string }>(
      this.db,
      "SELECT COALESCE(SUM((data ->> 'size')::bigint), 0)::text AS bytes FROM files WHERE space_id = $1",
      [spaceId],
    );
    return Number(row?.bytes ?? 0);
  }

  getSnapshot(id: string): Promise<Snapshot | undefined> {
    return this.#get("SELECT data FROM snapshots WHERE id = $1", id);
  }

  listSnapshots(sheetId: string): Promise<Snapshot[]> {
    return this.#all(
      "SELECT data FROM snapshots WHERE sheet_id = $1 ORDER BY created_at DESC, seq DESC",
      sheetId,
    );
  }

  getSnapshotRecords(snapshotId: string): Promise<SheetRecord[]> {
    return this.#all("SELECT data FROM snapshot_records WHERE snapshot_id = $1 ORDER BY ord", snapshotId);
  }

  async readSnapshotRecords(
    snapshotId: string,
    afterOrd: number | undefined,
    limit: number,
  ): Promise<SnapshotRecord[]> {
    const rows = await queryRows<{ ord: number; seq: string | null; data: SheetRecord }>(
      this.db,
      "SELECT ord, seq, data FROM snapshot_records WHERE snapshot_id = $1 AND ord > $2 ORDER BY ord LIMIT $3",
      [snapshotId, afterOrd ?? -1, limit],
    );
    return rows.map(({ ord, seq, data }) => ({
      ord,
      ...(seq === null ? {} : { seq: Number(seq) }),
      record: data,
    }));
  }
}
