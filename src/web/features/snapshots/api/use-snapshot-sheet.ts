import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../../lib/api-context";
import { workbooksQueryOptions } from "../../spaces";

/** The sheet of a snapshot route and its workbook, from the space's workbooks (the sidebar's cached query). */
export function useSnapshotSheet(spaceId: string, sheetId: string) {
  const api = useApi();
  const workbooks = useQuery(workbooksQueryOptions(api, spaceId));
  const workbook = workbooks.data?.find((item) => item.sheets.some((sheet) => sheet.id === sheetId));
  const sheet = workbook?.sheets.find((item) => item.id === sheetId);
  return { workbooks, workbook, sheet };
}
