import { contactsSheet, sleep, workbookIdOf } from "../kit";
import { defineAction } from "./define";

export const DESTINATIONS = [
  { value: "crm", label: "CRM", description: "Create or update a lead per contact" },
  { value: "warehouse", label: "Data warehouse", description: "Append the rows to the contacts table" },
  { value: "finance", label: "Finance team", description: "Email a spreadsheet to finance" },
];

/**
 * "Submit": a background job with a form that has a field of every type (enum with described options, text, long
 * text, number, boolean), required fields, an email address and a number with a minimum. The server refuses a job whose input does not fit the form (400)
 * before any listener sees it; the outcome repeats what was entered and waits for the user to acknowledge it.
 */
export const submit = defineAction(
  "workbook",
  {
    operation: "submit",
    label: "Submit",
    description: "Send the October contacts to another system. Choose where, and who gets the summary.",
    tooltip: "Send the contacts somewhere else",
    mode: "background",
    confirm: true,
    icon: "send",
    inputForm: {
      type: "simple",
      fields: [
        {
          key: "destination",
          label: "Destination",
          description: "Where the contacts go",
          type: "enum",
          defaultValue: "crm",
          config: { options: DESTINATIONS },
          constraints: [{ type: "required" }],
        },
        {
          key: "recipient",
          label: "Send the summary to",
          description: "An email address",
          type: "string",
          constraints: [{ type: "required" }, { type: "email" }],
        },
        {
          key: "batchSize",
          label: "Batch size",
          description: "Contacts sent per request",
          type: "number",
          defaultValue: 25,
          constraints: [{ type: "min", value: 1 }],
        },
        {
          key: "includeInvalid",
          label: "Include contacts with errors",
          type: "boolean",
          defaultValue: false,
        },
        { key: "note", label: "Note", description: "Added to the summary", type: "textarea" },
      ],
    },
  },
  async (job, tick, { api, signal }) => {
    const input = job.input ?? {};
    const destination = DESTINATIONS.find((d) => d.value === input.destination);
    const recipient = typeof input.recipient === "string" ? input.recipient : "";
    if (!destination || !recipient) throw new Error("Choose a destination and a recipient");
    // The server refused anything below the field's minimum of 1; an empty field means the default.
    const batchSize = typeof input.batchSize === "number" ? Math.max(1, Math.floor(input.batchSize)) : 25;
    const includeInvalid = input.includeInvalid === true;
    const note = typeof input.note === "string" ? input.note.trim() : "";

    const sheet = await contactsSheet(api, workbookIdOf(job));
    const { counts } = await api.sheets.counts(sheet.id, { signal });
    const total = includeInvalid ? counts.total : counts.valid;
    const batches = Math.max(1, Math.ceil(total / batchSize));
    for (let batch = 1; batch <= batches; batch++) {
      await tick(Math.round((batch / batches) * 90), `Sending batch ${batch} of ${batches}`);
      await sleep(Math.min(400, 2_000 / batches), signal);
    }

    const lines = [
      `Sent ${total} contacts to ${destination.label} in ${batches} batch${batches === 1 ? "" : "es"} of up to ${batchSize}.`,
      `Destination: ${destination.label} (${destination.value})`,
      `Summary sent to: ${recipient}`,
      `Contacts with errors: ${includeInvalid ? "included" : `left out (${counts.error})`}`,
      ...(note ? [`Note: ${note}`] : []),
    ];
    return {
      heading: "Submitted",
      message: lines.join("\n"),
      acknowledge: true,
    };
  },
);
