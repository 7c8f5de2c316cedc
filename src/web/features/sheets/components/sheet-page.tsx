import { useQuery } from "@tanstack/react-query";
import { Link, useParams, useSearchParams } from "react-router";
import { useApi } from "../../../lib/api-context";
import { workbooksQueryOptions } from "../../space/api/workbooks-query-options";
import { workbookPath } from "../../space/space-paths";
import { recordsQueryOptions, type RecordFilter as Filter } from "../api/records-query-options";
import { RecordFilter } from "./record-filter";
import { RecordsTable } from "./records-table";

const asFilter = (value: string | null): Filter => (value === "valid" || value === "error" ? value : "all");

/** `/space/:spaceId/workbook/:workbookId/sheet/:sheetId`: the sheet's records, read-only for now. */
export function SheetPage() {
  const { spaceId = "", workbookId = "", sheetId = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const filter = asFilter(search.get("filter"));
  const api = useApi();
  const workbooks = useQuery(workbooksQueryOptions(api, spaceId));
  const workbook = workbooks.data?.find((item) => item.id === workbookId);
  const sheet = workbook?.sheets.find((item) => item.id === sheetId);
  const records = useQuery({
    ...recordsQueryOptions(api, sheetId, filter),
    placeholderData: (previous) => previous,
  });
  const counts = records.data?.counts ?? sheet?.recordCounts;
  return (
    <main className="content content-sheet" id="main">
      <p className="eyebrow">
        {workbook ? <Link to={workbookPath(spaceId, workbook.id)}>{workbook.name}</Link> : "Workbook"}
      </p>
      <div className="toolbar">
        <h1>{sheet?.name ?? "Sheet"}</h1>
        <RecordFilter
          value={filter}
          counts={counts}
          onChange={(next) => setSearch(next === "all" ? {} : { filter: next }, { replace: true })}
        />
      </div>
      {workbooks.isSuccess && !sheet ? (
        <p className="error-text">This sheet does not exist (any more).</p>
      ) : null}
      {records.isError ? (
        <p className="error-text">Could not load the records: {records.error.message}</p>
      ) : null}
      {records.isPending ? <p className="muted">Loading records…</p> : null}
      {sheet && records.data ? (
        <>
          <p className="muted" data-slot="record-summary">
            Showing {records.data.records.length} of {filter === "all" ? counts?.total : counts?.[filter]}{" "}
            {filter === "all" ? "records" : filter === "valid" ? "valid records" : "records with errors"}
          </p>
          <RecordsTable fields={sheet.config.fields} records={records.data.records} />
        </>
      ) : null}
    </main>
  );
}
