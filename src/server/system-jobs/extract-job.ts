import {
  FILE_WORKBOOK_LABEL,
  newId,
  type Cell,
  slugify,
  type Field,
  type Job,
  type SheetConfig,
  type SheetRecord,
  type SpaceFile,
  formatCount,
} from "../../core";
import { commitEvent } from "../services/record-service";
import { fileEvent } from "../services/file-service";
import { newStoredSheet, sheetEvent, workbookEvent } from "../services/workbook-service";
import type { StoreTx, StoredSheet, StoredWorkbook } from "../store/store";
import { ChunkSizer } from "./chunk-sizer";
import { ExtractError, extractTables, type ExtractColumn } from "./extract";
import { SYSTEM_ACTOR } from "./system-actor";
import { SystemJobError, type SystemJobDeps, type SystemJobRun } from "./system-job-run";
import type { SystemJobHandler } from "./system-worker";

/** Most columns a table may have: a sheet holds at most 500 fields. */
export const MAX_EXTRACTED_COLUMNS = 500;

/** Where an extract run stands: its workbook, and per table (in file order) the sheet and the rows written. */
type ExtractCursor = { workbookId: string; tables: { sheetId: string; rows: number }[] };

const fieldsOf = (columns: readonly ExtractColumn[]): Field[] =>
  columns.map((column) => ({ key: column.key, label: column.label, type: "string" }) as Field);

/**
 * A record of the raw sheet: every column a string cell, as read (an empty one without a value). Built directly: the
 * raw sheet's fields are plain strings with no constraints, so every cell is valid, which is what core's `buildCells`
 * says of them (a test holds the two together) at a fraction of the cost on a million rows.
 */
export function rawRecord(fields: readonly Field[], row: readonly string[], now: string): SheetRecord {
  const values: Record<string, Cell> = {};
  fields.forEach((field, i) => {
    const text = row[i];
    values[field.key] = text ? { value: text, valid: true, messages: [] } : { valid: true, messages: [] };
  });
  return {
    id: newId("record"),
    values,
    valid: true,
    messages: [],
    metadata: {},
    createdAt: now,
    updatedAt: now,
  };
}

/** Writes the file's extraction state (status, workbook) with its `file:updated`, unless it is already so. */
async function setFileState(
  deps: SystemJobDeps,
  tx: StoreTx,
  fileId: string,
  state: Pick<SpaceFile, "status"> & Partial<Pick<SpaceFile, "workbookId" | "sheetId">>,
): Promise<void> {
  const file = await tx.getFile(fileId);
  if (!file) return;
  const next: SpaceFile = { ...file, ...state };
  if (!state.workbookId) delete next.workbookId;
  if (!state.sheetId) delete next.sheetId;
  if (next.status === file.status && next.workbookId === file.workbookId && next.sheetId === file.sheetId)
    return;
  const now = deps.now().toISOString();
  next.updatedAt = now;
  await tx.updateFile(next);
  await tx.appendEvent(fileEvent(deps, next, "file:updated", SYSTEM_ACTOR, now));
}

/** Removes what an unfinished run made (its workbook) and says on the file that extraction did not finish. */
async function discardPartial(deps: SystemJobDeps, tx: StoreTx, job: Job): Promise<void> {
  const cursor = job.metadata.systemCursor as ExtractCursor | undefined;
  const workbook = cursor?.workbookId ? await tx.getWorkbook(cursor.workbookId) : undefined;
  if (workbook) {
    await tx.deleteWorkbook(workbook.id);
    await tx.appendEvent(
      workbookEvent(deps, workbook, "workbook:deleted", SYSTEM_ACTOR, deps.now().toISOString()),
    );
  }
  await setFileState(deps, tx, job.fileId ?? job.source, { status: "failed" });
}

/**
 * `file:extract`: reads an uploaded file (CSV, TSV, XLSX, JSON) as it streams from the blob store and writes a
 * workbook labelled `file`, a sheet per table with a string field per column and a record per row, a chunk per
 * transaction (records, `commit:created`, and the job's progress by bytes read and its cursor together). A resumed or
 * retried run skips the rows its cursor says are written. A file that cannot be read fails the job with the reason
 * and leaves no half-made workbook; so does a cancel.
 */
export const extractJobHandler: SystemJobHandler = {
  type: "file",
  operation: "extract",

  async interrupted(deps, job) {
    if (job?.status === "canceled") await deps.store.transaction((tx) => discardPartial(deps, tx, job));
  },

  async run(run: SystemJobRun) {
    const { deps } = run;
    const fileId = run.job.fileId ?? run.job.source;
    const file = await deps.store.getFile(fileId);
    if (!file)
      throw new SystemJobError("The file was deleted before it could be extracted.", "Extraction failed");
    const earlier = run.cursor<ExtractCursor>();
    const resumable = earlier && (await deps.store.getWorkbook(earlier.workbookId)) ? earlier : undefined;
    const cursor: ExtractCursor = resumable ?? { workbookId: newId("workbook"), tables: [] };
    let workbook: StoredWorkbook | undefined = resumable
      ? await deps.store.getWorkbook(cursor.workbookId)
      : undefined;
    if (!resumable)
      await run.chunk((tx) => setFileState(deps, tx, fileId, { status: "partial" }), {
        progress: 0,
        info: `Reading ${file.name}`,
        metadata: cursor,
      });

    let bytes = { read: 0, total: file.size };
    const sizer = new ChunkSizer({ initial: 500 });
    let table = -1;
    let sheet: StoredSheet | undefined;
    let sheetStored = false;
    let fieldsChanged = false;
    let skip = 0;
    let pending: string[][] = [];
    let detectedHeaderRow: number | undefined;
    let started = performance.now();

    const progress = () => Math.min(99, Math.floor((bytes.read / Math.max(bytes.total, 1)) * 100));
    const totalRows = () => cursor.tables.reduce((sum, t) => sum + t.rows, 0);

    /**
     * One chunk: the workbook and the sheet when new, the sheet's grown fields, and the rows read since (the first
     * `limit` of them: the library's batches need not match the chunk size).
     */
    const flush = async (limit = pending.length) => {
      const current = sheet as StoredSheet;
      const entry = cursor.tables[table] as ExtractCursor["tables"][number];
      const rows = limit < pending.length ? pending.slice(0, limit) : pending;
      pending = limit < pending.length ? pending.slice(limit) : [];
      const next = {
        ...cursor,
        tables: cursor.tables.map((t) => (t === entry ? { ...t, rows: t.rows + rows.length } : t)),
      };
      await run.chunk(
        async (tx) => {
          const now = deps.now().toISOString();
          if (!workbook) {
            const created: StoredWorkbook = {
              id: cursor.workbookId,
              name: file.name,
              spaceId: file.spaceId,
              environmentId: file.environmentId,
              labels: [FILE_WORKBOOK_LABEL],
              actions: [],
              metadata: { fileId: file.id },
              createdAt: now,
              updatedAt: now,
            };
            await tx.insertWorkbook(created);
            await tx.appendEvent(
              workbookEvent(deps, created, "workbook:created", SYSTEM_ACTOR, now, { sheetIds: [] }),
            );
            workbook = created;
          }
          if (!sheetStored) {
            await tx.insertSheet(current);
            await tx.appendEvent(sheetEvent(deps, current, "sheet:created", SYSTEM_ACTOR, now));
          } else if (fieldsChanged) {
            await tx.updateSheet(current);
            await tx.appendEvent(sheetEvent(deps, current, "sheet:updated", SYSTEM_ACTOR, now));
          }
          if (rows.length === 0) return;
          const records = rows.map((row) => rawRecord(current.config.fields, row, now));
          await tx.insertRecords(current.id, records);
          const recordIds = records.map((r) => r.id);
          await tx.appendEvent(
            commitEvent(
              deps,
              current,
              { inserted: records.length, updated: 0, deleted: 0, recordIds },
              SYSTEM_ACTOR,
              now,
            ),
          );
        },
        {
          progress: progress(),
          info: `Extracted ${formatCount(totalRows() + rows.length)} rows`,
          metadata: next,
        },
      );
      // Only once the chunk committed does the cursor move on.
      cursor.tables = next.tables;
      sheetStored = true;
      fieldsChanged = false;
      sizer.observe(performance.now() - started, Math.max(rows.length, 1));
      started = performance.now();
    };
    const tableLeftOpen = () => sheet !== undefined && (!sheetStored || fieldsChanged || pending.length > 0);

    try {
      const blob = async () => {
        const stored = await deps.blobs.get(file.id);
        if (!stored) throw new ExtractError("its content is missing from the server");
        return stored.stream;
      };
      for await (const event of extractTables(blob, {
        fileName: file.name,
        mediaType: file.mimetype,
        size: file.size,
        limits: { maxColumns: MAX_EXTRACTED_COLUMNS },
        onProgress: (p) => (bytes = { read: p.bytesRead, total: p.bytesTotal ?? file.size }),
      })) {
        if (event.kind === "table") {
          if (tableLeftOpen()) await flush();
          table += 1;
          detectedHeaderRow ??= event.headerRow;
          const existing = cursor.tables[table];
          const stored = existing ? await deps.store.getSheet(existing.sheetId) : undefined;
          if (existing && stored) {
            sheet = stored;
            sheetStored = true;
            skip = existing.rows;
          } else {
            const base = { id: cursor.workbookId, spaceId: file.spaceId } as StoredWorkbook;
            const config: SheetConfig = {
              name: event.name.slice(0, 255) || "Sheet",
              fields: fieldsOf(event.columns),
            };
            sheet = newStoredSheet(base, config, uniqueSlug(event.name, table), deps.now().toISOString());
            cursor.tables = [...cursor.tables.slice(0, table), { sheetId: sheet.id, rows: 0 }];
            sheetStored = false;
            skip = 0;
          }
          continue;
        }
        if (!sheet) continue;
        if (event.kind === "columns") {
          if (pending.length) await flush();
          sheet = { ...sheet, config: { ...sheet.config, fields: fieldsOf(event.columns) } };
          fieldsChanged = true;
          continue;
        }
        let rows = event.rows;
        if (skip > 0) {
          const skipped = Math.min(skip, rows.length);
          skip -= skipped;
          rows = rows.slice(skipped);
        }
        if (rows.length) pending.push(...rows);
        while (pending.length >= sizer.size) await flush(sizer.size);
      }
      if (tableLeftOpen()) await flush();
    } catch (error) {
      if (!(error instanceof ExtractError)) throw error;
      await run.fail(
        { heading: "Extraction failed", message: `${file.name} could not be read: ${error.message}` },
        (tx) => discardPartial(deps, tx, run.job),
      );
      return;
    }

    if (cursor.tables.length === 0) {
      await run.fail(
        { heading: "Extraction failed", message: `${file.name} has no table to extract.` },
        (tx) => discardPartial(deps, tx, run.job),
      );
      return;
    }
    const firstSheetId = cursor.tables[0]?.sheetId as string;
    const rows = totalRows();
    if (detectedHeaderRow !== undefined)
      await run.chunk(async () => undefined, { config: { ...run.job.config, detectedHeaderRow } });
    await run.complete(
      {
        heading: "Extraction complete",
        message: `${formatCount(rows)} ${rows === 1 ? "row" : "rows"} extracted from ${file.name}${cursor.tables.length > 1 ? ` into ${cursor.tables.length} sheets` : ""}.`,
        next: {
          type: "id",
          id: file.spaceId,
          path: `sheets/${firstSheetId}`,
          label: "Open the extracted data",
        },
      },
      `Extracted ${formatCount(rows)} rows`,
      (tx) =>
        setFileState(deps, tx, file.id, {
          status: "complete",
          workbookId: cursor.workbookId,
          sheetId: firstSheetId,
        }),
    );
  },
};

/** A sheet slug from a table's name, made unique with the table's position when the name gives none. */
function uniqueSlug(name: string, index: number): string {
  const slug = slugify(name) || "sheet";
  return index === 0 ? slug : `${slug}-${index + 1}`;
}
