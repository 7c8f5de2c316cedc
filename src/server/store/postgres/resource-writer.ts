import type pg from "pg";
import type { SheetRecord, Snapshot, SpaceDocument, SpaceFile } from "../../../core";
import { recordSearchText, searchableText } from "../record-values";
import type {
  PlacedRecord,
  RecordChunk,
  RecordCursor,
  RecordSelection,
  StoredSheet,
  StoredWorkbook,
} from "../store";
import { selectionWhere } from "./resource-reader";
import { execute, Params, queryRows } from "./query";

const json = (value: unknown): string => JSON.stringify(value);

/** Each non-empty cell's value lower-cased by JavaScript's rules, by field key (a one-field search). */
function searchFields(record: SheetRecord): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const key of Object.keys(record.values)) {
    const text = searchableText(record.values[key]?.value);
    if (text !== undefined) fields[key] = text;
  }
  return fields;
}

/** The columns of many records as parallel arrays, for one `unnest(...)` statement instead of one per record. */
function recordArrays(records: SheetRecord[]): [string[], boolean[], string[], string[], string[]] {
  return [
    records.map((r) => r.id),
    records.map((r) => r.valid),
    records.map(recordSearchText),
    records.map((r) => json(searchFields(r))),
    records.map(json),
  ];
}

const RECORD_UNNEST = "unnest($2::text[], $3::boolean[], $4::text[], $5::text[], $6::text[])";

/**
 * Writes of workbooks, sheets, records, documents, files and snapshots on the transaction's client. `seq` comes
 * from the `resource_seq` column default; records number themselves per sheet, and many records are written by
 * one statement.
 */
export class ResourceWriter {
  constructor(private readonly client: Pick<pg.PoolClient, "query">) {}

  #run(sql: string, ...params: unknown[]): Promise<number> {
    return execute(this.client, sql, params);
  }

  async insertWorkbook(workbook: StoredWorkbook): Promise<void> {
    await this.#run(
      "INSERT INTO workbooks (id, space_id, environment_id, data) VALUES ($1, $2, $3, $4)",
      workbook.id,
      workbook.spaceId,
      workbook.environmentId,
      json(workbook),
    );
  }

  async updateWorkbook(workbook: StoredWorkbook): Promise<boolean> {
    const sql = "UPDATE workbooks SET space_id = $1, environment_id = $2, data = $3 WHERE id = $4";
    return (
      (await this.#run(sql, workbook.spaceId, workbook.environmentId, json(workbook), workbook.id)) === 1
    );
  }

  async deleteWorkbook(id: string): Promise<boolean> {
    await this.#deleteSheetsWhere("workbook_id = $1", id);
    return (await this.#run("DELETE FROM workbooks WHERE id = $1", id)) === 1;
  }

  async insertSheet(sheet: StoredSheet): Promise<void> {
    await this.#run(
      "INSERT INTO sheets (id, workbook_id, space_id, data) VALUES ($1, $2, $3, $4)",
      sheet.id,
      sheet.workbookId,
      sheet.spaceId,
      json(sheet),
    );
  }

  async updateSheet(sheet: StoredSheet): Promise<boolean> {
    const sql = "UPDATE sheets SET workbook_id = $1, space_id = $2, data = $3 WHERE id = $4";
    return (await this.#run(sql, sheet.workbookId, sheet.spaceId, json(sheet), sheet.id)) === 1;
  }

  async deleteSheet(id: string): Promise<boolean> {
    return (await this.#deleteSheetsWhere("id = $1", id)) === 1;
  }

  /** Deletes the sheets matching `condition` with their records and snapshots; returns how many sheets. */
  async #deleteSheetsWhere(condition: string, ...params: unknown[]): Promise<number> {
    const sheets = `SELECT id FROM sheets WHERE ${condition}`;
    await this.#run(`DELETE FROM records WHERE sheet_id IN (${sheets})`, ...params);
    await this.#run(
      `DELETE FROM snapshot_records WHERE snapshot_id IN (SELECT id FROM snapshots WHERE sheet_id IN (${sheets}))`,
      ...params,
    );
    await this.#run(`DELETE FROM snapshots WHERE sheet_id IN (${sheets})`, ...params);
    return this.#run(`DELETE FROM sheets WHERE ${condition}`, ...params);
  }

  /** Deletes the space's workbooks, sheets (with records and snapshots), documents and files. */
  async deleteSpaceResources(spaceId: string): Promise<void> {
    await this.#deleteSheetsWhere(
      "space_id = $1 OR workbook_id IN (SELECT id FROM workbooks WHERE space_id = $1)",
      spaceId,
    );
    await this.#run("DELETE FROM workbooks WHERE space_id = $1", spaceId);
    await this.#run(
      "DELETE FROM snapshot_records WHERE snapshot_id IN (SELECT id FROM snapshots WHERE space_id = $1)",
      spaceId,
    );
    await this.#run("DELETE FROM snapshots WHERE space_id = $1", spaceId);
    await this.#run("DELETE FROM documents WHERE space_id = $1", spaceId);
    await this.#run("DELETE FROM files WHERE space_id = $1", spaceId);
  }

  async insertRecords(sheetId: string, records: SheetRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.#run(
      `INSERT INTO records (id, sheet_id, seq, valid, search_text, search_fields, data)
       SELECT u.id, $1, last.seq + u.n, u.valid, u.search_text, u.search_fields::jsonb, u.data::json
       FROM ${RECORD_UNNEST} WITH ORDINALITY AS u(id, valid, search_text, search_fields, data, n),
            (SELECT COALESCE(MAX(seq), 0) AS seq FROM records WHERE sheet_id = $1) AS last
       ORDER BY u.n`,
      sheetId,
      ...recordArrays(records),
    );
  }

  async insertRecordsAt(sheetId: string, records: PlacedRecord[]): Promise<void> {
    if (records.length === 0) return;
    const wanted = records.flatMap(({ seq }) => (seq === undefined ? [] : [seq]));
    const [state] = await queryRows<{ last: string; taken: string[] }>(
      this.client,
      `SELECT (SELECT COALESCE(MAX(seq), 0) FROM records WHERE sheet_id = $1) AS last,
         ARRAY(SELECT seq FROM records WHERE sheet_id = $1 AND seq = ANY($2::bigint[]))::text[] AS taken`,
      [sheetId, wanted],
    );
    const taken = new Set((state?.taken ?? []).map(Number));
    // Places are per sheet and a deleted tail's are handed out again: a place taken since goes after the last.
    let last = Math.max(Number(state?.last ?? 0), ...wanted);
    const seqs = records.map(({ seq }) => {
      const at = seq !== undefined && !taken.has(seq) ? seq : ++last;
      taken.add(at);
      return at;
    });
    await this.#run(
      `INSERT INTO records (id, sheet_id, seq, valid, search_text, search_fields, data)
       SELECT u.id, $1, u.seq, u.valid, u.search_text, u.search_fields::jsonb, u.data::json
       FROM unnest($2::text[], $3::boolean[], $4::text[], $5::text[], $6::text[], $7::bigint[])
         AS u(id, valid, search_text, search_fields, data, seq)`,
      sheetId,
      ...recordArrays(records.map(({ record }) => record)),
      seqs,
    );
  }

  async updateRecords(sheetId: string, records: SheetRecord[]): Promise<number> {
    if (records.length === 0) return 0;
    return this.#run(
      `UPDATE records AS r
       SET valid = u.valid, search_text = u.search_text, search_fields = u.search_fields::jsonb, data = u.data::json
       FROM ${RECORD_UNNEST} AS u(id, valid, search_text, search_fields, data)
       WHERE r.id = u.id AND r.sheet_id = $1`,
      sheetId,
      ...recordArrays(records),
    );
  }

  deleteRecords(sheetId: string, ids: string[]): Promise<number> {
    if (ids.length === 0) return Promise.resolve(0);
    return this.#run("DELETE FROM records WHERE sheet_id = $1 AND id = ANY($2::text[])", sheetId, ids);
  }

  async deleteSelectedRecords(
    sheetId: string,
    selection: RecordSelection,
    after: RecordCursor | undefined,
    limit: number,
  ): Promise<RecordChunk<string>> {
    const params = new Params();
    const filter = selectionWhere(params, sheetId, selection, after);
    const rows = await queryRows<{ seq: string; id: string }>(
      this.client,
      `DELETE FROM records WHERE id IN (SELECT id FROM records${filter} ORDER BY seq LIMIT ${params.p(limit)})
       RETURNING seq, id`,
      params.values,
    );
    // RETURNING promises no order.
    const ordered = rows.map((row) => ({ seq: Number(row.seq), id: row.id })).sort((a, b) => a.seq - b.seq);
    const last = ordered.at(-1);
    return { items: ordered.map((row) => row.id), ...(last ? { cursor: last.seq } : {}) };
  }

  async replaceRecords(sheetId: string, records: SheetRecord[]): Promise<void> {
    await this.#run("DELETE FROM records WHERE sheet_id = $1", sheetId);
    await this.insertRecords(sheetId, records);
  }

  async insertDocument(document: SpaceDocument): Promise<void> {
    await this.#run(
      "INSERT INTO documents (id, space_id, data) VALUES ($1, $2, $3)",
      document.id,
      document.spaceId,
      json(document),
    );
  }

  async updateDocument(document: SpaceDocument): Promise<boolean> {
    const sql = "UPDATE documents SET space_id = $1, data = $2 WHERE id = $3";
    return (await this.#run(sql, document.spaceId, json(document), document.id)) === 1;
  }

  async deleteDocument(id: string): Promise<boolean> {
    return (await this.#run("DELETE FROM documents WHERE id = $1", id)) === 1;
  }

  async insertFile(file: SpaceFile): Promise<void> {
    await this.#run(
      "INSERT INTO files (id, space_id, mode, created_at, data) VALUES ($1, $2, $3, $4, $5)",
      file.id,
      file.spaceId,
      file.mode,
      file.createdAt,
      json(file),
    );
  }

  async updateFile(file: SpaceFile): Promise<boolean> {
    const sql = "UPDATE files SET space_id = $1, mode = $2, created_at = $3, data = $4 WHERE id = $5";
    return (await this.#run(sql, file.spaceId, file.mode, file.createdAt, json(file), file.id)) === 1;
  }

  async deleteFile(id: string): Promise<boolean> {
    return (await this.#run("DELETE FROM files WHERE id = $1", id)) === 1;
  }

  async insertSnapshot(snapshot: Snapshot, records: SheetRecord[]): Promise<void> {
    await this.#run(
      "INSERT INTO snapshots (id, sheet_id, space_id, created_at, data) VALUES ($1, $2, $3, $4, $5)",
      snapshot.id,
      snapshot.sheetId,
      snapshot.spaceId,
      snapshot.createdAt,
      json(snapshot),
    );
    if (records.length === 0) return;
    await this.#run(
      `INSERT INTO snapshot_records (snapshot_id, ord, data)
       SELECT $1, start.ord + u.n - 1, u.data::json FROM unnest($2::text[]) WITH ORDINALITY AS u(data, n),
         (SELECT COALESCE(MAX(ord) + 1, 0) AS ord FROM snapshot_records WHERE snapshot_id = $1) AS start`,
      snapshot.id,
      records.map(json),
    );
  }

  async copyRecordsToSnapshot(
    snapshotId: string,
    sheetId: string,
    after: number | undefined,
    limit: number,
  ): Promise<{ copied: number; cursor?: number }> {
    // One statement: the chunk's rows by the (sheet_id, seq) index, numbered after the snapshot's last one.
    const [row] = await queryRows<{ copied: number; last: string | null }>(
      this.client,
      `WITH chunk AS (
         SELECT seq, data FROM records WHERE sheet_id = $2 AND seq > $3 ORDER BY seq LIMIT $4
       ), start AS (
         SELECT COALESCE(MAX(ord) + 1, 0) AS ord FROM snapshot_records WHERE snapshot_id = $1
       ), copied AS (
         INSERT INTO snapshot_records (snapshot_id, ord, seq, data)
         SELECT $1, start.ord + row_number() OVER (ORDER BY chunk.seq) - 1, chunk.seq, chunk.data FROM chunk, start
         RETURNING 1
       )
       SELECT (SELECT COUNT(*) FROM copied)::int AS copied, (SELECT MAX(seq) FROM chunk) AS last`,
      [snapshotId, sheetId, after ?? 0, limit],
    );
    if (!row || row.copied === 0 || row.last === null) return { copied: 0 };
    return { copied: row.copied, cursor: Number(row.last) };
  }

  async deleteSnapshot(id: string): Promise<boolean> {
    await this.#run("DELETE FROM snapshot_records WHERE snapshot_id = $1", id);
    return (await this.#run("DELETE FROM snapshots WHERE id = $1", id)) === 1;
  }
}
