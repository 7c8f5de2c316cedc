import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "../../../lib/router";
import { useApi } from "../../../lib/api-context";
import { SheetActions, WorkbookActions } from "../../actions";
import { DownloadAllSheetsButton, DownloadCsvButton } from "../../exports";
import { isFileWorkbook } from "../../../../core";
import { ImportFileButton, ImportIntoButton } from "../../imports";
import { SnapshotsLink } from "../../snapshots";
import { GridTools, SelectionBar, type ToolTarget } from "../../grid-tools";
import { BlockingRegion, useBlockingJobs } from "../../jobs";
import { workbooksQueryOptions } from "../../spaces";
import { workbookPath } from "../../../lib/paths";
import {
  recordCountQueryOptions,
  RecordsTable,
  SheetSummary,
  SheetToolbar,
  useHiddenColumns,
  useSelectionStore,
  useSheetView,
} from "../../sheets";
import { errorText } from "../../../lib/error-text";

/** `/space/:spaceId/workbook/:workbookId/sheet/:sheetId`: the sheet's records, filtered, searched, sorted, editable. */
export function SheetPage() {
  const { spaceId = "", workbookId = "", sheetId = "" } = useParams();
  const { view, setFilter, setSearch, setSort } = useSheetView();
  const api = useApi();
  const workbooks = useQuery(workbooksQueryOptions(api, spaceId));
  const workbook = workbooks.data?.find((item) => item.id === workbookId);
  const sheet = workbook?.sheets.find((item) => item.id === sheetId);
  const count = useQuery(recordCountQueryOptions(api, sheetId, view));
  // A foreground job locks the toolbar (and the tools that start jobs) like a toolbarBlocking one; only the latter
  // also locks the column menus, the cells stay editable under both once the overlay is gone.
  const { toolbarBlocking, locking } = useBlockingJobs(spaceId, [sheetId, workbookId]);
  const hidden = useHiddenColumns(sheetId);

  const counts = count.data?.counts ?? sheet?.recordCounts;
  // Until the count is read, the sheet's own counts give the grid its height (they are exact without a search).
  const matching =
    count.data && !count.isPlaceholderData
      ? count.data.matching
      : !view.searchValue && sheet
        ? sheet.recordCounts?.[view.filter === "all" ? "total" : view.filter]
        : count.data?.matching;
  // "Select all" means the records of one filter and search: another one starts a new selection.
  const clearAllSelection = () => {
    const store = useSelectionStore.getState();
    if (store.bySheet[sheetId]?.mode === "all") store.clear(sheetId);
  };
  const fields = sheet?.config.fields.filter((field) => !hidden.includes(field.key)) ?? [];
  const target: ToolTarget | undefined = sheet
    ? { workbookId, sheet, view: { filter: view.filter, searchValue: view.searchValue } }
    : undefined;
  return (
    <main className="content content-sheet" id="main">
      <div className="view-header">
        <p className="eyebrow">
          {workbook ? <Link to={workbookPath(spaceId, workbook.id)}>{workbook.name}</Link> : "Workbook"}
        </p>
        {workbook ? <WorkbookActions spaceId={spaceId} workbook={workbook} /> : null}
        {workbook ? <DownloadAllSheetsButton workbook={workbook} /> : null}
      </div>
      <SheetToolbar
        title={sheet?.name ?? "Sheet"}
        filter={view.filter}
        counts={counts}
        searchValue={view.searchValue ?? ""}
        blocking={locking}
        tools={target && !sheet?.config.readonly ? <GridTools target={target} /> : null}
        actions={
          <>
            <SnapshotsLink spaceId={spaceId} sheetId={sheetId} />
            {workbook && sheet ? (
              isFileWorkbook(workbook) ? (
                <ImportIntoButton
                  spaceId={spaceId}
                  fileName={sheet.name}
                  source={{ workbookId: workbook.id, sheetId: sheet.id }}
                />
              ) : (
                <ImportFileButton spaceId={spaceId} sheet={sheet} />
              )
            ) : null}
            {workbook && sheet ? <SheetActions spaceId={spaceId} workbook={workbook} sheet={sheet} /> : null}
            {sheet ? (
              <DownloadCsvButton
                sheet={sheet}
                shown={{ ...view, fields: hidden.length ? fields.map((f) => f.key) : undefined }}
                matching={matching}
              />
            ) : null}
          </>
        }
        onFilterChange={(filter) => {
          clearAllSelection();
          setFilter(filter);
        }}
        onSearch={(searchValue) => {
          if ((searchValue.trim() || undefined) === view.searchValue) return;
          clearAllSelection();
          setSearch(searchValue);
        }}
      />
      {workbooks.isSuccess && !sheet ? (
        <p className="error-text">This sheet does not exist (any more).</p>
      ) : null}
      {count.isError ? (
        <p className="error-text">Could not load the records: {errorText(count.error)}</p>
      ) : null}
      {sheet && matching === undefined && !count.isError ? <p className="muted">Loading records…</p> : null}
      {sheet && matching !== undefined ? (
        <BlockingRegion spaceId={spaceId} resourceIds={[sheetId, workbookId]}>
          <SheetSummary
            sheetId={sheetId}
            view={view}
            matching={matching}
            counting={count.isPlaceholderData}
            total={counts?.total ?? matching}
            hiddenColumns={sheet.config.fields.length - fields.length}
            selection={
              target ? (
                <SelectionBar
                  target={target}
                  readonly={sheet.config.readonly}
                  locked={locking !== undefined}
                />
              ) : null
            }
          />
          <RecordsTable
            sheetId={sheetId}
            fields={fields}
            view={view}
            rowCount={matching}
            locked={toolbarBlocking !== undefined}
            readonly={sheet.config.readonly}
            onSort={setSort}
            onClearSearch={() => {
              clearAllSelection();
              setSearch("");
              // The button goes with the empty view; the search box is where the person goes on.
              document.getElementById("record-search")?.focus();
            }}
          />
        </BlockingRegion>
      ) : null}
    </main>
  );
}
