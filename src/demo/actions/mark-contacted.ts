import { cell, type Job } from "../kit";
import { defineAction } from "./define";

/** The record ids of the job's subject: `{ type: "collection", resource: "records", query: { ids } }`. */
export function selectedRecordIds(job: Job): string[] {
  const subject = job.subject;
  if (subject?.type !== "collection" || subject.resource !== "records") return [];
  const ids = subject.query?.ids;
  const list = Array.isArray(ids) ? ids : typeof ids === "string" ? ids.split(",") : [];
  return list.filter((id): id is string => typeof id === "string" && id.trim() !== "").map((id) => id.trim());
}

/**
 * "Mark as contacted", a sheet action that needs a selection (`hasSelection`): the job's subject names the selected
 * records, and their status becomes "contacted".
 */
export const markContacted = defineAction(
  "sheet",
  {
    operation: "mark-contacted",
    label: "Mark as contacted",
    description: "Set the status of the selected contacts to Contacted.",
    mode: "background",
    primary: true,
    confirm: false,
    icon: "phone",
    constraints: [{ type: "hasSelection" }],
  },
  async (job, tick, { api, signal }) => {
    const ids = selectedRecordIds(job);
    if (ids.length === 0) throw new Error("Select the contacts to mark first");
    const sheetId = job.source;
    await tick(30, `Reading ${ids.length} selected contacts`);
    const { records } = await api.records.get(sheetId, { ids, pageSize: ids.length }, { signal });
    const changing = records.filter((record) => cell(record, "status") !== "contacted");
    if (changing.length > 0) {
      await tick(60, `Updating ${changing.length} contacts`);
      await api.records.update(
        sheetId,
        changing.map((record) => ({ id: record.id, values: { status: { value: "contacted" } } })),
        { signal },
      );
    }
    const already = records.length - changing.length;
    return {
      message:
        `Marked ${changing.length} contact${changing.length === 1 ? "" : "s"} as contacted` +
        (already ? ` (${already} already were).` : "."),
    };
  },
);
