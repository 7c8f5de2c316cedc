import { use, useEffect, useRef } from "react";
import { Link } from "../../../lib/router";
import type { SpaceFile } from "../../../../core";
import { Button } from "../../../components/ui/button";
import { sheetByIdPath } from "../../../lib/paths";
import { FileActionsMenu } from "../../actions";
import { useFileExtraction } from "../api/use-file-extraction";
import { ExtractedFileActionsContext } from "../extracted-file-actions-context";
import { dateText, sizeText } from "../file-text";
import { ExtractionStatus } from "./extraction-status";
import { FileDownloadLink } from "./file-download-link";

const MODE_LABELS: Record<SpaceFile["mode"], string> = { import: "Import", export: "Export" };

const typeText = (file: SpaceFile) => file.ext.toUpperCase() || file.mimetype || "—";

/** One file of the table: name (downloads it), size, type, date, status (its extraction, live), mode and actions. */
export function FileRow({
  spaceId,
  file,
  canDelete,
  picked = false,
  onDelete,
}: {
  spaceId: string;
  file: SpaceFile;
  canDelete: boolean;
  /** The file a link asked for: marked, and scrolled into view once. */
  picked?: boolean;
  onDelete: (trigger: HTMLElement) => void;
}) {
  const extraction = useFileExtraction(spaceId, file);
  const ExtractedActions = use(ExtractedFileActionsContext);
  const row = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (picked) row.current?.scrollIntoView?.({ block: "nearest" });
  }, [picked]);
  return (
    <tr ref={row} data-picked={picked || undefined} aria-current={picked ? "true" : undefined}>
      <th scope="row" className="files-name">
        <FileDownloadLink file={file} />
      </th>
      <td className="files-number">{sizeText(file.size)}</td>
      <td className="files-type" title={file.mimetype}>
        {typeText(file)}
      </td>
      <td className="files-date">
        <time dateTime={file.createdAt}>{dateText(file.createdAt)}</time>
      </td>
      <td className="files-status">
        <ExtractionStatus file={file} extraction={extraction} />
      </td>
      <td>
        <span className="file-mode" data-mode={file.mode}>
          {MODE_LABELS[file.mode]}
        </span>
      </td>
      <td className="files-actions">
        <div className="files-row-actions">
          {extraction.state === "extracted" ? (
            <>
              <Button asChild variant="ghost" className="files-open">
                <Link
                  to={sheetByIdPath(spaceId, extraction.sheetId)}
                  aria-label={`Open the data of ${file.name}`}
                >
                  Open
                </Link>
              </Button>
              {ExtractedActions ? (
                <ExtractedActions
                  spaceId={spaceId}
                  file={file}
                  workbookId={extraction.workbookId}
                  sheetId={extraction.sheetId}
                />
              ) : null}
            </>
          ) : null}
          {canDelete ? (
            <Button
              variant="ghost"
              className="files-delete"
              aria-label={`Delete ${file.name}`}
              onClick={(event) => onDelete(event.currentTarget)}
            >
              Delete
            </Button>
          ) : null}
          {/* Download and Delete are in the row already: a menu only for the file's own actions, never an empty one. */}
          {file.actions.length ? <FileActionsMenu spaceId={spaceId} file={file} /> : null}
        </div>
      </td>
    </tr>
  );
}
