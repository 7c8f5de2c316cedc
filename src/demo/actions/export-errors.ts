import { allRecords, recordErrors, recordsToCsv, spaceIdOf, today } from "../kit";
import { defineAction } from "./define";

/**
 * "Rows with errors": the contacts that have an error, with what is wrong, as a CSV stored in the space (mode
 * export), downloaded from the outcome (`next: files`).
 */
export const exportErrors = defineAction(
  "sheet",
  {
    operation: "export-errors",
    label: "Rows with errors",
    description: "Download the contacts that have an error, with the reason, to fix them elsewhere.",
    mode: "background",
    confirm: false,
    icon: "alert",
    constraints: [{ type: "hasData" }],
  },
  async (job, tick, { api, signal }) => {
    const sheet = await api.sheets.get(job.source, { signal });
    await tick(30, "Finding the contacts with errors");
    const records = await allRecords(api, sheet.id, "error");
    if (records.length === 0) return { heading: "No errors", message: "Every contact is valid." };

    const name = `contacts-with-errors-${today()}.csv`;
    await tick(70, `Writing ${name}`);
    const csv = recordsToCsv(sheet, records, { errors: recordErrors });
    const file = await api.files.upload(
      { spaceId: spaceIdOf(job), mode: "export", file: new Blob([csv], { type: "text/csv" }), name },
      { signal },
    );
    return {
      heading: "Contacts with errors",
      message: `${records.length} contacts have an error; the CSV lists them with the reason.`,
      acknowledge: true,
      next: { type: "files", label: "Download the CSV", files: [{ fileId: file.id, label: name }] },
    };
  },
);
