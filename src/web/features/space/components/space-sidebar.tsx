import { useIsFetching } from "@tanstack/react-query";
import { Link, NavLink, useLocation, usePreloadWhenIdle, useSearchParams } from "../../../lib/router";
import {
  documentPath,
  filePath,
  filesPath,
  jobsPath,
  metricsPath,
  sheetPath,
  snapshotPath,
  spacePath,
  workbookPath,
} from "../../../lib/paths";
import { countOf, isFileWorkbook } from "../../../../core";
import { useSpaceResources } from "../api/use-space-resources";

/** How many of the newest files the sidebar names; the Files page has them all. */
const LATEST_FILES = 5;

/**
 * The page most often opened next from a space, the jobs table: its code is fetched once the shown page's requests
 * are answered and the browser is idle. Apart from the sidebar, which the count of requests in flight would render
 * again and again.
 */
function PreloadLikelyPages({ spaceId }: { spaceId: string }) {
  usePreloadWhenIdle([jobsPath(spaceId)], useIsFetching() === 0);
  return null;
}

/** The space's workbooks with their sheets, its documents and its newest files. */
export function SpaceSidebar({ spaceId }: { spaceId: string }) {
  const resources = useSpaceResources(spaceId);
  const { documents, files } = resources;
  // A file's extracted data opens from its file (Files page), not as a workbook of its own here.
  const workbooks = {
    ...resources.workbooks,
    data: resources.workbooks.data?.filter((w) => !isFileWorkbook(w)),
  };
  const location = useLocation();
  const [search] = useSearchParams();
  // The overview shows one workbook (`?workbook=`, the first by default); a link's path alone cannot tell which.
  const onOverview = location.pathname === spacePath(spaceId);
  const shownWorkbook = search.get("workbook") ?? workbooks.data?.[0]?.id;
  // Every export adds a file: naming them all would push the rest of the navigation out of reach.
  const latestFiles = files.data?.slice(0, LATEST_FILES) ?? [];
  const moreFiles = (files.data?.length ?? 0) - latestFiles.length;
  return (
    <nav className="sidebar" aria-label="Space contents" data-slot="space-sidebar">
      <PreloadLikelyPages spaceId={spaceId} />
      <NavLink className="tree-link" to={jobsPath(spaceId)}>
        Jobs
      </NavLink>
      <NavLink className="tree-link" to={metricsPath(spaceId)}>
        Metrics
      </NavLink>
      <h2 className="sidebar-title">Workbooks</h2>
      {workbooks.isPending ? <p className="muted">Loading…</p> : null}
      {workbooks.data?.length === 0 ? <p className="muted">No workbook yet.</p> : null}
      <ul className="tree">
        {workbooks.data?.map((workbook) => (
          <li key={workbook.id}>
            <Link
              className={onOverview && shownWorkbook === workbook.id ? "tree-link active" : "tree-link"}
              aria-current={onOverview && shownWorkbook === workbook.id ? "page" : undefined}
              to={workbookPath(spaceId, workbook.id)}
            >
              {workbook.name}
            </Link>
            <ul className="tree tree-nested">
              {workbook.sheets.map((sheet) => (
                <li key={sheet.id}>
                  <NavLink className="tree-link" to={sheetPath(spaceId, workbook.id, sheet.id)}>
                    {sheet.name}
                  </NavLink>
                  <ul className="tree tree-nested">
                    <li>
                      <NavLink
                        className="tree-link"
                        to={snapshotPath(spaceId, sheet.id)}
                        aria-label={`Snapshots of ${sheet.name}`}
                      >
                        Snapshots
                      </NavLink>
                    </li>
                  </ul>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <h2 className="sidebar-title">Documents</h2>
      {documents.data?.length === 0 ? <p className="muted">None.</p> : null}
      <ul className="tree">
        {documents.data?.map((document) => (
          <li key={document.id}>
            <NavLink className="tree-link" to={documentPath(spaceId, document.id)}>
              {document.title}
            </NavLink>
          </li>
        ))}
      </ul>
      <h2 className="sidebar-title">Files</h2>
      {files.data?.length === 0 ? <p className="muted">None.</p> : null}
      <ul className="tree">
        <li>
          {/* Named as the page it opens is headed. */}
          <NavLink className="tree-link" to={filesPath(spaceId)}>
            Files
          </NavLink>
        </li>
        {latestFiles.map((file) => (
          <li key={file.id}>
            <Link className="tree-link" to={filePath(spaceId, file.id)}>
              {file.name}
            </Link>
          </li>
        ))}
        {moreFiles > 0 ? <li className="tree-item muted">{countOf(moreFiles, "more file")}</li> : null}
      </ul>
    </nav>
  );
}
