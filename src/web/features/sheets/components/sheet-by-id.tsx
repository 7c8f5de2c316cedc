import { useQuery } from "@tanstack/react-query";
import { Navigate, useLocation, useParams } from "../../../lib/router";
import { useApi } from "../../../lib/api-context";
import { workbooksQueryOptions } from "../../spaces";
import { sheetPath } from "../../../lib/paths";
import { errorText } from "../../../lib/error-text";

/**
 * `/space/:spaceId/sheets/:sheetId`: a sheet named by its id alone (as outcomes name it), sent on to its page under
 * its workbook, keeping the query.
 */
export function SheetByIdPage() {
  const { spaceId = "", sheetId = "" } = useParams();
  const location = useLocation();
  const api = useApi();
  const workbooks = useQuery(workbooksQueryOptions(api, spaceId));
  const workbook = workbooks.data?.find((item) => item.sheets.some((sheet) => sheet.id === sheetId));
  if (workbook) return <Navigate to={sheetPath(spaceId, workbook.id, sheetId) + location.search} replace />;
  return (
    <main className="content" id="main">
      {workbooks.isPending ? <p className="muted">Opening the sheet…</p> : null}
      {workbooks.isError ? (
        <p className="error-text">Could not open the sheet: {errorText(workbooks.error)}</p>
      ) : null}
      {workbooks.isSuccess ? <p className="error-text">This sheet does not exist (any more).</p> : null}
    </main>
  );
}
