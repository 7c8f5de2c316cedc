import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useParams, useSearchParams } from "../../../lib/router";
import type { FileMode, SpaceFile } from "../../../../core";
import { Button } from "../../../components/ui/button";
import { ToggleGroup, ToggleGroupItem } from "../../../components/ui/toggle-group";
import { useApi } from "../../../lib/api-context";
import { ActionIcon } from "../../actions";
import { useSessionStore } from "../../auth";
import { filesQueryOptions } from "../../spaces";
import { useUploads } from "../api/use-uploads";
import { DeleteFileDialog } from "./delete-file-dialog";
import { FileRow } from "./file-row";
import { UploadList } from "./upload-list";
import { useFileDrop } from "./use-file-drop";
import "../files.css";
import { errorText } from "../../../lib/error-text";

const asMode = (value: string | null): FileMode | undefined =>
  value === "import" || value === "export" ? value : undefined;

const MODE_LABELS: Record<FileMode, string> = { import: "Import", export: "Export" };
const MODE_PLURALS: Record<FileMode, string> = { import: "imports", export: "exports" };

/**
 * `/space/:spaceId/files?mode=import|export`: the space's files, newest first. Files are uploaded with the button or
 * dropped on the page; each name downloads its file; each row has the file's actions menu (when it has actions) and,
 * for operators, Delete. `?file=<id>` picks out one file (the sidebar links to its files so).
 */
export function FilesPage() {
  const { spaceId = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const mode = asMode(search.get("mode"));
  // A file picked out by a link (`?file=`): its row is marked and scrolled into view.
  const picked = search.get("file") ?? undefined;
  const uploadMode = mode ?? "import";
  const api = useApi();
  const canDelete = useSessionStore((state) => state.session?.role === "operator");
  const files = useQuery(filesQueryOptions(api, spaceId));
  const uploads = useUploads(spaceId);
  const input = useRef<HTMLInputElement>(null);
  const upload = useRef<HTMLButtonElement>(null);
  // The file asked about stays set while the dialog closes; `trigger` gets the focus back (or Upload, once deleted).
  const [deleting, setDeleting] = useState<{ file: SpaceFile; trigger: HTMLElement; open: boolean }>();
  const { dragging, dropProps } = useFileDrop((dropped) => void uploads.upload(dropped, uploadMode));

  const shown = files.data?.filter((file) => !mode || file.mode === mode);
  const count = (which?: FileMode) =>
    files.data ? ` (${files.data.filter((file) => !which || file.mode === which).length})` : "";
  return (
    <main className="content files-page" id="main" data-dragging={dragging || undefined} {...dropProps}>
      <p className="eyebrow">Space</p>
      <div className="view-header">
        <h1>Files</h1>
        <div className="files-toolbar">
          <ToggleGroup
            type="single"
            value={mode ?? "all"}
            onValueChange={(next) => {
              if (next) setSearch(next === "all" ? {} : { mode: next }, { replace: true });
            }}
            aria-label="Show files"
          >
            <ToggleGroupItem value="all">All{count()}</ToggleGroupItem>
            <ToggleGroupItem value="import">Imports{count("import")}</ToggleGroupItem>
            <ToggleGroupItem value="export">Exports{count("export")}</ToggleGroupItem>
          </ToggleGroup>
          <Button
            ref={upload}
            variant="primary"
            className="files-upload"
            onClick={() => input.current?.click()}
          >
            <ActionIcon name="upload" />
            Upload files
          </Button>
          <input
            ref={input}
            type="file"
            multiple
            className="visually-hidden"
            tabIndex={-1}
            aria-label={`Files to upload as ${MODE_PLURALS[uploadMode]}`}
            onChange={(event) => {
              void uploads.upload(Array.from(event.currentTarget.files ?? []), uploadMode);
              // Cleared, so choosing the same file again uploads it again.
              event.currentTarget.value = "";
            }}
          />
        </div>
      </div>
      <p className="files-hint muted">
        Upload with the button or drop files anywhere on this page; they are added as{" "}
        {MODE_PLURALS[uploadMode]}.
      </p>
      <p className="visually-hidden" aria-live="polite">
        {uploads.announcement}
      </p>
      <UploadList uploads={uploads.uploads} onCancel={uploads.cancel} onDismiss={uploads.dismiss} />

      {files.isPending ? <p className="muted">Loading files…</p> : null}
      {files.isError ? (
        <div className="files-state" role="alert">
          <p className="error-text">Could not load the files: {errorText(files.error)}</p>
          <Button onClick={() => void files.refetch()}>Try again</Button>
        </div>
      ) : null}
      {shown?.length === 0 ? (
        <div className="files-state files-empty">
          <ActionIcon name="file" />
          <p>
            {mode === "export"
              ? "No exported file yet."
              : mode === "import"
                ? "No imported file yet."
                : "No file yet."}
          </p>
          <p className="muted">Upload one with the button above, or drop it here.</p>
        </div>
      ) : null}
      {shown?.length ? (
        <div className="files-scroll">
          <table className="summary-table files-table">
            <caption className="visually-hidden">
              {mode ? `${MODE_LABELS[mode]} files` : "Files"} of the space, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="files-number">
                  Size
                </th>
                <th scope="col">Type</th>
                <th scope="col">Added</th>
                <th scope="col">Status</th>
                <th scope="col">Mode</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((file) => (
                <FileRow
                  key={file.id}
                  spaceId={spaceId}
                  file={file}
                  canDelete={canDelete}
                  picked={file.id === picked}
                  onDelete={(trigger) => setDeleting({ file, trigger, open: true })}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {dragging ? (
        <div className="files-drop-zone" aria-hidden="true">
          <ActionIcon name="upload" />
          <p>Drop files to upload them as {MODE_PLURALS[uploadMode]}</p>
        </div>
      ) : null}
      {deleting ? (
        <DeleteFileDialog
          key={deleting.file.id}
          file={deleting.file}
          open={deleting.open}
          onClose={() => setDeleting({ ...deleting, open: false })}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            (deleting.trigger.isConnected ? deleting.trigger : upload.current)?.focus();
          }}
        />
      ) : null}
    </main>
  );
}
