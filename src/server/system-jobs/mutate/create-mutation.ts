import {
  applyBulkEdit,
  sameCellValue,
  type BulkEdit,
  type CellScalar,
  type Field,
  type MutateJobConfig,
  type RecordData,
  type SheetConfig,
  type SheetRecord,
} from "../../../core";
import { createRecordSandbox, type RecordSandbox } from "../../sandbox/record-sandbox";
import { SandboxError } from "../../sandbox/sandbox-error";
import type { SandboxLimits } from "../../sandbox/sandbox-limits";
import { SystemJobError } from "../system-job-run";

/** What a mutation changes in one record: only the cells whose value changed (with their metadata kept). */
export type RecordEdit = { id: string; values: RecordData };

/** A mutation compiled for one sheet: `apply` turns records into edits; `dispose` frees what it holds. */
export type Mutation = {
  apply(records: readonly SheetRecord[]): Promise<RecordEdit[]>;
  dispose(): void;
};

/** The sheet a mutation runs on: its name (for messages) and its fields. */
export type MutationSheet = { name: string; config: SheetConfig };

/** Records per call into the sandbox: bounds the JSON that crosses at once, and what one batch's time limit covers. */
const SANDBOX_BATCH = 1_000;

const HEADING = "The mutation failed";

/** A field of the sheet by key, `undefined` for a key the sheet keeps as an additional field, or a refusal. */
function fieldOf(sheet: MutationSheet, key: string, refuse: () => SystemJobError): Field | undefined {
  const field = sheet.config.fields.find((f) => f.key === key);
  if (!field && !sheet.config.allowAdditionalFields) throw refuse();
  return field;
}

/** The edit of one record from the values a mutation produced: only the cells that changed, or undefined. */
function editOf(record: SheetRecord, values: Record<string, CellScalar>): RecordEdit | undefined {
  let edit: RecordData | undefined;
  for (const key of Object.keys(values)) {
    const value = values[key] as CellScalar;
    const cell = record.values[key];
    if (sameCellValue(cell?.value, value)) continue;
    edit ??= {};
    edit[key] = cell?.metadata ? { value, metadata: cell.metadata } : { value };
  }
  return edit && { id: record.id, values: edit };
}

function bulkEditMutation(edit: BulkEdit, sheet: MutationSheet): Mutation {
  const field = fieldOf(
    sheet,
    edit.fieldKey,
    () => new SystemJobError(`"${edit.fieldKey}" is not a field of sheet ${sheet.name}`, HEADING),
  );
  return {
    async apply(records) {
      const edits: RecordEdit[] = [];
      for (const record of records) {
        const value = applyBulkEdit(edit, record.values[edit.fieldKey]?.value, field);
        const changed = editOf(record, { [edit.fieldKey]: value });
        if (changed) edits.push(changed);
      }
      return edits;
    },
    dispose() {},
  };
}

/** A sandbox failure as the job's reason: the sandbox's sentence names the record already. */
const asJobError = (error: unknown) =>
  error instanceof SandboxError ? new SystemJobError(error.message, HEADING) : error;

function codeMutation(source: string, sheet: MutationSheet, limits?: Partial<SandboxLimits>): Mutation {
  // Compiled once, on first use; the promise is kept so that a compile error is the answer of every apply.
  let compiled: Promise<RecordSandbox> | undefined;
  let disposed = false;
  const sandbox = () => {
    compiled ??= createRecordSandbox(source, limits);
    return compiled;
  };
  return {
    async apply(records) {
      if (disposed) throw new Error("The mutation was disposed");
      const box = await sandbox().catch((error: unknown) => {
        throw asJobError(error);
      });
      const edits: RecordEdit[] = [];
      for (let start = 0; start < records.length; start += SANDBOX_BATCH) {
        const batch = records.slice(start, start + SANDBOX_BATCH);
        let results;
        try {
          results = box.run(
            batch.map((r) => ({
              id: r.id,
              values: r.values,
              valid: r.valid,
              messages: r.messages,
              metadata: r.metadata,
            })),
          );
        } catch (error) {
          throw asJobError(error);
        }
        results.forEach((result, i) => {
          const record = batch[i] as SheetRecord;
          const edit = editOf(record, result.values);
          if (!edit) return;
          for (const key of Object.keys(edit.values))
            fieldOf(
              sheet,
              key,
              () =>
                new SystemJobError(
                  `mutateRecord set "${key}" on record ${record.id}, which is not a field of sheet ${sheet.name}`,
                  HEADING,
                ),
            );
          edits.push(edit);
        });
      }
      return edits;
    },
    dispose() {
      disposed = true;
      void compiled?.then(
        (box) => box.dispose(),
        () => undefined,
      );
    },
  };
}

/**
 * The transform of a `sheet:mutate-records` job: a person's bulk edit (core's `applyBulkEdit`, pure) or a
 * `mutateRecord` function run in the WebAssembly sandbox, compiled once on first use and kept for every chunk of the
 * job. `apply` answers the edits of the records that changed, with only their changed cells; a failure a person can
 * act on (a field that does not exist, a function that throws, loops, or returns something that is not a record)
 * is a SystemJobError naming the record. `dispose` when the job is done, failed or not.
 */
export function createMutation(
  config: MutateJobConfig,
  sheet: MutationSheet,
  limits?: Partial<SandboxLimits>,
): Mutation {
  if (config.bulkEdit) return bulkEditMutation(config.bulkEdit, sheet);
  if (config.mutateRecord !== undefined) return codeMutation(config.mutateRecord, sheet, limits);
  throw new SystemJobError("The job's config has neither mutateRecord nor bulkEdit", HEADING);
}
