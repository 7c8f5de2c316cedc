import type { ExtractColumn } from "./column-names";

export type ExtractFormat = "csv" | "tsv" | "xlsx" | "json";

/** What `extractTables` yields, in this order per table: `table`, then `rows` batches and `columns` growths. */
export type ExtractEvent = ExtractTableStart | ExtractColumnsGrown | ExtractRows;

/** A table begins: one for CSV, TSV and JSON; one per worksheet with data for XLSX. */
export type ExtractTableStart = {
  kind: "table";
  /** The worksheet's name, or the file's name without its extension. */
  name: string;
  /** Position of the worksheet in the workbook (XLSX tables come in the zip's order, which may differ); 0 otherwise. */
  index: number;
  format: ExtractFormat;
  /** 0-based index, among the file's rows (blank ones too), of the header row; undefined for JSON. */
  headerRow: number | undefined;
  columns: ExtractColumn[];
  /** Text formats: the detected encoding ("utf-8", "utf-16le", "utf-16be", "windows-1252"). */
  encoding?: string;
  /** CSV and TSV: the detected field delimiter. */
  delimiter?: string;
};

/**
 * A row held more non-empty cells than there were columns (CSV, TSV, XLSX), or a JSON object a new key: the table's
 * full column list, the earlier columns first and unchanged. Rows after this event have the new length.
 */
export type ExtractColumnsGrown = { kind: "columns"; columns: ExtractColumn[] };

/**
 * Up to `limits.batchRows` rows (fewer once their cells reach `limits.batchChars` characters). Each row has exactly one
 * string per column known at that point (shorter rows are padded with ""); blank rows are left out.
 */
export type ExtractRows = { kind: "rows"; rows: string[][] };
