import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Link, useParams, useSearchParams } from "../../../lib/router";
import { NotFoundError } from "../../../../sdk";
import { Button } from "../../../components/ui/button";
import { ToggleGroup, ToggleGroupItem } from "../../../components/ui/toggle-group";
import { useApi } from "../../../lib/api-context";
import { sheetPath, snapshotPath } from "../../../lib/paths";
import {
  snapshotDiffQueryOptions,
  snapshotQueryOptions,
  snapshotRecordsQueryOptions,
} from "../api/snapshots-query-options";
import { useRestoreSnapshot } from "../api/use-restore-snapshot";
import { useSnapshotSheet } from "../api/use-snapshot-sheet";
import { errorText } from "../error-text";
import { diffRows } from "../snapshot-rows";
import { recordsText, snapshotTitle, summaryText, takenAt } from "../snapshot-text";
import { DiffLegend } from "./diff-legend";
import { RestoreSnapshotDialog } from "./restore-snapshot-dialog";
import { SnapshotBreadcrumbs } from "./snapshot-breadcrumbs";
import { SnapshotDiffTable } from "./snapshot-diff-table";
import "../snapshots.css";

/**
 * `/space/:spaceId/sheets/:sheetId/snapshots/:snapshotId`: the sheet as it was when the snapshot was taken, with the
 * changes since marked (the server's comparison), only the changes on request (`?show=changes`), and Restore.
 */
export function SnapshotPage() {
  const { spaceId = "", sheetId = "", snapshotId = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const changesOnly = search.get("show") === "changes";
  const api = useApi();
  const { workbooks, workbook, sheet } = useSnapshotSheet(spaceId, sheetId);
  const snapshot = useQuery(snapshotQueryOptions(api, snapshotId));
  const diff = useQuery(snapshotDiffQueryOptions(api, snapshotId));
  const records = useInfiniteQuery(snapshotRecordsQueryOptions(api, snapshotId));
  const restore = useRestoreSnapshot(snapshot.data);
  const [confirming, setConfirming] = useState(false);
  const restoredMessage = useRef<HTMLParagraphElement>(null);

  const title = snapshot.data ? snapshotTitle(snapshot.data) : "Snapshot";
  const counts = diff.data?.counts;
  const changeCount = counts ? counts.added + counts.removed + counts.changed : 0;
  const loaded = records.data?.pages.flatMap((page) => page.data) ?? [];
  const rows = diff.data
    ? diffRows(loaded, diff.data, { changesOnly, complete: !records.hasNextPage && records.isSuccess })
    : [];
  const rowCount = changesOnly
    ? rows.length
    : (records.data?.pages[0]?.pagination.totalCount ?? 0) + (diff.data?.added.length ?? 0);
  const readMore = () => {
    if (records.hasNextPage && !records.isFetchingNextPage && !records.isError) void records.fetchNextPage();
  };

  return (
    <main className="content content-sheet snapshot-page" id="main">
      <SnapshotBreadcrumbs
        spaceId={spaceId}
        sheetId={sheetId}
        workbook={workbook}
        sheet={sheet}
        current={title}
      />
      <div className="toolbar">
        <h1>{title}</h1>
        {snapshot.data && counts ? (
          <Button
            variant="primary"
            className="snapshot-restore"
            disabled={changeCount === 0}
            onClick={() => {
              restore.reset();
              setConfirming(true);
            }}
          >
            Restore…
          </Button>
        ) : null}
      </div>
      <p className="muted snapshot-meta">
        {snapshot.data
          ? `${sheet?.name ?? "The sheet"} as it was on ${takenAt(snapshot.data)}: ${recordsText(snapshot.data.recordCount)}.`
          : "\u00a0"}
      </p>

      {snapshot.isError ? (
        <p className="notice" role="alert">
          {snapshot.error instanceof NotFoundError
            ? "This snapshot does not exist (any more): it may have been deleted."
            : `Could not load the snapshot: ${errorText(snapshot.error)}`}{" "}
          <Link to={snapshotPath(spaceId, sheetId)}>See the sheet&apos;s snapshots</Link>
        </p>
      ) : null}
      {diff.isError && !snapshot.isError ? (
        <p className="notice" role="alert">
          Could not compare the snapshot with the sheet now: {errorText(diff.error)}
        </p>
      ) : null}
      {workbooks.isSuccess && !sheet ? (
        <p className="notice" role="alert">
          This sheet does not exist (any more).
        </p>
      ) : null}
      {records.isError && !snapshot.isError ? (
        <p className="notice" role="alert">
          Could not read the snapshot&apos;s records: {errorText(records.error)}
        </p>
      ) : null}
      {restore.isSuccess && snapshot.data ? (
        <p className="snapshot-success" role="status" tabIndex={-1} ref={restoredMessage}>
          Restored. {sheet?.name ?? "The sheet"} is back as it was on {takenAt(snapshot.data)}.{" "}
          {workbook && sheet ? (
            <Link to={sheetPath(spaceId, workbook.id, sheet.id)}>Open {sheet.name}</Link>
          ) : null}
        </p>
      ) : null}

      <div className="snapshot-bar">
        <p className="snapshot-summary" data-slot="snapshot-summary">
          {counts ? summaryText(counts) : diff.isPending ? "Comparing with the sheet now…" : "\u00a0"}
        </p>
        <ToggleGroup
          type="single"
          value={changesOnly ? "changes" : "all"}
          onValueChange={(next) => {
            if (next === "all" || next === "changes")
              setSearch(next === "all" ? {} : { show: "changes" }, { replace: true });
          }}
          aria-label="Show records"
        >
          <ToggleGroupItem value="all">All records</ToggleGroupItem>
          <ToggleGroupItem value="changes">Only changes{counts ? ` (${changeCount})` : ""}</ToggleGroupItem>
        </ToggleGroup>
      </div>
      <DiffLegend />

      {records.isPending || diff.isPending ? <p className="muted">Loading the snapshot…</p> : null}
      {diff.data && changesOnly && rows.length === 0 ? (
        <p className="muted">Nothing changed since this snapshot.</p>
      ) : null}
      {sheet && diff.data && records.data && rows.length > 0 ? (
        <SnapshotDiffTable
          fields={sheet.config.fields}
          rows={rows}
          rowCount={rowCount}
          onNearEnd={changesOnly ? undefined : readMore}
        />
      ) : null}

      {snapshot.data && counts ? (
        <RestoreSnapshotDialog
          open={confirming}
          snapshot={snapshot.data}
          sheetName={sheet?.name ?? "The sheet"}
          counts={counts}
          pending={restore.isPending}
          error={restore.error ? errorText(restore.error) : undefined}
          onOpenChange={(open) => {
            if (!restore.isPending) setConfirming(open);
          }}
          onConfirm={() => restore.mutate(undefined, { onSuccess: () => setConfirming(false) })}
          onCloseAutoFocus={(event) => {
            // After a restore the trigger is disabled (nothing left to undo): the success message takes the focus.
            const message = restoredMessage.current;
            if (message) {
              event.preventDefault();
              message.focus();
            }
          }}
        />
      ) : null}
    </main>
  );
}
