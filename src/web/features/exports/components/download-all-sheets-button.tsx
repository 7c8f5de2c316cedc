import { useMutation, useQueryClient } from "@tanstack/react-query";
import { EXPORT_JOBS } from "../../../../core";
import { useApi } from "../../../lib/api-context";
import { addNewJob } from "../../jobs";
import { DownloadIcon } from "./download-icon";
import "../exports.css";
import { errorText } from "../../../lib/error-text";

/**
 * "Download all sheets" of a workbook: runs the `workbook:export-csv` job, which writes one zip with every sheet's
 * CSV into the space; the jobs panel follows it and its outcome downloads the file.
 */
export function DownloadAllSheetsButton({ workbook }: { workbook: { id: string; name: string } }) {
  const api = useApi();
  const client = useQueryClient();
  const exportAll = useMutation({
    mutationFn: async () => {
      const job = await api.jobs.create({
        ...EXPORT_JOBS.workbook,
        source: workbook.id,
        config: { options: { bom: true } },
      });
      addNewJob(client, job);
      return job;
    },
  });
  return (
    <div className="export-control" data-slot="download-all-sheets">
      <button
        type="button"
        className="button"
        disabled={exportAll.isPending}
        aria-label={`Download all sheets of ${workbook.name}`}
        onClick={() => exportAll.mutate()}
      >
        <DownloadIcon />
        {exportAll.isPending ? "Starting export…" : "Download all sheets"}
      </button>
      <span className="export-status" role="status">
        {exportAll.isSuccess
          ? "Exporting every sheet into a zip: the jobs panel shows its progress, and offers the file when it is ready."
          : null}
      </span>
      {exportAll.isError ? (
        <span className="error-text" role="alert">
          Could not start the export: {errorText(exportAll.error)}
        </span>
      ) : null}
    </div>
  );
}
