import type { ResolvedSelection, SheetRecord } from "../../../core";
import type { RecordSelection, StoreReader } from "../../store/store";

/** Rows per read when a selection is counted record by record (a `filterField` judged on each cell). */
const COUNT_CHUNK = 5_000;

/** The part of a selection the store judges: with `filterField`, the cell filter is left to `cellFilter`. */
export function storeSelection(selection: ResolvedSelection): RecordSelection {
  const byCell = selection.filterField !== undefined && selection.filter !== "all";
  return {
    // An invalid cell makes its record invalid, so the store still narrows `error` to invalid records.
    filter: byCell ? (selection.filter === "error" ? "error" : "all") : selection.filter,
    ...(selection.searchValue === undefined ? {} : { searchValue: selection.searchValue }),
    ...(selection.searchField === undefined ? {} : { searchField: selection.searchField }),
    ...(selection.includeIds === undefined ? {} : { includeIds: selection.includeIds }),
    ...(selection.excludeIds === undefined ? {} : { excludeIds: selection.excludeIds }),
  };
}

/**
 * With `filterField`, `valid` and `error` judge that field's cell, not the whole record (as `recordPages` does):
 * the records the store read are kept or not here. Undefined when the store's filter is the whole rule.
 */
export function cellFilter(selection: ResolvedSelection): ((record: SheetRecord) => boolean) | undefined {
  const { filterField, filter } = selection;
  if (filterField === undefined || filter === "all") return undefined;
  return (record) => (record.values[filterField]?.valid === false) === (filter === "error");
}

/** How many records of the sheet a selection covers now. */
export async function countSelection(
  reader: StoreReader,
  sheetId: string,
  selection: ResolvedSelection,
): Promise<number> {
  const keep = cellFilter(selection);
  const inStore = storeSelection(selection);
  if (keep) {
    let count = 0;
    let after: number | undefined;
    for (;;) {
      const chunk = await reader.readSelectedRecords(sheetId, inStore, after, COUNT_CHUNK);
      count += chunk.items.filter(keep).length;
      if (chunk.items.length < COUNT_CHUNK) return count;
      after = chunk.cursor;
    }
  }
  const excluded = new Set(inStore.excludeIds ?? []);
  const ids = inStore.includeIds?.filter((id) => !excluded.has(id));
  const query = {
    filter: inStore.filter,
    searchValue: inStore.searchValue,
    searchField: inStore.searchField,
    ids,
    sortDirection: "asc" as const,
    limit: 0,
    offset: 0,
  };
  const whole = query.filter === "all" && query.searchValue === undefined && ids === undefined;
  const total = whole
    ? (await reader.countRecords(sheetId)).total
    : (await reader.listRecords(sheetId, query)).total;
  if (ids !== undefined || excluded.size === 0) return total;
  // Only excluded ids that the selection covers take something away.
  const left = (await reader.listRecords(sheetId, { ...query, ids: [...excluded] })).total;
  return Math.max(0, total - left);
}
