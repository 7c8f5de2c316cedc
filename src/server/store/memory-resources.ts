import type { Event, Job, SheetRecord, Snapshot, Space, SpaceDocument, SpaceFile } from "../../core";
import { RollupTable } from "../metrics/rollup-table";
import { cellOf, compareCellValues, recordContains } from "./record-values";
import type { MemoryJobLog } from "./memory-job-logs";
import type {
  Page,
  RecordQuery,
  RecordSelection,
  StoredListener,
  StoredSheet,
  StoredWorkbook,
} from "./store";

/** A snapshot's copy of a record, with the record's place in its sheet when copied (none when not known). */
export type FrozenRecord = { record: SheetRecord; seq?: number };

/** The memory store's state. `seq` orders rows created in the same millisecond, as SQLite's `seq` column does. */
export type Data = {
  jobs: Map<string, { job: Job; seq: number }>;
  /** Job metric roll-ups, changed with the jobs. */
  jobMetrics: RollupTable;
  spaces: Map<string, { space: Space; seq: number }>;
  /** The log; `events[i]` has position `prunedEvents + i + 1`. */
  events: Event[];
  /** How many events were pruned from the front of the log. */
  prunedEvents: number;
  eventsById: Map<string, Event>;
  workbooks: Map<string, { workbook: StoredWorkbook; seq: number }>;
  sheets: Map<string, { sheet: StoredSheet; seq: number }>;
  /** Per sheet, its records by id; the map's own order is the insertion order. */
  records: Map<string, Map<string, SheetRecord>>;
  /**
   * Each stored record object's place in the insertion order (a `RecordCursor`), from the shared `seq`: an update
   * stores a new object with its predecessor's place, an undo puts the old object (and so its place) back.
   */
  recordSeqs: WeakMap<SheetRecord, number>;
  /** Records copied into a snapshot whose row is not written yet (`copyRecordsToSnapshot`). */
  snapshotDrafts: Map<string, FrozenRecord[]>;
  /** Records handed to a snapshot whose row is not written yet (`handOverRecords`), in the sheet's order. */
  handOvers: Map<string, { sheetId: string; spaceId: string; records: FrozenRecord[] }>;
  documents: Map<string, { document: SpaceDocument; seq: number }>;
  files: Map<string, { file: SpaceFile; seq: number }>;
  snapshots: Map<string, { snapshot: Snapshot; records: FrozenRecord[]; seq: number }>;
  /** Each job's log, by job id (gone with the job). */
  jobLogs: Map<string, MemoryJobLog>;
  /** Claimed schedule slots by `<actionKey> <slot>`. */
  scheduleSlots: Map<string, { actionKey: string; slot: string; jobId: string }>;
  /** Listeners' presence by id. */
  listeners: Map<string, StoredListener>;
  seq: number;
};

export function emptyData(): Data {
  return {
    jobs: new Map(),
    jobMetrics: new RollupTable(),
    spaces: new Map(),
    events: [],
    prunedEvents: 0,
    eventsById: new Map(),
    workbooks: new Map(),
    sheets: new Map(),
    records: new Map(),
    recordSeqs: new WeakMap(),
    snapshotDrafts: new Map(),
    handOvers: new Map(),
    documents: new Map(),
    files: new Map(),
    snapshots: new Map(),
    scheduleSlots: new Map(),
    jobLogs: new Map(),
    listeners: new Map(),
    seq: 0,
  };
}

export const clone = <T>(value: T): T => structuredClone(value);

/** One page of `items`, cloned. */
/** One page of `items`; `total` counts them all, or at most `countLimit` (see `CountLimit`). */
export function page<T>(items: T[], limit: number, offset: number, countLimit?: number): Page<T> {
  const total = countLimit === undefined ? items.length : Math.min(items.length, Math.max(0, countLimit));
  return { items: items.slice(offset, offset + limit).map(clone), total };
}

/** Newest `createdAt` first; the later insert first among equal times. */
export function newestFirst(aCreated: string, aSeq: number, bCreated: string, bSeq: number): number {
  if (aCreated !== bCreated) return aCreated < bCreated ? 1 : -1;
  return bSeq - aSeq;
}

/** Whether a record is in a selection (search and filter as `queryRecords` judges them). */
export function selectionMatcher(selection: RecordSelection): (record: SheetRecord) => boolean {
  const include = selection.includeIds ? new Set(selection.includeIds) : undefined;
  const exclude = selection.excludeIds?.length ? new Set(selection.excludeIds) : undefined;
  const needle = selection.searchValue ? selection.searchValue.toLowerCase() : undefined;
  const field = selection.searchField || undefined;
  return (record) =>
    !(selection.filter === "valid" && !record.valid) &&
    !(selection.filter === "error" && record.valid) &&
    (!include || include.has(record.id)) &&
    !exclude?.has(record.id) &&
    (needle === undefined || recordContains(record, needle, field));
}

/** The records of one sheet that match `q`, in the query's order (not paged, not cloned). */
export function queryRecords(records: Map<string, SheetRecord>, q: RecordQuery): SheetRecord[] {
  const ids = q.ids ? new Set(q.ids) : undefined;
  const needle = q.searchValue ? q.searchValue.toLowerCase() : undefined;
  const matches: SheetRecord[] = [];
  for (const record of records.values()) {
    if (q.filter === "valid" && !record.valid) continue;
    if (q.filter === "error" && record.valid) continue;
    if (ids && !ids.has(record.id)) continue;
    if (needle !== undefined && !recordContains(record, needle, q.searchField || undefined)) continue;
    matches.push(record);
  }
  const field = q.sortField;
  if (field) {
    // A stable sort, so ties keep insertion order; descending reverses the whole order, ties included.
    matches.sort((a, b) => compareCellValues(cellOf(a, field)?.value, cellOf(b, field)?.value));
    if (q.sortDirection === "desc") matches.reverse();
  }
  return matches;
}
