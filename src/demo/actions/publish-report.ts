import { allRecords, cell, contactsSheet, sleep, workbookIdOf } from "../kit";
import { defineAction } from "./define";

export const REPORT_URL = "https://example.com/report";

/**
 * "Publish report": sums the contacts up by status, keeps the summary in the workbook's metadata and links to the
 * (external) page where such a report would be published (`next: url`, opened in a new tab).
 */
export const publishReport = defineAction(
  "workbook",
  {
    operation: "publish-report",
    label: "Publish report",
    description: "Publish a summary of the October contacts on the reporting site.",
    mode: "background",
    confirm: true,
    icon: "globe",
  },
  async (job, tick, { api, signal }) => {
    const workbookId = workbookIdOf(job);
    const sheet = await contactsSheet(api, workbookId);
    await tick(20, "Summing up the contacts");
    const byStatus: Record<string, number> = {};
    for (const record of await allRecords(api, sheet.id, "valid")) {
      const status = String(cell(record, "status") ?? "none");
      byStatus[status] = (byStatus[status] ?? 0) + 1;
    }
    await sleep(500, signal);

    await tick(70, "Publishing");
    const workbook = await api.workbooks.get(workbookId, { signal });
    const publishedAt = new Date().toISOString();
    await api.workbooks.update(
      workbookId,
      { metadata: { ...workbook.metadata, report: { publishedAt, url: REPORT_URL, byStatus } } },
      { signal },
    );
    const summary = Object.entries(byStatus)
      .map(([status, count]) => `${status} ${count}`)
      .join(", ");
    return {
      heading: "Report published",
      message: `The October summary is online (${summary}).`,
      acknowledge: true,
      next: { type: "url", url: REPORT_URL, label: "Open the report" },
    };
  },
);
