import { RECORD_JOBS, formatCount, recordsWord } from "../../../core";
import type { SystemJobRun } from "../system-job-run";
import type { SystemJobHandler } from "../system-worker";
import type { StoredSheet } from "../../store/store";
import {
  discardRecordChangeJob,
  finishHandOver,
  runRecordChangeJob,
  sheetOf,
  type RecordChangeResult,
} from "./record-change-job";
import { parseRecordJob, selectionOf } from "./record-job-create";

/** The snapshot's label: the caller's, else the one written at creation, else a plain one. */
export const snapshotLabelOf = (run: SystemJobRun, given: string | undefined, fallback: string) =>
  given ??
  (typeof run.job.metadata.snapshotLabel === "string" ? run.job.metadata.snapshotLabel : undefined) ??
  fallback;

/** The delete's outcome: "Records deleted", "1,204 records deleted from Contacts." */
const deleteOutcome = (sheet: StoredSheet) => (result: RecordChangeResult) => ({
  heading: "Records deleted",
  message: `${recordsWord(result.deleted)} deleted from ${sheet.name}.`,
});

/**
 * `workbook:delete-records`: deletes the selected records of one sheet (Flatfile's rule: `ids` leave records out once
 * a filter or search applies; `exceptions` always do), after a snapshot of the sheet, chunk by chunk. A delete of
 * the whole sheet hands its records to the snapshot in one transaction where the store can (decision 033), then
 * announces them chunk by chunk; a cancel after that finishes the announce. Its outcome offers Undo, which brings
 * the deleted records back.
 */
export const deleteRecordsJobHandler: SystemJobHandler = {
  ...RECORD_JOBS.deleteRecords,
  async run(run) {
    const job = parseRecordJob("deleteRecords", run.job.config);
    const sheet = await sheetOf(run, job.sheetId);
    await runRecordChangeJob(run, {
      sheet,
      selection: selectionOf(job),
      snapshot: {
        label: snapshotLabelOf(run, job.config.snapshotLabel, `Before deleting records from ${sheet.name}`),
      },
      change: "delete",
      progressInfo: (done, expected) => `Deleted ${formatCount(done.deleted)} of ${recordsWord(expected)}`,
      outcome: deleteOutcome(sheet),
    });
  },
  async interrupted(deps, job, last) {
    const sheetId = parseRecordJob("deleteRecords", last.config).sheetId;
    if (await finishHandOver(deps, job, last, sheetId, deleteOutcome)) return;
    await discardRecordChangeJob(deps, job);
  },
};

/**
 * `sheet:validate`: validates every record of the sheet again with its fields as they are now (after a field
 * changed, say), chunk by chunk with progress; only the records whose cells or validity changed are written, each
 * chunk with its `commit:created`, so the grid's counts follow. No snapshot: it changes no value.
 */
export const validateJobHandler: SystemJobHandler = {
  ...RECORD_JOBS.validate,
  async run(run) {
    const job = parseRecordJob("validate", run.job.config);
    const sheet = await sheetOf(run, run.job.source);
    await runRecordChangeJob(run, {
      sheet,
      selection: selectionOf(job),
      snapshot: false,
      change: (records) => ({ edits: records.map((record) => ({ id: record.id, values: {} })) }),
      progressInfo: (done, expected) => `Validated ${formatCount(done.scanned)} of ${recordsWord(expected)}`,
      outcome: (result) => {
        const changed = result.updated + result.revalidated;
        return {
          heading: "Validation complete",
          message: `${recordsWord(result.scanned)} validated in ${sheet.name}; ${
            changed === 0 ? "none changed" : `${formatCount(changed)} changed`
          }.`,
        };
      },
    });
  },
};
