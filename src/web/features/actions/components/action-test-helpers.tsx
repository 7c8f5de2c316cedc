import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "../../../lib/router";
import { useApi } from "../../../lib/api-context";
import { workbooksQueryOptions } from "../../spaces";
import { SheetActions } from "./sheet-actions";
import { WorkbookActions } from "./workbook-actions";

/**
 * For tests: the first workbook's actions and its first sheet's, read from the API, and a "Reload" button that
 * refetches what the event stream would refresh in the app (workbooks with counts, jobs).
 */
export function ActionsHarness() {
  const { spaceId = "" } = useParams();
  const api = useApi();
  const queryClient = useQueryClient();
  const workbooks = useQuery(workbooksQueryOptions(api, spaceId));
  const workbook = workbooks.data?.[0];
  const sheet = workbook?.sheets[0];
  return (
    <main>
      <button type="button" onClick={() => void queryClient.invalidateQueries()}>
        Reload
      </button>
      {workbook ? <WorkbookActions spaceId={spaceId} workbook={workbook} /> : null}
      {workbook && sheet ? <SheetActions spaceId={spaceId} workbook={workbook} sheet={sheet} /> : null}
    </main>
  );
}
