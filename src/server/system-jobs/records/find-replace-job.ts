import {
  validateCell,
  parseFind,
  RECORD_JOBS,
  replaceInCell,
  type Cell,
  type CellScalar,
  type DiffRecord,
  type FindAndReplaceJobConfig,
  type FindAndReplacePreview,
  type SheetRecord,
  formatCount,
  recordsWord,
} from "../../../core";
import type { StoreReader, StoredSheet } from "../../store/store";
import { SystemJobError } from "../system-job-run";
import type { SystemJobHandler } from "../system-worker";
import { yieldToLoop } from "../yield-to-loop";
import { snapshotLabelOf } from "./delete-records-job";
import { discardRecordChangeJob, runRecordChangeJob, sheetOf, type RecordEdit } from "./record-change-job";
import { parseRecordJob, selectionOf } from "./record-job-create";
import { cellFilter, storeSelection } from "./record-selection";

/** Records a preview reads per store call. */
const PREVIEW_CHUNK = 2_000;
/** Changed records a preview shows. */
const PREVIEW_SAMPLE = 10;

/**
 * A find's text as it appears in a stored record's JSON (every character escapes the same way wherever it stands, so
 * a cell that contains the text has JSON that contains this): the hint that lets the store skip other rows
 * unparsed. None for an empty find (it matches empty cells) or text with lone surrogates.
 */
export function findHint(find: CellScalar | undefined): string | undefined {
  const { text } = parseFind(find);
  if (text === "" || /[\ud800-\udfff]/u.test(text)) return undefined;
  return JSON.stringify(text).slice(1, -1);
}

/** Edits of one chunk: the `fieldKey` cell of each record the find matches (the cell's metadata kept). */
export function findReplaceEdits(
  sheet: StoredSheet,
  config: Pick<FindAndReplaceJobConfig, "fieldKey" | "find" | "replace">,
): (records: readonly SheetRecord[]) => { edit: RecordEdit; before: Cell | undefined }[] {
  const field = sheet.config.fields.find((f) => f.key === config.fieldKey);
  if (!field) throw new SystemJobError(`"${config.fieldKey}" is no longer a field of ${sheet.name}.`);
  const pattern = parseFind(config.find);
  const key = field.key;
  return (records) =>
    records.flatMap((record) => {
      const cell = Object.hasOwn(record.values, key) ? record.values[key] : undefined;
      const replaced = replaceInCell(cell?.value, pattern, config.replace, field);
      if (!replaced) return [];
      const values = {
        [key]: {
          ...(replaced.value === undefined ? {} : { value: replaced.value }),
          ...(cell?.metadata ? { metadata: cell.metadata } : {}),
        },
      };
      return [{ edit: { id: record.id, values }, before: cell }];
    });
}

/**
 * `sheet:find-replace`: in one field of the selected records, `find` replaced by `replace` (core's cell rule), after
 * a snapshot, chunk by chunk. Its outcome offers Undo, which puts the changed cells back.
 */
export const findReplaceJobHandler: SystemJobHandler = {
  ...RECORD_JOBS.findReplace,
  async run(run) {
    const job = parseRecordJob("findReplace", run.job.config);
    const sheet = await sheetOf(run, run.job.source);
    const edits = findReplaceEdits(sheet, job.config);
    const find = String(job.config.find ?? "");
    await runRecordChangeJob(run, {
      sheet,
      selection: selectionOf(job),
      snapshot: {
        label: snapshotLabelOf(run, job.config.snapshotLabel, `Before replacing ${find} in ${sheet.name}`),
      },
      change: (records) => ({ edits: edits(records).map(({ edit }) => edit) }),
      containsHint: findHint(job.config.find),
      progressInfo: (done, expected) =>
        `Searched ${formatCount(done.scanned)} of ${recordsWord(expected)}; ${formatCount(done.updated)} changed`,
      outcome: (result) => ({
        heading: "Find and replace complete",
        message:
          result.updated === 0
            ? `No cell of ${sheet.name} matched ${find}.`
            : `${find} replaced in ${recordsWord(result.updated)} of ${sheet.name}.`,
      }),
    });
  },
  interrupted: discardRecordChangeJob,
};

/**
 * What a find and replace would change, without changing it: how many records and cells (one field, so one cell per
 * record), and the first changed records as `DiffRecord`s. Reads the selection in chunks, yielding between them.
 */
export async function previewFindReplace(
  reader: StoreReader,
  sheet: StoredSheet,
  config: FindAndReplaceJobConfig,
): Promise<FindAndReplacePreview> {
  const edits = findReplaceEdits(sheet, config);
  const field = sheet.config.fields.find((f) => f.key === config.fieldKey);
  const selection = selectionOf({ kind: "findReplace", sheetId: sheet.id, config });
  const hint = findHint(config.find);
  const inStore = { ...storeSelection(selection), ...(hint === undefined ? {} : { containsHint: hint }) };
  const keep = cellFilter(selection);
  const sample: DiffRecord[] = [];
  let records = 0;
  let after: number | undefined;
  for (;;) {
    const chunk = await reader.readSelectedRecords(sheet.id, inStore, after, PREVIEW_CHUNK);
    for (const { edit, before } of edits(keep ? chunk.items.filter(keep) : chunk.items)) {
      records++;
      if (sample.length >= PREVIEW_SAMPLE) continue;
      sample.push({
        id: edit.id,
        values: Object.fromEntries(
          Object.entries(edit.values).map(([key, cell]) => {
            const checked = field ? validateCell(field, cell.value) : { valid: true, messages: [] };
            return [
              key,
              {
                value: cell.value ?? undefined,
                snapshotValue: before?.value ?? undefined,
                valid: checked.valid,
                messages: checked.messages,
              },
            ];
          }),
        ),
      });
    }
    if ((chunk.scanned ?? chunk.items.length) < PREVIEW_CHUNK) break;
    after = chunk.cursor;
    await yieldToLoop();
  }
  return { records, cells: records, sample };
}
