import {
  buildCells,
  resolveRecordSelection,
  type DiffRecord,
  type DiffValue,
  type MutateJobConfig,
  type Principal,
  type SheetRecord,
} from "../../../core";
import { badRequest, notFound } from "../../http/api-error";
import { canSeeSpace, requireRecordWriter, requireSecretKey } from "../../services/access";
import { rawValues, recordPages } from "../../services/record-service";
import type { ServiceDeps } from "../../services/service-deps";
import type { StoredSheet } from "../../store/store";
import { SystemJobError } from "../system-job-run";
import { createMutation, type RecordEdit } from "./create-mutation";

/** Changed records a preview shows. */
export const PREVIEW_RECORDS = 10;
/** Most records a preview reads looking for them: a mutation that changes few records answers fewer, quickly. */
export const PREVIEW_READ_LIMIT = 2_000;
/** Records per read. */
const PREVIEW_PAGE = 200;

/** 400 for a field of the selection that the sheet does not have. */
function checkSelectionField(sheet: StoredSheet, key: string | undefined, name: string): void {
  if (key === undefined || sheet.config.allowAdditionalFields) return;
  if (!sheet.config.fields.some((f) => f.key === key))
    throw badRequest(`"${key}" is not a field of sheet ${sheet.name}`, name);
}

/** One record's preview: each changed cell's new value, its value now, and the new value's validation. */
function diffOf(sheet: StoredSheet, record: SheetRecord, edit: RecordEdit): DiffRecord {
  const after = buildCells(sheet.config.fields, { ...rawValues(record), ...edit.values }).values;
  const values: Record<string, DiffValue> = {};
  for (const [key, cell] of Object.entries(edit.values)) {
    const checked = after[key];
    values[key] = {
      value: cell.value ?? null,
      snapshotValue: record.values[key]?.value ?? null,
      // A key the sheet keeps as an additional field has no type or constraint to fail.
      valid: checked?.valid ?? true,
      messages: checked?.messages ?? [],
    };
  }
  return { id: record.id, values };
}

/**
 * `POST /jobs/preview-mutation` (Flatfile's `jobs.previewMutation`): runs a mutate job's transform, as the job would,
 * on the first records of its selection, and answers the first PREVIEW_RECORDS that change with their changed cells
 * before and after. Nothing is written. `mutateRecord` code is the secret key's only; a bulk edit may be previewed by
 * whoever may edit the sheet's records. A function that fails answers 400 with the reason the job would fail with.
 * The validation shown is each record's own (types, required); `unique` across the sheet is judged when the job runs.
 */
export class MutationPreviewService {
  constructor(private readonly deps: ServiceDeps) {}

  async preview(config: MutateJobConfig, principal: Principal): Promise<DiffRecord[]> {
    const sheet = await this.deps.store.getSheet(config.sheetId);
    if (!sheet || !canSeeSpace(principal, sheet.spaceId)) throw notFound("sheet", config.sheetId);
    if (config.mutateRecord !== undefined) requireSecretKey(principal, "run mutateRecord code");
    requireRecordWriter(principal, { name: sheet.name, readonly: sheet.config.readonly });
    if (config.q !== undefined) throw badRequest("q (Flatfile's query language) is not supported", "q");
    checkSelectionField(sheet, config.filterField, "filterField");
    checkSelectionField(sheet, config.searchField, "searchField");

    let mutation;
    try {
      mutation = createMutation(config, sheet);
    } catch (error) {
      throw error instanceof SystemJobError ? badRequest(error.message, "bulkEdit.fieldKey") : error;
    }
    const selection = resolveRecordSelection(config);
    const excluded = new Set(selection.excludeIds);
    const diffs: DiffRecord[] = [];
    let read = 0;
    try {
      for await (const page of recordPages(
        this.deps.store,
        sheet.id,
        { ...selection, ids: selection.includeIds, sortDirection: "asc" },
        PREVIEW_PAGE,
      )) {
        const records = page.filter((r) => !excluded.has(r.id)).slice(0, PREVIEW_READ_LIMIT - read);
        read += records.length;
        const byId = new Map(records.map((r) => [r.id, r]));
        for (const edit of await mutation.apply(records)) {
          diffs.push(diffOf(sheet, byId.get(edit.id) as SheetRecord, edit));
          if (diffs.length === PREVIEW_RECORDS) return diffs;
        }
        if (read >= PREVIEW_READ_LIMIT) break;
      }
    } catch (error) {
      throw error instanceof SystemJobError ? badRequest(error.message, "mutateRecord") : error;
    } finally {
      mutation.dispose();
    }
    return diffs;
  }
}
