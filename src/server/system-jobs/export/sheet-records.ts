import { resolveRecordSelection, type CellScalar, type ExportOptions } from "../../../core";
import { recordValuePages } from "../../services/record-service";
import type { StoreReader, StoredSheet } from "../../store/store";

/**
 * The rows a sheet's export writes (the values of the cells `keys`), a page at a time, in the order of `sortField`
 * (the sheet's own without it). `ids` follow Flatfile's rule: they name the records to include without a filter or a
 * search, and records to leave out once one applies.
 */
export function exportRowPages(
  reader: StoreReader,
  sheetId: string,
  options: ExportOptions,
  keys: readonly string[],
): AsyncGenerator<CellScalar[][]> {
  const selection = resolveRecordSelection(options);
  return recordValuePages(
    reader,
    sheetId,
    {
      filter: selection.filter,
      filterField: selection.filterField,
      searchValue: selection.searchValue,
      searchField: selection.searchField,
      ids: selection.includeIds,
      excludeIds: selection.excludeIds,
      sortField: options.sortField,
      sortDirection: options.sortDirection ?? "asc",
    },
    keys,
  );
}

/**
 * About how many records an export writes, for its progress only: exact for a whole sheet or a list of ids, an upper
 * bound (the filter's count) with a search or exclusions. Read from the sheet's counts, never by walking a selection,
 * which would hold the event loop on a large sheet.
 */
export async function expectedRows(
  reader: StoreReader,
  sheet: StoredSheet,
  options: ExportOptions,
): Promise<number> {
  const selection = resolveRecordSelection(options);
  if (selection.includeIds) return selection.includeIds.length;
  const counts = await reader.countRecords(sheet.id);
  return selection.filter === "all" || selection.filterField ? counts.total : counts[selection.filter];
}
