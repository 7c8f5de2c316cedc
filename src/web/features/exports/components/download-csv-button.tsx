import { useMutation, useQueryClient } from "@tanstack/react-query";
import { EXPORT_JOBS } from "../../../../core";
import { useApi } from "../../../lib/api-context";
import { addNewJob } from "../../jobs";
import { startDownload } from "../../outcomes";
import { DIRECT_DOWNLOAD_ROWS, downloadName, exportOptionsOf, type ShownRecords } from "../export-options";
import { DownloadIcon } from "./download-icon";
import "../exports.css";
import { errorText } from "../../../lib/error-text";

/** A blob URL outlives the click that downloads it long enough for the browser to start saving. */
const REVOKE_AFTER_MS = 60_000;

/**
 * "Download CSV" in the sheet's toolbar: the records the grid shows (its filter, search, sort and visible columns).
 * Up to {@link DIRECT_DOWNLOAD_ROWS} records download at once; more are exported by the `sheet:export-csv` job,
 * which the jobs panel follows and whose outcome downloads the file.
 */
export function DownloadCsvButton({
  sheet,
  shown,
  matching,
}: {
  sheet: { id: string; name: string };
  shown: ShownRecords;
  /** How many records the grid shows, when known. */
  matching: number | undefined;
}) {
  const api = useApi();
  const client = useQueryClient();
  const options = exportOptionsOf(shown);
  const direct = matching !== undefined && matching <= DIRECT_DOWNLOAD_ROWS;
  const download = useMutation({
    mutationFn: async (): Promise<"downloaded" | "exporting"> => {
      if (direct) {
        const response = await api.sheets.downloadCsv(sheet.id, options);
        const url = URL.createObjectURL(await response.blob());
        startDownload(url, downloadName(sheet.name));
        setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
        return "downloaded";
      }
      const job = await api.jobs.create({
        ...EXPORT_JOBS.sheet,
        source: sheet.id,
        config: { options },
      });
      addNewJob(client, job);
      return "exporting";
    },
  });
  return (
    <div className="export-control" data-slot="download-csv">
      <button
        type="button"
        className="button"
        disabled={download.isPending || matching === 0}
        aria-describedby={`download-csv-note-${sheet.id}`}
        onClick={() => download.mutate()}
      >
        <DownloadIcon />
        {download.isPending ? (direct ? "Downloading…" : "Starting export…") : "Download CSV"}
      </button>
      <span id={`download-csv-note-${sheet.id}`} className="visually-hidden">
        {direct
          ? "Downloads the records shown, in the visible columns"
          : "Exports the records shown, in the visible columns, as a file in this space"}
      </span>
      <span className="export-status" role="status">
        {download.data === "exporting"
          ? "Exporting: the jobs panel shows its progress, and offers the file when it is ready."
          : null}
      </span>
      {download.isError ? (
        <span className="error-text" role="alert">
          Could not download: {errorText(download.error)}
        </span>
      ) : null}
    </div>
  );
}
