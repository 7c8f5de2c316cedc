import type { SpaceFile } from "../../../../core";
import { Progress } from "../../../components/ui/progress";
import type { Extraction } from "../api/use-file-extraction";

const STATUS_LABELS: Record<SpaceFile["status"], string> = {
  complete: "Complete",
  partial: "Partial",
  archived: "Archived",
  failed: "Failed",
};

/** Screen readers hear the extraction start, cross each quarter and end; more would drown the page. */
const STEP = 25;

function announcement(file: SpaceFile, extraction: Extraction): string {
  switch (extraction.state) {
    case "waiting":
      return `${file.name}: waiting to be extracted`;
    case "running":
      return `${file.name}: extracting, ${Math.floor((extraction.job.progress ?? 0) / STEP) * STEP}%`;
    case "extracted":
      return `${file.name} extracted`;
    case "failed":
      return `${file.name} could not be extracted`;
    case "none":
      return "";
  }
}

/**
 * A file's status in the files table: for an import file, where its extraction is (waiting, a live bar with the rows
 * read so far, extracted, or failed with the reason); for others the stored status.
 */
export function ExtractionStatus({ file, extraction }: { file: SpaceFile; extraction: Extraction }) {
  const live = (
    <span className="visually-hidden" aria-live="polite">
      {announcement(file, extraction)}
    </span>
  );
  switch (extraction.state) {
    case "none":
      return (
        <span className="file-status" data-status={file.status}>
          {STATUS_LABELS[file.status]}
        </span>
      );
    case "extracted":
      return (
        <>
          <span className="file-status" data-status="complete">
            Extracted
          </span>
          {live}
        </>
      );
    case "failed":
      return (
        <div className="file-extraction">
          <span className="file-status" data-status="failed">
            Extraction failed
          </span>
          {extraction.reason ? <span className="file-extraction-reason">{extraction.reason}</span> : null}
          {live}
        </div>
      );
    case "waiting":
    case "running": {
      const job = extraction.state === "running" ? extraction.job : undefined;
      const progress = job?.progress ?? 0;
      return (
        <div className="file-extraction">
          <span className="file-status" data-status="partial">
            {job ? "Extracting" : "Waiting to extract"}
          </span>
          <Progress
            value={progress}
            aria-label={`Extraction of ${file.name}`}
            getValueLabel={(value) => `${value}%`}
          />
          <span className="file-extraction-info muted">{job?.info ?? "Queued"}</span>
          {live}
        </div>
      );
    }
  }
}
