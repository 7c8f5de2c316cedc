import { allRecords, cell, contactsSheet, sleep, workbookIdOf } from "../kit";
import { defineAction } from "./define";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * "Validate all", in `toolbarBlocking` mode: the sheet toolbar and the workbook's other actions are disabled while
 * it runs, but cells stay editable. It counts the errors the server found per field and adds two checks the sheet's
 * configuration cannot express (email format, a plausible age).
 */
export const validateAll = defineAction(
  "workbook",
  {
    operation: "validate-all",
    label: "Validate all",
    description:
      "Check every contact. The toolbar is locked until the check is done; you can keep editing cells.",
    mode: "toolbarBlocking",
    confirm: false,
    icon: "check",
    constraints: [{ type: "hasData" }],
  },
  async (job, tick, { api, signal }) => {
    const sheet = await contactsSheet(api, workbookIdOf(job));
    await tick(10, "Reading the contacts");
    const records = await allRecords(api, sheet.id);

    const errorsByField = new Map<string, number>();
    const suspicious: string[] = [];
    const chunk = Math.ceil(records.length / 4) || 1;
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      for (const [key, value] of Object.entries(record.values)) {
        if (!value.valid) errorsByField.set(key, (errorsByField.get(key) ?? 0) + 1);
      }
      const email = cell(record, "email");
      if (typeof email === "string" && email && !EMAIL.test(email)) suspicious.push(`email "${email}"`);
      const age = cell(record, "age");
      if (typeof age === "number" && (age < 16 || age > 110)) suspicious.push(`age ${age}`);
      if ((i + 1) % chunk === 0 || i === records.length - 1) {
        await tick(10 + Math.round((80 * (i + 1)) / records.length), `Checked ${i + 1} of ${records.length}`);
        await sleep(400, signal);
      }
    }

    const labels = new Map(sheet.config.fields.map((field) => [field.key, field.label ?? field.key]));
    const invalid = records.filter((record) => !record.valid).length;
    const lines = [
      `Checked ${records.length} contacts: ${records.length - invalid} valid, ${invalid} with errors.`,
    ];
    for (const [key, count] of errorsByField) lines.push(`${labels.get(key) ?? key}: ${count} with an error`);
    if (suspicious.length) lines.push(`Worth a second look: ${suspicious.join(", ")}`);
    return { heading: "Validation finished", message: lines.join("\n") };
  },
);
