import { ColumnNames } from "./column-names";
import { ExtractError, formatCount } from "./extract-error";
import type { ExtractEvent, ExtractTableStart } from "./extract-events";
import type { ExtractLimits } from "./extract-limits";

/** Rows read before the header row is chosen: title rows above a header are rarely more. */
const HEADER_SAMPLE_ROWS = 20;

type SampledRow = { index: number; cells: string[]; width: number };

/**
 * Turns the raw rows of one table (CSV records, worksheet rows) into `table`, `rows` and `columns` events in `out`:
 * finds the header row below title and blank rows, names the columns, pads short rows, adds columns for longer ones,
 * skips blank rows, checks the column and cell caps and cuts the rows into batches.
 */
export class TableBuilder {
  #sample: SampledRow[] | undefined = [];
  #names = new ColumnNames();
  #batch: string[][] = [];
  #batchChars = 0;
  #nextIndex = 0;

  constructor(
    private readonly table: Omit<ExtractTableStart, "kind" | "headerRow" | "columns">,
    private readonly limits: ExtractLimits,
    private readonly out: ExtractEvent[],
    private readonly forcedHeaderRow?: number,
  ) {}

  /** One row of the file in order; `index` (0-based) when rows may be missing in between, as in a worksheet. */
  row(cells: string[], index = this.#nextIndex): void {
    this.#nextIndex = index + 1;
    const width = this.#check(cells, index);
    if (this.#sample) {
      if (this.forcedHeaderRow !== undefined) {
        if (index < this.forcedHeaderRow) return;
        this.#start(index === this.forcedHeaderRow ? cells : [], this.forcedHeaderRow);
        if (index === this.forcedHeaderRow) return;
      } else {
        if (width > 0) this.#sample.push({ index, cells, width });
        if (this.#sample.length >= HEADER_SAMPLE_ROWS) this.#decide();
        return;
      }
    }
    if (width > 0) this.#data(cells, width);
  }

  /** 1-based number of the next row, for messages. */
  get nextRowNumber(): number {
    return this.#nextIndex + 1;
  }

  /** Ends the table; false when it had no non-blank row at all (no table was started). */
  end(): boolean {
    if (this.#sample) {
      if (this.#sample.length === 0) return false;
      this.#decide();
    }
    this.#flush();
    return true;
  }

  #check(cells: string[], index: number): number {
    let width = 0;
    for (let column = 0; column < cells.length; column++) {
      const cell = cells[column]!;
      if (cell.length > this.limits.maxCellChars) {
        throw new ExtractError(
          `Row ${formatCount(index + 1)}, column ${formatCount(column + 1)} has a cell of ${formatCount(cell.length)} characters; at most ${formatCount(this.limits.maxCellChars)} are supported.`,
        );
      }
      if (cell.length > 0 && (cell.charCodeAt(0) > 32 || cell.trim() !== "")) width = column + 1;
    }
    if (width > this.limits.maxColumns) {
      throw new ExtractError(
        `Row ${formatCount(index + 1)} has ${formatCount(width)} columns; at most ${formatCount(this.limits.maxColumns)} are supported.`,
      );
    }
    return width;
  }

  /**
   * The header is the first row at least half as wide as the most common width among the sampled rows: a title row
   * ("Sales 2024") is narrower than the table, while a header with a few empty names still counts.
   */
  #decide() {
    const sample = this.#sample!;
    const counts = new Map<number, number>();
    for (const { width } of sample) counts.set(width, (counts.get(width) ?? 0) + 1);
    let common = 0;
    let commonCount = 0;
    for (const [width, count] of counts) {
      if (count > commonCount || (count === commonCount && width > common))
        [common, commonCount] = [width, count];
    }
    const needed = common <= 1 ? common : Math.max(2, Math.ceil(common / 2));
    const headerAt = Math.max(
      0,
      sample.findIndex((row) => row.width >= needed),
    );
    const header = sample[headerAt]!;
    this.#start(header.cells.slice(0, header.width), header.index);
    for (const row of sample.slice(headerAt + 1)) this.#data(row.cells, row.width);
  }

  #start(header: string[], headerRow: number) {
    this.#sample = undefined;
    for (const cell of header) this.#names.add(cell);
    this.out.push({ kind: "table", ...this.table, headerRow, columns: [...this.#names.columns] });
  }

  #data(cells: string[], width: number) {
    const columns = this.#names.columns.length;
    if (width > columns) {
      this.#flush();
      for (let column = columns; column < width; column++) this.#names.add(undefined);
      this.out.push({ kind: "columns", columns: [...this.#names.columns] });
    }
    const length = this.#names.columns.length;
    let row = cells;
    if (cells.length > length) row = cells.slice(0, length);
    else if (cells.length < length) {
      row = cells.slice();
      while (row.length < length) row.push("");
    }
    let chars = 0;
    for (const cell of row) chars += cell.length;
    this.#batch.push(row);
    this.#batchChars += chars;
    if (this.#batch.length >= this.limits.batchRows || this.#batchChars >= this.limits.batchChars)
      this.#flush();
  }

  #flush() {
    if (this.#batch.length === 0) return;
    this.out.push({ kind: "rows", rows: this.#batch });
    this.#batch = [];
    this.#batchChars = 0;
  }
}
