import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "../../../lib/router";
import { useApi } from "../../../lib/api-context";
import { snapshotsQueryOptions } from "../api/snapshots-query-options";
import { useSnapshotSheet } from "../api/use-snapshot-sheet";
import { errorText } from "../error-text";
import { snapshotPath } from "../../../lib/paths";
import { snapshotTitle, takenAt } from "../snapshot-text";
import { SnapshotBreadcrumbs } from "./snapshot-breadcrumbs";
import { TakeSnapshotForm } from "./take-snapshot-form";
import "../snapshots.css";

/** `/space/:spaceId/sheets/:sheetId/snapshots`: the sheet's snapshots, newest first, and "Take snapshot". */
export function SnapshotsPage() {
  const { spaceId = "", sheetId = "" } = useParams();
  const api = useApi();
  const { workbooks, workbook, sheet } = useSnapshotSheet(spaceId, sheetId);
  const snapshots = useQuery(snapshotsQueryOptions(api, sheetId));
  const newestFirst = snapshots.data?.toSorted((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <main className="content snapshot-page" id="main">
      <SnapshotBreadcrumbs spaceId={spaceId} sheetId={sheetId} workbook={workbook} sheet={sheet} />
      <h1>Snapshots of {sheet?.name ?? "the sheet"}</h1>
      <p className="muted">
        A snapshot is a frozen copy of the sheet&apos;s records: open one to see what changed since, or to
        restore it.
      </p>
      <TakeSnapshotForm spaceId={spaceId} sheetId={sheetId} />
      {workbooks.isSuccess && !sheet ? (
        <p className="notice" role="alert">
          This sheet does not exist (any more).
        </p>
      ) : null}
      {snapshots.isError ? (
        <p className="notice" role="alert">
          Could not load the snapshots: {errorText(snapshots.error)}
        </p>
      ) : null}
      {snapshots.isPending ? <p className="muted">Loading snapshots…</p> : null}
      {newestFirst?.length === 0 ? <p className="muted">No snapshot of this sheet yet.</p> : null}
      {newestFirst?.length ? (
        <table className="summary-table snapshot-list">
          <caption className="visually-hidden">
            Snapshots of {sheet?.name ?? "the sheet"}, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Snapshot</th>
              <th scope="col">Taken</th>
              <th scope="col">Records</th>
            </tr>
          </thead>
          <tbody>
            {newestFirst.map((snapshot) => (
              <tr key={snapshot.id}>
                <th scope="row">
                  <Link to={snapshotPath(spaceId, sheetId, snapshot.id)}>{snapshotTitle(snapshot)}</Link>
                </th>
                <td>
                  <time dateTime={snapshot.createdAt}>{takenAt(snapshot)}</time>
                </td>
                <td>{snapshot.recordCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </main>
  );
}
