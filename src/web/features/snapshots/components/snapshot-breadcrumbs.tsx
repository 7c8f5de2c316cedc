import { Link } from "../../../lib/router";
import type { Sheet, Workbook } from "../../../lib/api-types";
import { sheetPath, snapshotPath, workbookPath } from "../../../lib/paths";
import "../snapshots.css";

/** Workbook › Sheet › Snapshots, each a link; `current` is the page's own title (not a link). */
export function SnapshotBreadcrumbs({
  spaceId,
  sheetId,
  workbook,
  sheet,
  current,
}: {
  spaceId: string;
  sheetId: string;
  workbook: Workbook | undefined;
  sheet: Sheet | undefined;
  current?: string;
}) {
  return (
    <nav aria-label="Breadcrumb" className="snapshot-crumbs">
      <ol>
        <li>
          {workbook ? <Link to={workbookPath(spaceId, workbook.id)}>{workbook.name}</Link> : "Workbook"}
        </li>
        <li>
          {workbook && sheet ? (
            <Link to={sheetPath(spaceId, workbook.id, sheet.id)}>{sheet.name}</Link>
          ) : (
            "Sheet"
          )}
        </li>
        <li>
          {current ? (
            <Link to={snapshotPath(spaceId, sheetId)}>Snapshots</Link>
          ) : (
            <span aria-current="page">Snapshots</span>
          )}
        </li>
        {current ? (
          <li>
            <span aria-current="page">{current}</span>
          </li>
        ) : null}
      </ol>
    </nav>
  );
}
