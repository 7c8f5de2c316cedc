import type { SheetRecord, Snapshot, SpaceDocument, SpaceFile } from "../../../core";
import { recordSearchText } from "../record-values";
import type {
  PlacedRecord,
  RecordChunk,
  RecordCursor,
  RecordSelection,
  StoredSheet,
  StoredWorkbook,
} from "../store";
import { SHEET_RECORDS, selectionWhere } from "./resource-reader";
import type { Connection } from "./connection";

/** Records per INSERT statement of a bulk insert (6 parameters each, well under SQLite's limit of 32,766). */
const RECORDS_PER_INSERT = 50;

/**
 * Writes of workbooks, sheets, records, documents, files and snapshots on the writer connection, inside the open
 * transaction. `nextSeq` hands out the shared insertion counter; records number themselves per sheet instead, so a
 * large insert costs one statement per record and nothing more.
 */
export class ResourceWriter {
  constructor(
    private readonly conn: Connection,
    private readonly nextSeq: () => number,
  ) {}

  #run(sql: string, ...params: (string | number | null)[]): number {
    return this.conn.rows(sql).run(...params).changes;
  }

  insertWorkbook(workbook: StoredWorkbook): void {
    this.#run(
      "INSERT INTO workbooks (id, space_id, environment_id, seq, data) VALUES (?, ?, ?, ?, ?)",
      workbook.id,
      workbook.spaceId,
      workbook.environmentId,
      this.nextSeq(),
      JSON.stringify(workbook),
    );
  }

  updateWorkbook(workbook: StoredWorkbook): boolean {
    const sql = "UPDATE workbooks SET space_id = ?, environment_id = ?, data = ? WHERE id = ?";
    return (
      this.#run(sql, workbook.spaceId, workbook.environmentId, JSON.stringify(workbook), workbook.id) === 1
    );
  }

  deleteWorkbook(id: string): boolean {
    const sheetIds = this.conn.values("SELECT id FROM sheets WHERE workbook_id = ?").all(id) as string[];
    for (const sheetId of sheetIds) this.deleteSheet(sheetId);
    return this.#run("DELETE FROM workbooks WHERE id = ?", id) === 1;
  }

  insertSheet(sheet: StoredSheet): void {
    this.#run(
      "INSERT INTO sheets (id, workbook_id, space_id, seq, data) VALUES (?, ?, ?, ?, ?)",
      sheet.id,
      sheet.workbookId,
      sheet.spaceId,
      this.nextSeq(),
      JSON.stringify(sheet),
    );
  }

  updateSheet(sheet: StoredSheet): boolean {
    const sql = "UPDATE sheets SET workbook_id = ?, space_id = ?, data = ? WHERE id = ?";
    return this.#run(sql, sheet.workbookId, sheet.spaceId, JSON.stringify(sheet), sheet.id) === 1;
  }

  deleteSheet(id: string): boolean {
    this.#run(`DELETE FROM records WHERE ${SHEET_RECORDS}`, id, id);
    for (const snapshotId of this.#snapshotIds("sheet_id", id)) this.deleteSnapshot(snapshotId);
    return this.#run("DELETE FROM sheets WHERE id = ?", id) === 1;
  }

  /** The snapshots of a sheet or space, with those whose records are handed over and whose row is not written yet. */
  #snapshotIds(column: "sheet_id" | "space_id", value: string): string[] {
    return this.conn
      .values(
        `SELECT id FROM snapshots WHERE ${column} = ? UNION SELECT snapshot_id FROM record_hand_overs WHERE ${column} = ?`,
      )
      .all(value, value) as string[];
  }

  /** Where the sheet's records are (`records.sheet_id`): its key, resolved once per write in the transaction. */
  #key(sheetId: string): string {
    return this.conn
      .values("SELECT IFNULL((SELECT records_key FROM sheets WHERE id = ?), ?)")
      .get(sheetId, sheetId) as string;
  }

  /** Deletes the space's workbooks, sheets (with records and snapshots), documents and files. */
  deleteSpaceResources(spaceId: string): void {
    const sheetIds = this.conn
      .values(
        "SELECT id FROM sheets WHERE space_id = ? OR workbook_id IN (SELECT id FROM workbooks WHERE space_id = ?)",
      )
      .all(spaceId, spaceId) as string[];
    for (const sheetId of sheetIds) this.deleteSheet(sheetId);
    this.#run("DELETE FROM workbooks WHERE space_id = ?", spaceId);
    for (const snapshotId of this.#snapshotIds("space_id", spaceId)) this.deleteSnapshot(snapshotId);
    this.#run("DELETE FROM documents WHERE space_id = ?", spaceId);
    this.#run("DELETE FROM files WHERE space_id = ?", spaceId);
  }

  insertRecords(sheetId: string, records: SheetRecord[]): void {
    const key = this.#key(sheetId);
    const last = this.#lastSeq(key);
    this.#insertRows(
      key,
      records.map((record, index) => ({ record, seq: last + index + 1 })),
    );
  }

  insertRecordsAt(sheetId: string, records: PlacedRecord[]): void {
    if (records.length === 0) return;
    const key = this.#key(sheetId);
    const wanted = records.flatMap(({ seq }) => (seq === undefined ? [] : [seq]));
    const taken = new Set(
      this.conn
        .values("SELECT seq FROM records WHERE sheet_id = ? AND seq IN (SELECT value FROM json_each(?))")
        .all(key, JSON.stringify(wanted)) as number[],
    );
    // Places are per sheet and a deleted tail's are handed out again: a place taken since goes after the last.
    let last = Math.max(this.#lastSeq(key), ...wanted);
    this.#insertRows(
      key,
      records.map(({ record, seq }) => {
        const at = seq !== undefined && !taken.has(seq) ? seq : ++last;
        taken.add(at);
        return { record, seq: at };
      }),
    );
  }

  #lastSeq(key: string): number {
    return this.conn
      .values("SELECT COALESCE(MAX(seq), 0) FROM records WHERE sheet_id = ?")
      .get(key) as number;
  }

  #insertRows(key: string, rows: { record: SheetRecord; seq: number }[]): void {
    // Rows go in groups of RECORDS_PER_INSERT per statement: one call into SQLite per group, not per record.
    const insert = (count: number) =>
      this.conn.rows(
        `INSERT INTO records (id, sheet_id, seq, valid, search_text, data) VALUES ${Array(count).fill("(?, ?, ?, ?, ?, ?)").join(", ")}`,
      );
    const full = insert(RECORDS_PER_INSERT);
    for (let start = 0; start < rows.length; start += RECORDS_PER_INSERT) {
      const group = rows.slice(start, start + RECORDS_PER_INSERT);
      const params: (string | number)[] = [];
      for (const { record, seq } of group)
        params.push(
          record.id,
          key,
          seq,
          record.valid ? 1 : 0,
          recordSearchText(record),
          JSON.stringify(record),
        );
      (group.length === RECORDS_PER_INSERT ? full : insert(group.length)).run(...params);
    }
  }

  updateRecords(sheetId: string, records: SheetRecord[]): number {
    const key = this.#key(sheetId);
    const update = this.conn.rows(
      "UPDATE records SET valid = ?, search_text = ?, data = ? WHERE sheet_id = ? AND id = ?",
    );
    let updated = 0;
    for (const record of records) {
      updated += update.run(
        record.valid ? 1 : 0,
        recordSearchText(record),
        JSON.stringify(record),
        key,
        record.id,
      ).changes;
    }
    return updated;
  }

  deleteRecords(sheetId: string, ids: string[]): number {
    if (ids.length === 0) return 0;
    // One statement for the whole list: a delete job's chunk of 20,000 ids costs one call into SQLite, not 20,000.
    return this.#run(
      "DELETE FROM records WHERE sheet_id = ? AND id IN (SELECT value FROM json_each(?))",
      this.#key(sheetId),
      JSON.stringify(ids),
    );
  }

  deleteSelectedRecords(
    sheetId: string,
    selection: RecordSelection,
    after: RecordCursor | undefined,
    limit: number,
  ): RecordChunk<string> {
    const filter = selectionWhere(sheetId, selection, after);
    const rows = this.conn
      .rows(
        `DELETE FROM records WHERE rowid IN (SELECT rowid FROM records${filter.sql} ORDER BY seq LIMIT ?) RETURNING seq, id`,
      )
      .raw(true)
      .all(...filter.params, limit) as [number, string][];
    // RETURNING promises no order.
    rows.sort((a, b) => a[0] - b[0]);
    const last = rows.at(-1);
    return { items: rows.map((row) => row[1]), ...(last ? { cursor: last[0] } : {}) };
  }

  replaceRecords(sheetId: string, records: SheetRecord[]): void {
    this.#run("DELETE FROM records WHERE sheet_id = ?", this.#key(sheetId));
    this.insertRecords(sheetId, records);
  }

  insertDocument(document: SpaceDocument): void {
    this.#run(
      "INSERT INTO documents (id, space_id, seq, data) VALUES (?, ?, ?, ?)",
      document.id,
      document.spaceId,
      this.nextSeq(),
      JSON.stringify(document),
    );
  }

  updateDocument(document: SpaceDocument): boolean {
    const sql = "UPDATE documents SET space_id = ?, data = ? WHERE id = ?";
    return this.#run(sql, document.spaceId, JSON.stringify(document), document.id) === 1;
  }

  deleteDocument(id: string): boolean {
    return this.#run("DELETE FROM documents WHERE id = ?", id) === 1;
  }

  insertFile(file: SpaceFile): void {
    this.#run(
      "INSERT INTO files (id, space_id, mode, created_at, seq, data) VALUES (?, ?, ?, ?, ?, ?)",
      file.id,
      file.spaceId,
      file.mode,
      file.createdAt,
      this.nextSeq(),
      JSON.stringify(file),
    );
  }

  updateFile(file: SpaceFile): boolean {
    const sql = "UPDATE files SET space_id = ?, mode = ?, created_at = ?, data = ? WHERE id = ?";
    return this.#run(sql, file.spaceId, file.mode, file.createdAt, JSON.stringify(file), file.id) === 1;
  }

  deleteFile(id: string): boolean {
    return this.#run("DELETE FROM files WHERE id = ?", id) === 1;
  }

  insertSnapshot(snapshot: Snapshot, records: SheetRecord[]): void {
    const handed = this.conn
      .values("DELETE FROM record_hand_overs WHERE snapshot_id = ? RETURNING records_key")
      .get(snapshot.id) as string | undefined;
    if (handed !== undefined && records.length > 0)
      throw new Error(`snapshot ${snapshot.id} holds handed-over records and can take no copies`);
    this.#run(
      "INSERT INTO snapshots (id, sheet_id, space_id, created_at, seq, data, records_key) VALUES (?, ?, ?, ?, ?, ?, ?)",
      snapshot.id,
      snapshot.sheetId,
      snapshot.spaceId,
      snapshot.createdAt,
      this.nextSeq(),
      JSON.stringify(snapshot),
      handed ?? null,
    );
    const insert = this.conn.rows("INSERT INTO snapshot_records (snapshot_id, ord, data) VALUES (?, ?, ?)");
    const start = this.#nextOrd(snapshot.id);
    records.forEach((record, index) => insert.run(snapshot.id, start + index, JSON.stringify(record)));
  }

  /** The position after a snapshot's last frozen record (0 for none). */
  #nextOrd(snapshotId: string): number {
    return this.conn
      .values("SELECT COALESCE(MAX(ord) + 1, 0) FROM snapshot_records WHERE snapshot_id = ?")
      .get(snapshotId) as number;
  }

  copyRecordsToSnapshot(
    snapshotId: string,
    sheetId: string,
    after: number | undefined,
    limit: number,
  ): { copied: number; cursor?: number } {
    const key = this.#key(sheetId);
    // The chunk's last position first (from the index alone), then one INSERT ... SELECT of the rows up to it.
    const range = this.conn
      .rows(
        "SELECT COUNT(*) AS copied, MAX(seq) AS last FROM (SELECT seq FROM records WHERE sheet_id = ? AND seq > ? ORDER BY seq LIMIT ?)",
      )
      .get(key, after ?? 0, limit) as { copied: number; last: number | null };
    if (range.copied === 0 || range.last === null) return { copied: 0 };
    this.#run(
      `INSERT INTO snapshot_records (snapshot_id, ord, seq, data)
       SELECT ?, ? + row_number() OVER (ORDER BY seq) - 1, seq, data FROM records
       WHERE sheet_id = ? AND seq > ? AND seq <= ? ORDER BY seq`,
      snapshotId,
      this.#nextOrd(snapshotId),
      key,
      after ?? 0,
      range.last,
    );
    return { copied: range.copied, cursor: range.last };
  }

  deleteSnapshot(id: string): boolean {
    // Records handed over to it, whether its row is written yet or not (one statement for the whole snapshot).
    const keys = this.conn
      .values(
        `SELECT records_key FROM snapshots WHERE id = ? AND records_key IS NOT NULL
         UNION SELECT records_key FROM record_hand_overs WHERE snapshot_id = ?`,
      )
      .all(id, id) as string[];
    for (const key of keys) this.#run("DELETE FROM records WHERE sheet_id = ?", key);
    this.#run("DELETE FROM snapshot_ranges WHERE snapshot_id = ?", id);
    this.#run("DELETE FROM record_hand_overs WHERE snapshot_id = ?", id);
    this.#run("DELETE FROM snapshot_records WHERE snapshot_id = ?", id);
    return this.#run("DELETE FROM snapshots WHERE id = ?", id) === 1;
  }

  handOverRecords(sheetId: string, snapshotId: string): void {
    const sheet = this.conn
      .rows("SELECT IFNULL(records_key, id) AS key, space_id AS spaceId FROM sheets WHERE id = ?")
      .get(sheetId) as { key: string; spaceId: string } | undefined;
    if (!sheet) throw new Error(`sheet ${sheetId} not found`);
    // A fresh key, never a sheet's id nor another hand-over's: the snapshot's ids are unique.
    this.#run("UPDATE sheets SET records_key = ? WHERE id = ?", `${sheetId}/${snapshotId}`, sheetId);
    this.#run(
      "INSERT INTO record_hand_overs (snapshot_id, sheet_id, space_id, records_key) VALUES (?, ?, ?, ?)",
      snapshotId,
      sheetId,
      sheet.spaceId,
      sheet.key,
    );
  }

  announceHandedOverRecords(
    snapshotId: string,
    after: RecordCursor | undefined,
    ord: number,
    limit: number,
  ): RecordChunk<string> {
    const key = this.conn
      .values("SELECT records_key FROM record_hand_overs WHERE snapshot_id = ?")
      .get(snapshotId) as string | undefined;
    if (key === undefined) throw new Error(`snapshot ${snapshotId} has no records handed over`);
    const rows = this.conn
      .rows("SELECT seq, id FROM records WHERE sheet_id = ? AND seq > ? ORDER BY seq LIMIT ?")
      .raw(true)
      .all(key, after ?? 0, limit) as [number, string][];
    const first = rows[0];
    const last = rows.at(-1);
    if (!first || !last) return { items: [] };
    this.#run(
      "INSERT OR REPLACE INTO snapshot_ranges (snapshot_id, first_ord, first_seq) VALUES (?, ?, ?)",
      snapshotId,
      ord,
      first[0],
    );
    return { items: rows.map((row) => row[1]), cursor: last[0] };
  }
}
