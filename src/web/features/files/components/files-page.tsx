import { useQuery } from "@tanstack/react-query";
import { useParams, useSearchParams } from "react-router";
import type { FileMode } from "../../../../core";
import { ToggleGroup, ToggleGroupItem } from "../../../components/ui/toggle-group";
import { useApi } from "../../../lib/api-context";
import { FileActionsMenu } from "../../actions/components/file-actions-menu";
import { filesQueryOptions } from "../../space/api/files-query-options";
import { dateText, sizeText } from "../file-text";
import "../files.css";

const asMode = (value: string | null): FileMode | undefined =>
  value === "import" || value === "export" ? value : undefined;

const MODE_LABELS: Record<FileMode, string> = { import: "Import", export: "Export" };

/** `/space/:spaceId/files?mode=import|export`: the space's files, newest first, each with its actions menu. */
export function FilesPage() {
  const { spaceId = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const mode = asMode(search.get("mode"));
  const api = useApi();
  const files = useQuery(filesQueryOptions(api, spaceId));
  const shown = files.data?.filter((file) => !mode || file.mode === mode);
  const count = (which?: FileMode) =>
    files.data ? ` (${files.data.filter((file) => !which || file.mode === which).length})` : "";
  return (
    <main className="content" id="main">
      <p className="eyebrow">Space</p>
      <div className="view-header">
        <h1>Files</h1>
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
      </div>
      {files.isPending ? <p className="muted">Loading files…</p> : null}
      {files.isError ? <p className="error-text">Could not load the files: {files.error.message}</p> : null}
      {shown?.length === 0 ? (
        <p className="muted">
          {mode === "export"
            ? "No exported file yet."
            : mode === "import"
              ? "No imported file yet."
              : "No file yet."}
        </p>
      ) : null}
      {shown?.length ? (
        <div className="files-scroll">
          <table className="summary-table files-table">
            <caption className="visually-hidden">
              {mode ? `${MODE_LABELS[mode]} files` : "Files"} of the space
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Mode</th>
                <th scope="col" className="files-number">
                  Size
                </th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((file) => (
                <tr key={file.id}>
                  <th scope="row" className="files-name">
                    {file.name}
                  </th>
                  <td>
                    <span className="file-mode" data-mode={file.mode}>
                      {MODE_LABELS[file.mode]}
                    </span>
                  </td>
                  <td className="files-number">{sizeText(file.size)}</td>
                  <td>
                    <time dateTime={file.createdAt}>{dateText(file.createdAt)}</time>
                  </td>
                  <td className="files-actions">
                    <FileActionsMenu spaceId={spaceId} file={file} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </main>
  );
}
