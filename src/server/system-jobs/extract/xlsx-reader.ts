import { Unzip, UnzipInflate, type UnzipFile } from "fflate";
import { type ByteReader, Pacer } from "./byte-reader";
import { ExtractError, formatCount } from "./extract-error";
import type { ExtractEvent } from "./extract-events";
import type { ExtractLimits } from "./extract-limits";
import { TableBuilder } from "./table-builder";
import type { DateKind } from "./xlsx-dates";
import {
  type Relationship,
  relationshipsEntry,
  sharedStringsEntry,
  stylesEntry,
  type Workbook,
  workbookEntry,
} from "./xlsx-parts";
import { sheetEntry } from "./xlsx-sheet";
import type { EntrySink } from "./xml-entry";

/** Compressed bytes given to the inflater at a time: it expands them at once, so this bounds one step's output. */
const INFLATE_STEP = 4096;
/** Below this much output the ratio is not judged: tiny workbooks compress oddly well. */
const RATIO_GRACE_BYTES = 4 * 1024 * 1024;

const WORKBOOK = "xl/workbook.xml";
const WORKBOOK_RELS = "xl/_rels/workbook.xml.rels";
const RELATION = {
  worksheet: "/worksheet",
  sharedStrings: "/sharedStrings",
  styles: "/styles",
};

/** What is known of the workbook so far, kept across passes. */
type WorkbookState = {
  workbook?: Workbook;
  relationships?: Relationship[];
  sharedStrings?: string[];
  dateKinds?: (DateKind | undefined)[];
  /** Sheets begun, and sheets read to their end. */
  extracted: Set<string>;
  finished: Set<string>;
  tables: number;
};

/**
 * An XLSX workbook, one table per worksheet with data, read as a stream of zip entries. A sheet can only be read
 * once the workbook, its relationships, shared strings and styles are known; Excel writes the shared strings after
 * the sheets, so such sheets are read in a second pass over the file (`reopen`) instead of being kept in memory.
 */
export async function* readXlsx(
  reader: ByteReader,
  reopen: (() => Promise<ByteReader>) | undefined,
  context: { limits: ExtractLimits; headerRow?: number },
): AsyncGenerator<ExtractEvent, void, undefined> {
  const state: WorkbookState = { extracted: new Set(), finished: new Set(), tables: 0 };
  yield* readPass(reader, state, context);
  const { workbook, relationships } = state;
  if (!workbook || !relationships) {
    throw new ExtractError(
      "The file is not a valid XLSX workbook (it has no xl/workbook.xml); save it again as .xlsx.",
    );
  }
  state.sharedStrings ??= [];
  state.dateKinds ??= [];
  if (sheetPaths(state).some((path) => !state.extracted.has(path))) {
    if (!reopen)
      throw new TypeError("This XLSX file must be read twice: pass a function that opens its stream again");
    const again = await reopen();
    try {
      yield* readPass(again, state, context);
    } finally {
      await again.close();
    }
  }
  if (state.tables === 0) throw new ExtractError("The workbook has no data: every sheet is empty.");
}

function sheetPaths(state: WorkbookState): string[] {
  return (state.relationships ?? [])
    .filter((rel) => rel.type.endsWith(RELATION.worksheet))
    .map((rel) => rel.target);
}

async function* readPass(
  reader: ByteReader,
  state: WorkbookState,
  context: { limits: ExtractLimits; headerRow?: number },
): AsyncGenerator<ExtractEvent, void, undefined> {
  const { limits } = context;
  const out: ExtractEvent[] = [];
  const startBytes = reader.bytesRead;
  let inflated = 0;
  let failure: unknown;
  let entries = 0;

  const partOf = (kind: string) => state.relationships?.find((rel) => rel.type.endsWith(kind))?.target;
  const ready = () =>
    state.workbook !== undefined &&
    state.relationships !== undefined &&
    (state.sharedStrings !== undefined || partOf(RELATION.sharedStrings) === undefined) &&
    (state.dateKinds !== undefined || partOf(RELATION.styles) === undefined);

  const sinkFor = (path: string): EntrySink | undefined => {
    const lower = path.toLowerCase();
    if (lower === WORKBOOK && !state.workbook)
      return workbookEntry(path, (workbook) => (state.workbook = workbook));
    if (lower === WORKBOOK_RELS && !state.relationships) {
      return relationshipsEntry(path, "xl", (relationships) => (state.relationships = relationships));
    }
    const isPart = (kind: string, usual: string) =>
      (partOf(kind) ?? usual) === path || (!state.relationships && lower === usual.toLowerCase());
    if (!state.sharedStrings && isPart(RELATION.sharedStrings, "xl/sharedStrings.xml")) {
      const strings: string[] = [];
      return sharedStringsEntry(
        path,
        (text) => strings.push(text),
        () => (state.sharedStrings = strings),
      );
    }
    if (!state.dateKinds && isPart(RELATION.styles, "xl/styles.xml")) {
      return stylesEntry(path, (dateKinds) => (state.dateKinds = dateKinds));
    }
    if (!ready() || state.extracted.has(path) || !sheetPaths(state).includes(path)) return undefined;
    const workbook = state.workbook!;
    const relationId = state.relationships!.find((rel) => rel.target === path)?.id;
    const index = workbook.sheets.findIndex((sheet) => sheet.relationId === relationId);
    if (index === -1) return undefined;
    state.extracted.add(path);
    const builder = new TableBuilder(
      { name: workbook.sheets[index]!.name || `Sheet${index + 1}`, index, format: "xlsx" },
      limits,
      out,
      context.headerRow,
    );
    const sheetContext = {
      sharedStrings: state.sharedStrings ?? [],
      dateKinds: state.dateKinds ?? [],
      date1904: workbook.date1904,
      limits,
    };
    return sheetEntry(
      path,
      sheetContext,
      (cells, rowIndex) => builder.row(cells, rowIndex),
      () => {
        state.finished.add(path);
        if (builder.end()) state.tables++;
      },
    );
  };

  const unzip = new Unzip((file: UnzipFile) => {
    entries++;
    if (failure) return;
    const path = file.name.replace(/^\/+/, "");
    let sink: EntrySink | undefined;
    try {
      if (file.originalSize !== undefined && file.originalSize > limits.maxUncompressedBytes)
        throw tooLarge(limits);
      sink = sinkFor(path);
    } catch (error) {
      failure = error;
      return;
    }
    file.ondata = (error, data, final) => {
      if (failure) return;
      try {
        if (error)
          throw new ExtractError(
            `The XLSX file is damaged: ${path} cannot be decompressed (${error.message}).`,
          );
        inflated += data.byteLength;
        if (inflated > limits.maxUncompressedBytes) throw tooLarge(limits);
        sink?.write(data);
        if (final) sink?.end();
      } catch (caught) {
        failure = caught;
      }
    };
    // Every entry is inflated, also those not needed: fflate keeps the compressed bytes of an unstarted entry.
    file.start();
  });
  unzip.register(UnzipInflate);

  const pacer = new Pacer();
  const push = (bytes: Uint8Array, final: boolean) => {
    try {
      unzip.push(bytes, final);
    } catch (error) {
      failure ??= new ExtractError(
        `The XLSX file is damaged or cut short (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
    if (failure) throw failure;
  };
  for (let chunk = await reader.read(); chunk; chunk = await reader.read()) {
    for (let offset = 0; offset < chunk.byteLength; offset += INFLATE_STEP) {
      push(chunk.subarray(offset, offset + INFLATE_STEP), false);
      const read = reader.bytesRead - startBytes;
      if (inflated > RATIO_GRACE_BYTES && inflated > read * limits.maxCompressionRatio) {
        throw new ExtractError(
          `The XLSX file expands more than ${formatCount(limits.maxCompressionRatio)} times when decompressed, which no real workbook does; it is refused as a possible zip bomb.`,
        );
      }
      yield* out.splice(0);
      await pacer.breathe();
    }
    // The rest of the file (document properties, a pass's sheets already read) is not needed.
    if (ready() && sheetPaths(state).every((path) => state.finished.has(path))) return;
  }
  push(new Uint8Array(0), true);
  yield* out.splice(0);
  if (entries === 0)
    throw new ExtractError("The file is not a valid XLSX workbook (it is not a zip archive).");
}

function tooLarge(limits: ExtractLimits) {
  return new ExtractError(
    `The XLSX file decompresses to more than ${formatCount(limits.maxUncompressedBytes)} bytes; at most that much is supported.`,
  );
}
