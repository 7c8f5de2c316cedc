import { resolveRecordSelection, type ExportOptions, type SheetRecord } from "../../../core";
import { recordPages } from "../../services/record-service";
import type { StoreReader, StoredSheet } from "../../store/store";

/**
 * The records a sheet's export writes, a page at a time, in the order of `sortField` (the sheet's own without it).
 * `ids` follow Flatfile's rule: they name the records to include without a filter or a search, and records to leave
 * out once one applies; those are left out of each page here, as the store only reads ids to include.
 */
export async function* exportRecordPages(
  reader: StoreReader,
  sheetId: string,
  options: ExportOptions,
): AsyncGenerator<SheetRecord[]> {
  const selection = resolveRecordSelection(options);
  const excluded = selection.excludeIds ? new Set(selection.excludeIds) : undefined;
  const pages = recordPages(reader, sheetId, {
    filter: selection.filter,
    filterField: selection.filterField,
    searchValue: selection.searchValue,
    searchField: selection.searchField,
    ids: selection.includeIds,
    sortField: options.sortField,
    sortDirection: options.sortDirection ?? "asc",
  });
  for await (const page of pages) {
    const kept = excluded ? page.filter((record) => !excluded.has(record.id)) : page;
    if (kept.length > 0) yield kept;
  }
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
