import type { ApiClient } from "../../sdk";
import { cell, type Job, type SheetRecord } from "../kit";
import { defineAction } from "./define";

const PAGE_SIZE = 500;

const idList = (value: unknown): string[] => {
  const list = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : [];
  return list.filter((id): id is string => typeof id === "string" && id.trim() !== "").map((id) => id.trim());
};

/**
 * The records the job's subject selects, read from the sheet: `{type: "collection", resource: "records", query: {ids}}`
 * names them; without `ids` (the dashboard's "select all"), every record of the sheet that matches the query's
 * `filter` and `searchValue` is selected, except `query.exceptions`.
 */
export async function selectedRecords(
  api: ApiClient,
  job: Job,
  signal?: AbortSignal,
): Promise<SheetRecord[]> {
  const subject = job.subject;
  if (subject?.type !== "collection" || subject.resource !== "records") return [];
  const query = subject.query ?? {};
  const sheetId = job.source;
  if (query.ids !== undefined) {
    const ids = idList(query.ids);
    if (ids.length === 0) return [];
    return (await api.records.get(sheetId, { ids, pageSize: ids.length }, { signal })).records;
  }
  const filter = query.filter === "valid" || query.filter === "error" ? query.filter : "all";
  const searchValue =
    typeof query.searchValue === "string" && query.searchValue ? query.searchValue : undefined;
  const exceptions = new Set(idList(query.exceptions));
  // Every page is read before anything changes, so marking records cannot move the pages under the reader.
  const records: SheetRecord[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await api.records.get(
      sheetId,
      { filter, ...(searchValue ? { searchValue } : {}), pageSize: PAGE_SIZE, pageNumber },
      { signal },
    );
    records.push(...page.records.filter((record) => !exceptions.has(record.id)));
    if (pageNumber >= page.pagination.pageCount) return records;
  }
}

/**
 * "Mark as contacted", a sheet action that needs a selection (`hasSelection`): the job's subject names the selected
 * records (by ids, or as every record matching a filter and search but some), and their status becomes "contacted".
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
    await tick(30, "Reading the selected contacts");
    const records = await selectedRecords(api, job, signal);
    if (records.length === 0) throw new Error("Select the contacts to mark first");
    const sheetId = job.source;
    const changing = records.filter((record) => cell(record, "status") !== "contacted");
    if (changing.length > 0) {
      await tick(60, `Updating ${changing.length} contacts`);
      for (let start = 0; start < changing.length; start += 10_000) {
        await api.records.update(
          sheetId,
          changing
            .slice(start, start + 10_000)
            .map((record) => ({ id: record.id, values: { status: { value: "contacted" } } })),
          { signal },
        );
      }
    }
    const already = records.length - changing.length;
    return {
      message:
        `Marked ${changing.length} contact${changing.length === 1 ? "" : "s"} as contacted` +
        (already ? ` (${already} already were).` : "."),
    };
  },
);
