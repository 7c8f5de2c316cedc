import { defineAction } from "./define";

/** The columns "Contact details only" keeps; it hides the others. */
export const CONTACT_COLUMNS = ["firstName", "lastName", "email", "status"];

/** "Contact details only": hides every column but name, email and status (`next: view`). */
export const contactDetails = defineAction(
  "sheet",
  {
    operation: "contact-details",
    label: "Contact details only",
    description: "Show only the columns needed to get in touch.",
    mode: "background",
    confirm: false,
    icon: "eye",
  },
  async (job, _tick, { api, signal }) => {
    const sheet = await api.sheets.get(job.source, { signal });
    const hiddenColumns = sheet.config.fields
      .map((field) => field.key)
      .filter((key) => !CONTACT_COLUMNS.includes(key));
    return {
      message: `Showing ${CONTACT_COLUMNS.length} of ${sheet.config.fields.length} columns.`,
      acknowledge: true,
      next: { type: "view", sheetId: sheet.id, hiddenColumns, label: "Hide the other columns" },
    };
  },
);
