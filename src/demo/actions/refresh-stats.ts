import { STATS_HEADING } from "../sample-data";
import { allRecords, cell, CONTACTS_SLUG, spaceIdOf } from "../kit";
import { defineAction } from "./define";

/**
 * "Refresh statistics", a document action: counts the contacts by status and writes the numbers into the page. It
 * also runs by itself every hour (a scheduled action): the jobs panel shows the next run under "Upcoming".
 */
export const refreshStats = defineAction(
  "document",
  {
    operation: "refresh-stats",
    label: "Refresh statistics",
    description: "Count the contacts again and update this page.",
    mode: "foreground",
    primary: true,
    confirm: false,
    icon: "chart",
    schedule: "hourly",
  },
  async (job, tick, { api, signal }) => {
    const spaceId = spaceIdOf(job);
    const documentId = job.source;
    await tick(20, "Counting the contacts");
    const { data: workbooks } = await api.workbooks.list({ spaceId }, { signal });
    const sheets = workbooks.flatMap((workbook) => workbook.sheets).filter((s) => s.slug === CONTACTS_SLUG);
    const byStatus = new Map<string, number>();
    let total = 0;
    let invalid = 0;
    for (const sheet of sheets) {
      for (const record of await allRecords(api, sheet.id)) {
        total += 1;
        if (!record.valid) invalid += 1;
        const status = String(cell(record, "status") ?? "(none)");
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      }
    }

    await tick(70, "Updating the page");
    const document = await api.documents.get(spaceId, documentId, { signal });
    const at = document.body.indexOf(STATS_HEADING);
    const before = at >= 0 ? document.body.slice(0, at) : `${document.body.trimEnd()}\n\n`;
    const table = [
      "| Status | Contacts |",
      "| --- | ---: |",
      ...[...byStatus].sort(([a], [b]) => a.localeCompare(b)).map(([status, n]) => `| ${status} | ${n} |`),
    ];
    const stats = [
      STATS_HEADING,
      "",
      `${total} contacts, ${invalid} with errors (counted ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC).`,
      "",
      ...table,
      "",
    ].join("\n");
    await api.documents.update(spaceId, documentId, { body: before + stats }, { signal });
    return { message: `Counted ${total} contacts; the statistics on this page are up to date.` };
  },
);
