import { allRecords, contactsSheet, recordsToCsv, sleep, spaceIdOf, today, workbookIdOf } from "../kit";
import { defineAction } from "./define";

/** How long each step takes (about six seconds in all: long enough to watch the overlay). */
const STEP_MS = { read: 600, batch: 900, write: 500, upload: 300 };
const BATCHES = 5;

/**
 * "Export Data", the seed document's workbook action: a foreground job of about six seconds that reports its
 * progress with a changing message and an estimated completion time, writes the contacts to a CSV file stored in the
 * space (mode export) and ends with a button that downloads it. Each step writes a line to the job's log, and a warning
 * names the contacts exported with errors.
 */
export const exportData = defineAction(
  "workbook",
  {
    operation: "export",
    label: "Export Data",
    description:
      "Export every contact of the October report to a CSV file you can download. It takes a few seconds; the workbook is locked meanwhile.",
    tooltip: "Export the contacts as CSV",
    mode: "foreground",
    primary: true,
    confirm: true,
    icon: "download",
  },
  async (job, _tick, { api, signal, log }) => {
    // Each report says how much work is left, so the estimate holds steady instead of jumping with the pace.
    const report = (progress: number, info: string, remainingMs: number) =>
      api.jobs.update(
        job.id,
        { progress, info, estimatedCompletionAt: new Date(Date.now() + remainingMs).toISOString() },
        { signal },
      );
    const tail = STEP_MS.write + STEP_MS.upload;

    await report(5, "Reading the contacts", STEP_MS.read + BATCHES * STEP_MS.batch + tail);
    const sheet = await contactsSheet(api, workbookIdOf(job));
    const records = await allRecords(api, sheet.id);
    log.info(`Read ${records.length} contacts from ${sheet.name}`, {
      sheetId: sheet.id,
      records: records.length,
    });
    await sleep(STEP_MS.read, signal);

    const size = Math.ceil(records.length / BATCHES);
    const batches = Math.ceil(records.length / size) || 0;
    for (let batch = 0; batch < batches; batch++) {
      const first = batch * size + 1;
      const last = Math.min((batch + 1) * size, records.length);
      await report(
        10 + Math.round((70 * last) / records.length),
        `Formatting contacts ${first}–${last} of ${records.length}`,
        (batches - batch) * STEP_MS.batch + tail,
      );
      await sleep(STEP_MS.batch, signal);
      log.info(`Formatted contacts ${first}–${last}`);
    }
    const invalid = records.filter((record) => !record.valid);
    if (invalid.length > 0)
      log.warn(`${invalid.length} contacts have errors; they are exported with valid=no`, {
        recordIds: invalid.slice(0, 10).map((record) => record.id),
      });

    const name = `october-report-${today()}.csv`;
    await report(85, `Writing ${name}`, tail);
    const csv = recordsToCsv(sheet, records, { valid: (record) => (record.valid ? "yes" : "no") });
    await sleep(STEP_MS.write, signal);
    log.debug(`Wrote ${csv.length} characters of CSV`);

    await report(95, `Uploading ${name}`, STEP_MS.upload);
    const file = await api.files.upload(
      { spaceId: spaceIdOf(job), mode: "export", file: new Blob([csv], { type: "text/csv" }), name },
      { signal },
    );
    log.info(`Uploaded ${name}`, { fileId: file.id });
    return {
      heading: "Export ready",
      message: `Exported ${records.length} contacts (${invalid.length} with errors) to ${name}.`,
      acknowledge: true,
      next: { type: "files", label: "Download the CSV", files: [{ fileId: file.id, label: name }] },
    };
  },
);
