import { RECORD_JOBS, formatCount, recordsWord } from "../../../core";
import type { SystemJobHandler } from "../system-worker";
import { snapshotLabelOf } from "../records/delete-records-job";
import { discardRecordChangeJob, runRecordChangeJob, sheetOf } from "../records/record-change-job";
import { parseRecordJob, selectionOf } from "../records/record-job-create";
import { createMutation } from "./create-mutation";

/**
 * `sheet:mutate-records`: the selected records through the job's mutation (a `mutateRecord` function in the
 * WebAssembly sandbox, or a person's bulk edit), after a snapshot, chunk by chunk. One sandbox serves the whole run
 * and is disposed with it. Its outcome offers Undo, which puts the changed cells back.
 */
export const mutateJobHandler: SystemJobHandler = {
  ...RECORD_JOBS.mutate,
  async run(run) {
    const job = parseRecordJob("mutate", run.job.config);
    const sheet = await sheetOf(run, job.sheetId);
    const { bulkEdit } = job.config;
    const fieldLabel = bulkEdit
      ? (sheet.config.fields.find((field) => field.key === bulkEdit.fieldKey)?.label ?? bulkEdit.fieldKey)
      : undefined;
    const what = fieldLabel ? `${fieldLabel} in ${sheet.name}` : sheet.name;
    const mutation = createMutation(job.config, sheet);
    try {
      await runRecordChangeJob(run, {
        sheet,
        selection: selectionOf(job),
        snapshot: {
          label: snapshotLabelOf(
            run,
            job.config.snapshotLabel,
            bulkEdit ? `Before the bulk edit of ${what}` : `Before the mutation of ${sheet.name}`,
          ),
        },
        // The sandbox runs inside the chunk's transaction; the chunk sizer keeps each chunk near 20 ms, and the
        // sandbox's own limits bound a slow function.
        change: async (records) => ({ edits: await mutation.apply(records) }),
        progressInfo: (done, expected) =>
          `Checked ${formatCount(done.scanned)} of ${recordsWord(expected)}; ${formatCount(done.updated)} changed`,
        outcome: (result) => ({
          heading: bulkEdit ? "Bulk edit complete" : "Mutation complete",
          message:
            result.updated === 0
              ? `No record of ${sheet.name} needed a change.`
              : `${recordsWord(result.updated)} changed in ${sheet.name}.`,
        }),
      });
    } finally {
      mutation.dispose();
    }
  },
  interrupted: discardRecordChangeJob,
};
