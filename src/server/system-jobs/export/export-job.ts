import {
  ExportJobConfig,
  EXPORT_JOBS,
  newId,
  type JobOutcome,
  type SheetConfig,
  formatCount,
} from "../../../core";
import { csvColumns, csvStream, type CsvColumn } from "../../services/csv-export";
import { fileEvent } from "../../services/file-service";
import { SYSTEM_ACTOR } from "../system-actor";
import { SystemJobError, type SystemJobRun } from "../system-job-run";
import type { SystemJobHandler } from "../system-worker";
import { entryName, exportFileName, exportFileRow } from "./export-file";
import { expectedRows, exportRowPages } from "./sheet-records";
import { zipStream, type ZipEntry } from "./zip-stream";

/** How often a running export reports its progress (each report is a commit, and the point where a cancel stops it). */
const PROGRESS_EVERY_MS = 250;
/**
 * Most bytes one export file may hold. Far above any sheet this server holds (a million rows of ten fields is about
 * 100 MB); it only stops a runaway from filling the disk.
 */
export const MAX_EXPORT_BYTES = 16 * 1024 ** 3;

/**
 * Counts the rows an export writes and reports them as the job's progress at most every `PROGRESS_EVERY_MS` (and
 * after the first page, so the panel shows the export moving at once). Each report is one of the run's chunks: a
 * cancel stops the export there.
 */
class ExportProgress {
  written = 0;
  #reported: number | undefined;

  constructor(
    private readonly run: SystemJobRun,
    private readonly total: number,
  ) {}

  async add(rows: number, where?: string): Promise<void> {
    this.written += rows;
    const now = performance.now();
    if (this.#reported !== undefined && now - this.#reported < PROGRESS_EVERY_MS) return;
    this.#reported = now;
    const share = this.total > 0 ? Math.min(99, Math.floor((this.written / this.total) * 100)) : 0;
    const counted = `${formatCount(this.written)} of ${formatCount(Math.max(this.total, this.written))} rows`;
    await this.run.chunk(async () => undefined, {
      progress: share,
      info: where ? `${where}: ${counted}` : counted,
    });
  }

  /** The pages, counted as they are read. */
  async *count<T>(pages: AsyncIterable<T[]>, where?: string): AsyncGenerator<T[]> {
    for await (const page of pages) {
      yield page;
      await this.add(page.length, where);
    }
  }
}

/**
 * Stores `stream` as a new export file of the job's space and completes the job with it, the file's row and
 * `file:created` in the same commit as the completion. If anything stops the run before that commit (a cancel, a
 * failure), no row was written and the bytes are removed.
 */
async function storeExport(
  run: SystemJobRun,
  file: { name: string; mimetype: string; workbookId: string; sheetId?: string },
  stream: ReadableStream<Uint8Array>,
  outcome: (fileId: string) => JobOutcome,
  info: string,
): Promise<void> {
  const { deps, job } = run;
  const spaceId = job.spaceId;
  if (!spaceId)
    throw new SystemJobError("This export belongs to no space, so there is nowhere to put its file.");
  const fileId = newId("file");
  try {
    const { size } = await deps.blobs.put(fileId, stream, { maxBytes: MAX_EXPORT_BYTES });
    const now = deps.now().toISOString();
    const row = exportFileRow({ ...file, id: fileId, spaceId, environmentId: job.environmentId, size }, now);
    await run.complete(outcome(fileId), info, async (tx) => {
      await tx.insertFile(row);
      await tx.appendEvent(fileEvent(deps, row, "file:created", SYSTEM_ACTOR, now));
    });
  } catch (error) {
    await deps.blobs.delete(fileId).catch(() => undefined);
    throw error;
  }
}

/** The outcome of an export: what is in the file, and its download as the next step. */
const downloadOutcome = (fileId: string, fileName: string, message: string): JobOutcome => ({
  heading: "Export ready",
  message,
  next: { type: "files", files: [{ fileId, label: fileName }], label: `Download ${fileName}` },
});

/** The columns of a sheet's export; a chosen field that went away since the job was created fails it. */
function columnsOf(config: SheetConfig, fields: readonly string[] | undefined): CsvColumn[] {
  try {
    return csvColumns(config, fields);
  } catch {
    throw new SystemJobError(`A column to export is no longer a field of ${config.name}.`);
  }
}

/**
 * `sheet:export-csv`: the sheet's records (the options' selection, sort and columns) as one CSV file in the space,
 * byte for byte what `GET /sheets/{id}/download` answers for the same query. The CSV is streamed into the file as the
 * records are read, a page at a time: memory stays flat whatever the sheet's size. A resumed run starts the file over.
 */
export const sheetExportHandler: SystemJobHandler = {
  ...EXPORT_JOBS.sheet,
  async run(run) {
    const { deps } = run;
    const { options } = ExportJobConfig.parse(run.job.config);
    const sheet = await deps.store.getSheet(run.job.source);
    if (!sheet) throw new SystemJobError("The sheet to export no longer exists.");
    const columns = columnsOf(sheet.config, options.fields);
    const progress = new ExportProgress(run, await expectedRows(deps.store, sheet, options));
    const keys = columns.map((column) => column.key);
    const pages = progress.count(exportRowPages(deps.store, sheet.id, options, keys));
    const name = exportFileName(sheet.name, deps.now(), "csv");
    const rows = () => `${formatCount(progress.written)} ${progress.written === 1 ? "row" : "rows"}`;
    await storeExport(
      run,
      { name, mimetype: "text/csv", workbookId: sheet.workbookId, sheetId: sheet.id },
      csvStream(columns, pages, { bom: options.bom }),
      (fileId) => downloadOutcome(fileId, name, `${rows()} of ${sheet.name} are in ${name}.`),
      `${rows()} exported`,
    );
  },
};

/**
 * `workbook:export-csv` ("Download all sheets"): one zip in the space with each sheet's CSV (all its records, every
 * field), compressed as it is written, so memory stays flat as for one sheet.
 */
export const workbookExportHandler: SystemJobHandler = {
  ...EXPORT_JOBS.workbook,
  async run(run) {
    const { deps } = run;
    const { options } = ExportJobConfig.parse(run.job.config);
    const workbook = await deps.store.getWorkbook(run.job.source);
    if (!workbook) throw new SystemJobError("The workbook to export no longer exists.");
    const sheets = await deps.store.listSheets(workbook.id);
    let total = 0;
    for (const sheet of sheets) total += (await deps.store.countRecords(sheet.id)).total;
    const progress = new ExportProgress(run, total);
    const taken = new Set<string>();
    const entries: ZipEntry[] = sheets.map((sheet) => {
      const columns = csvColumns(sheet.config, undefined);
      const keys = columns.map((column) => column.key);
      return {
        name: entryName(sheet.name, taken),
        stream: csvStream(
          columns,
          progress.count(exportRowPages(deps.store, sheet.id, {}, keys), sheet.name),
          {
            bom: options.bom,
          },
        ),
      };
    });
    const name = exportFileName(workbook.name, deps.now(), "zip");
    const summary = () =>
      `${sheets.length} ${sheets.length === 1 ? "sheet" : "sheets"}, ${formatCount(progress.written)} rows`;
    await storeExport(
      run,
      { name, mimetype: "application/zip", workbookId: workbook.id },
      zipStream(entries),
      (fileId) => downloadOutcome(fileId, name, `${summary()} of ${workbook.name} are in ${name}.`),
      `${summary()} exported`,
    );
  },
};
