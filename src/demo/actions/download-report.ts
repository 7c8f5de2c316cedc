import { sleep } from "../kit";
import { defineAction } from "./define";

/** Served with the dashboard: Vite copies `public/demo/october-report.csv` into the built dashboard. */
export const REPORT_PATH = "/demo/october-report.csv";
export const REPORT_FILE_NAME = "october-report.csv";

/** "Download report": ends with a download of a file served by the dashboard (`next: download`). */
export const downloadReport = defineAction(
  "workbook",
  {
    operation: "download-report",
    label: "Download report",
    description: "Download the October management report (CSV).",
    mode: "background",
    confirm: false,
    icon: "file",
  },
  async (_job, tick, { signal }) => {
    await tick(50, "Preparing the report");
    await sleep(400, signal);
    return {
      heading: "Report ready",
      message: `The October management report is ready as ${REPORT_FILE_NAME}.`,
      acknowledge: true,
      next: { type: "download", url: REPORT_PATH, fileName: REPORT_FILE_NAME, label: "Download the report" },
    };
  },
);
