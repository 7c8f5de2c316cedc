import { Link, useParams, useSearchParams } from "../../../lib/router";
import { WorkbookActions } from "../../actions";
import { DownloadAllSheetsButton } from "../../exports";
import { BlockingRegion } from "../../jobs";
import { useSpaceResources } from "../api/use-space-resources";
import { sheetPath } from "../../../lib/paths";
import { errorText } from "../../../lib/error-text";

/** `/space/:spaceId`: the selected workbook (the first by default) and its sheets with their record counts. */
export function SpaceOverview() {
  const { spaceId = "" } = useParams();
  const [search] = useSearchParams();
  const { space, workbooks } = useSpaceResources(spaceId);
  const selected =
    workbooks.data?.find((workbook) => workbook.id === search.get("workbook")) ?? workbooks.data?.[0];
  return (
    <main className="content" id="main">
      <p className="eyebrow">{space.data?.name ?? "Space"}</p>
      {space.isError ? (
        <p className="error-text">Could not open the space: {errorText(space.error)}</p>
      ) : null}
      {workbooks.isPending ? <p className="muted">Loading workbooks…</p> : null}
      {workbooks.data?.length === 0 ? (
        <>
          <h1>No workbook yet</h1>
          <p className="muted">
            A listener builds the space&apos;s workbooks; they appear here as soon as they exist.
          </p>
        </>
      ) : null}
      {selected ? (
        <>
          <div className="view-header">
            <h1>{selected.name}</h1>
            <WorkbookActions spaceId={spaceId} workbook={selected} />
            <DownloadAllSheetsButton workbook={selected} />
          </div>
          <BlockingRegion
            spaceId={spaceId}
            resourceIds={[selected.id, ...selected.sheets.map((sheet) => sheet.id)]}
          >
            <table className="summary-table">
              <caption className="visually-hidden">Sheets of {selected.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Sheet</th>
                  <th scope="col">Fields</th>
                  <th scope="col">Records</th>
                  <th scope="col">Valid</th>
                  <th scope="col">With errors</th>
                </tr>
              </thead>
              <tbody>
                {selected.sheets.map((sheet) => (
                  <tr key={sheet.id}>
                    <th scope="row">
                      <Link to={sheetPath(spaceId, selected.id, sheet.id)}>{sheet.name}</Link>
                    </th>
                    <td>{sheet.config.fields.length}</td>
                    <td>{sheet.recordCounts?.total ?? "–"}</td>
                    <td>{sheet.recordCounts?.valid ?? "–"}</td>
                    <td data-error={(sheet.recordCounts?.error ?? 0) > 0}>
                      {sheet.recordCounts?.error ?? "–"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </BlockingRegion>
        </>
      ) : null}
    </main>
  );
}
