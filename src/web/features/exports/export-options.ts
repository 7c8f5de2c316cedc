import type { ExportOptions } from "../../../core";

/** What the grid shows: its filter, search, sort, and the columns not hidden. */
export type ShownRecords = {
  filter: "all" | "valid" | "error";
  searchValue?: string;
  sortField?: string;
  sortDirection?: "asc" | "desc";
  /** The visible columns' field keys, in order; undefined when every field shows. */
  fields?: string[];
};

/**
 * Sheets up to this many shown records download at once (`GET /sheets/{id}/download`, held by the page as one blob
 * of a few megabytes); larger ones go through the export job, which writes a file in the space that the browser then
 * downloads straight to disk.
 */
export const DIRECT_DOWNLOAD_ROWS = 50_000;

/**
 * The export options of what the grid shows, for the download and the job alike, so both write the same file. With a
 * byte order mark: a person opens the file in a spreadsheet program, which needs it to read UTF-8.
 */
export function exportOptionsOf(shown: ShownRecords): ExportOptions {
  return {
    ...(shown.filter === "all" ? {} : { filter: shown.filter }),
    ...(shown.searchValue ? { searchValue: shown.searchValue } : {}),
    ...(shown.sortField ? { sortField: shown.sortField, sortDirection: shown.sortDirection ?? "asc" } : {}),
    ...(shown.fields ? { fields: shown.fields } : {}),
    bom: true,
  };
}

/** The name of a downloaded sheet, as the export job names its file: "Contacts 2026-12-06.csv" (the local day). */
export function downloadName(sheetName: string, now = new Date()): string {
  const day = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
    .map((part) => String(part).padStart(2, "0"))
    .join("-");
  return `${sheetName.replace(/[/\\]/g, " ").trim() || "Sheet"} ${day}.csv`;
}
