import type {
  RecordFilter,
  CellScalar,
  Event,
  FileMode,
  Job,
  JobListPosition,
  JobLogCaps,
  JobLogLevel,
  JobLogPage,
  JobLogsAppended,
  JobStatus,
  ListenerAnnouncement,
  RecordCounts,
  Sheet,
  SheetRecord,
  Snapshot,
  Space,
  SpaceDocument,
  SpaceFile,
  Workbook,
  NewJobLogLine,
} from "../../core";
import type { JobMetricRollup } from "../metrics/job-metric-changes";
import type { ActionMount } from "./action-mounts";

/** A workbook as stored: its sheets live in their own table and are joined by the service. */
export type StoredWorkbook = Omit<Workbook, "sheets">;
/** A sheet as stored: its counts are computed from its records, never stored. */
export type StoredSheet = Omit<Sheet, "recordCounts">;

/** An event before the log gives it a position. */
export type NewEvent = Omit<Event, "position">;

export type Page<T> = { items: T[]; total: number };

/**
 * How many matches a list counts: with `countLimit`, at most that many (`total` is then the lesser of the matches
 * and the limit; 0 counts nothing), so a count costs no more than the read it goes with; without it, every match.
 */
export type CountLimit = { countLimit?: number };

export type JobQuery = {
  environmentId?: string;
  spaceId?: string;
  /** Jobs whose `workbookId` (or `source`) is this workbook. */
  workbookId?: string;
  /** Jobs whose `fileId` (or `source`) is this file. */
  fileId?: string;
  parentId?: string;
  /** Jobs that run this one again (their `rerunOf`). */
  rerunOf?: string;
  /** Jobs that name this one among their `predecessorIds`. */
  predecessorId?: string;
  status?: JobStatus;
  operation?: string;
  type?: string;
  mode?: string;
  /** Only jobs last changed before this ISO time (`updatedAt < updatedBefore`). */
  updatedBefore?: string;
  excludeChildJobs?: boolean;
  /** The job with this id, or those whose search text has a word beginning with each of its words (core's `jobSearchText`). */
  search?: string;
  /** `createdFrom <= createdAt < createdTo`, and the same of `finishedAt` (a job not finished has none). */
  createdFrom?: string;
  createdTo?: string;
  finishedFrom?: string;
  finishedTo?: string;
  createdBy?: string;
  source?: string;
  /** Only the jobs after this one in the list's order (keyset pagination); `offset` then counts from it. */
  after?: JobListPosition;
  sortDirection: "asc" | "desc";
  limit: number;
  offset: number;
} & CountLimit;

/** A page of jobs, with the list position of its last job (none when the page is empty). */
export type JobPage = Page<Job> & { last?: JobListPosition };

export type SpaceQuery = { environmentId?: string; search?: string; limit: number; offset: number };

export type WorkbookQuery = { spaceId?: string; environmentId?: string; limit: number; offset: number };

export type RecordQuery = {
  filter: RecordFilter;
  /** Case-insensitive substring of a cell's value (as text), in any field or in `searchField` only. */
  searchValue?: string;
  searchField?: string;
  ids?: string[];
  /** Field key to sort by (values compare as SQLite does: empty first, then numbers, then text); else insertion order. */
  sortField?: string;
  sortDirection: "asc" | "desc";
  limit: number;
  offset: number;
};

/**
 * Which records of a sheet a walk reads (core's `ResolvedSelection` without `filterField`, which the caller judges
 * on each record's cell): a filter, a case-insensitive search in every cell or in `searchField`, only `includeIds`,
 * never `excludeIds`.
 */
export type RecordSelection = {
  filter: RecordFilter;
  searchValue?: string;
  searchField?: string;
  includeIds?: string[];
  excludeIds?: string[];
  /**
   * A hint, not a rule: only records whose stored form contains this text matter to the caller (a find and replace
   * names its text). A store that keeps records as JSON text may drop the others before parsing them, and then says
   * in the chunk's `scanned` how many rows it passed; the caller applies its exact rule to what it gets anyway.
   */
  containsHint?: string;
};

/**
 * A position in a sheet's insertion order (the record's `seq`, never reused within a sheet): a walk continues after
 * it even when the record there was deleted meanwhile, as a destructive job deletes what it read.
 */
export type RecordCursor = number;

/** One keyset read: what it found, and where the next read starts (the last item's position; none when empty). */
export type RecordChunk<T> = {
  items: T[];
  cursor?: RecordCursor;
  /** Rows the read passed when a `containsHint` dropped some (a short read is still the end: `scanned < limit`). */
  scanned?: number;
};

/**
 * One frozen record of a snapshot: its `ord` (0, 1, 2... in the sheet's order when it was taken) and `seq`, the
 * record's place in the sheet then, so that a restore puts a deleted record back where it was (none for records
 * given to `insertSnapshot` and for snapshots copied before the stores kept it).
 */
export type SnapshotRecord = { ord: number; seq?: RecordCursor; record: SheetRecord };

/** A record to insert at a place of its sheet's order (`seq`), or after the last without one. */
export type PlacedRecord = { record: SheetRecord; seq?: RecordCursor };

export type FileQuery = { spaceId?: string; mode?: FileMode; limit: number; offset: number };

/**
 * Which events a stream replay wants, on the columns a store filters without reading an event's JSON: its space,
 * its domain, and topic globs (core's `topicMatches`; none or an empty list is every topic).
 */
export type EventLogFilter = { spaceId?: string; domain?: string; topics?: readonly string[] };

/** Where `readEventsAfter` stops (`through`, a position it reads up to and including) and what it keeps. */
export type EventLogRange = { through?: number; filter?: EventLogFilter };

export type EventQuery = {
  environmentId?: string;
  spaceId?: string;
  /** The events of one job (`context.jobId`). */
  jobId?: string;
  domain?: string;
  /** A topic glob ("job:*"); matched with core's `topicMatches`. */
  topic?: string;
  /** Only events created at or after this ISO time. */
  since?: string;
  includeAcknowledged?: boolean;
  limit: number;
  offset: number;
} & CountLimit;

/**
 * One page of a job's log lines: `seq` bounds (`after` and `before`, both exclusive), oldest or newest first, only
 * lines of `level` or a more severe one, only lines whose message contains `q` (lower-cased by the caller).
 */
export type JobLogQuery = {
  after?: number;
  before?: number;
  order: "asc" | "desc";
  level?: JobLogLevel;
  q?: string;
  /** Only lines written in this attempt of the job (the marker line has none). */
  attempt?: number;
  limit: number;
};

/**
 * A listener's presence as stored: what it announced, the instance holding its stream, when it connected and was
 * last refreshed, when it disconnected (none while connected), and the jobs it completed or failed.
 */
export type StoredListener = ListenerAnnouncement & {
  environmentId: string;
  instance: string;
  connectedAt: string;
  lastSeenAt: string;
  disconnectedAt?: string;
  jobsHandled: number;
};

/** Which connected listeners `disconnectListeners` disconnects: those matching every condition given. */
export type ListenerSelection = {
  ids?: readonly string[];
  /** Held by this instance. */
  instance?: string;
  /** Not refreshed since before this ISO time (`lastSeenAt < lastSeenBefore`). */
  lastSeenBefore?: string;
};

/** Reads, available both outside and inside a transaction. Lists are newest-last unless said otherwise. */
export interface StoreReader {
  getJob(id: string): Promise<Job | undefined>;
  listJobs(query: JobQuery): Promise<JobPage>;
  /** Jobs in `waiting` that name `predecessorId` among their `predecessorIds`. */
  listJobsWaitingOn(predecessorId: string): Promise<Job[]>;
  /**
   * The job metric roll-ups of minutes `fromMinute <= minute < toMinute` (since the epoch), of one space or all, in
   * any order. Every `insertJob` and successful `updateJob` adds its `jobMetricChanges` in the same transaction.
   */
  readJobMetricRollups(fromMinute: number, toMinute: number, spaceId?: string): Promise<JobMetricRollup[]>;
  /** The earliest minute holding a job metric roll-up, undefined when none does (where a fold of all of them starts). */
  firstJobMetricMinute(): Promise<number | undefined>;
  getSpace(id: string): Promise<Space | undefined>;
  listSpaces(query: SpaceQuery): Promise<Page<Space>>;
  getEvent(id: string): Promise<Event | undefined>;
  /** Events oldest first, filtered and paged. */
  listEvents(query: EventQuery): Promise<Page<Event>>;
  /**
   * Up to `limit` events with a position greater than `position`, in position order (SSE replay and tail). With
   * `range`, only positions up to `through` and only the events that match `filter`, selected in the database: a
   * replay of one space's events over a large log reads (and parses) none of the others, and a bounded `through`
   * keeps each read short even when nothing matches.
   */
  readEventsAfter(position: number, limit: number, range?: EventLogRange): Promise<Event[]>;
  /** A page of a job's log lines (none, `lastSeq` 0, for a job that has none). */
  readJobLogs(jobId: string, query: JobLogQuery): Promise<JobLogPage>;
  /** Highest position written so far (0 when the log is empty). */
  lastEventPosition(): Promise<number>;
  /** Lowest position the log still holds (0 when it is empty); the positions before it were pruned. */
  firstEventPosition(): Promise<number>;
  /**
   * Every space, workbook, sheet, document and file that mounts at least one action with a `schedule`, each with
   * only those actions: spaces first, then workbooks, sheets, documents and files, each kind oldest first.
   */
  listScheduledActionSources(): Promise<ActionMount[]>;
  /**
   * The connected listeners, and with `disconnectedSince` also those that disconnected at or after it, oldest
   * connection first.
   */
  listListeners(query: { environmentId?: string; disconnectedSince?: string }): Promise<StoredListener[]>;

  getWorkbook(id: string): Promise<StoredWorkbook | undefined>;
  /** Oldest first. */
  listWorkbooks(query: WorkbookQuery): Promise<Page<StoredWorkbook>>;
  getSheet(id: string): Promise<StoredSheet | undefined>;
  /** A workbook's sheets in the order they were created. */
  listSheets(workbookId: string): Promise<StoredSheet[]>;
  /** Records in insertion order unless sorted; `total` counts every match, not just the page. */
  listRecords(sheetId: string, query: RecordQuery): Promise<Page<SheetRecord>>;
  countRecords(sheetId: string): Promise<RecordCounts>;
  /**
   * Up to `limit` records of the sheet in insertion order, after the record `afterId` (from the first without it),
   * with no count: how a system job walks a large sheet in chunks, each read costing the same however far it is.
   */
  readRecordsAfter(sheetId: string, afterId: string | undefined, limit: number): Promise<SheetRecord[]>;
  /**
   * Up to `limit` records of the selection in insertion order, after `after` (from the first without it), with no
   * count: how a system job walks a selection in chunks while it changes or deletes what it read. A short read is
   * the end.
   */
  readSelectedRecords(
    sheetId: string,
    selection: RecordSelection,
    after: RecordCursor | undefined,
    limit: number,
  ): Promise<RecordChunk<SheetRecord>>;
  /**
   * As `readSelectedRecords`, each record as the values of its cells `keys`, in that order (null for a cell that is
   * missing or has no value): what an export writes, read without building whole records.
   */
  readSelectedValues(
    sheetId: string,
    selection: RecordSelection,
    keys: readonly string[],
    after: RecordCursor | undefined,
    limit: number,
  ): Promise<RecordChunk<CellScalar[]>>;
  /** As `readSelectedRecords`, the ids only (a delete reads no record's cells). */
  readSelectedIds(
    sheetId: string,
    selection: RecordSelection,
    after: RecordCursor | undefined,
    limit: number,
  ): Promise<RecordChunk<string>>;
  /** Every record's value of one field (for whole-sheet rules such as `unique`). */
  listFieldValues(
    sheetId: string,
    fieldKey: string,
  ): Promise<{ id: string; value: CellScalar | undefined }[]>;
  getDocument(id: string): Promise<SpaceDocument | undefined>;
  /** Oldest first. */
  listDocuments(spaceId: string): Promise<SpaceDocument[]>;
  getFile(id: string): Promise<SpaceFile | undefined>;
  /** Newest first. */
  listFiles(query: FileQuery): Promise<Page<SpaceFile>>;
  /** The bytes of every file stored in a space (its quota), summed over the space's index, not the whole table. */
  sumFileBytes(spaceId: string): Promise<number>;
  getSnapshot(id: string): Promise<Snapshot | undefined>;
  /** Newest first. */
  listSnapshots(sheetId: string): Promise<Snapshot[]>;
  /** The frozen records, in the sheet's order at the time. */
  getSnapshotRecords(snapshotId: string): Promise<SheetRecord[]>;
  /**
   * Up to `limit` frozen records of a snapshot whose `ord` is greater than `afterOrd` (from the first without it),
   * in order: a restore walks a large snapshot in chunks, and a page of it is `afterOrd = offset - 1` (the `ord`s
   * are dense from 0).
   */
  readSnapshotRecords(
    snapshotId: string,
    afterOrd: number | undefined,
    limit: number,
  ): Promise<SnapshotRecord[]>;
}

/**
 * A delete of a whole sheet without copying it, where a store can: the records are handed to the job's Undo snapshot
 * in one transaction and touched no more (see decision 033). Both or neither.
 */
export interface RecordHandOver {
  /**
   * Hands every record of the sheet, as they are, to the snapshot `snapshotId`, whose row is not written yet: the
   * sheet is empty from this transaction on (records inserted after it are the sheet's). Until `insertSnapshot` writes
   * the row, the handed records are no snapshot's to read, but `deleteSnapshot`, `deleteSheet` and `deleteSpace`
   * remove them.
   */
  handOverRecords(sheetId: string, snapshotId: string): Promise<void>;
  /**
   * Up to `limit` ids of the records handed to `snapshotId` after `after` (the sheet's order), which become the
   * snapshot's frozen records from `ord` on (`readSnapshotRecords` reads them with those `ord`s and their `seq`s).
   */
  announceHandedOverRecords(
    snapshotId: string,
    after: RecordCursor | undefined,
    ord: number,
    limit: number,
  ): Promise<RecordChunk<string>>;
}

/** Writes; only inside `Store.transaction`, so a change and its events commit together or not at all. */
export interface StoreTx extends StoreReader, Partial<RecordHandOver> {
  insertJob(job: Job): Promise<void>;
  /**
   * Compare-and-set: writes `job` only if the stored job still has `expectedStatus` and `expectedUpdatedAt`.
   * A job's identity (type, operation, source, mode, spaceId, workbookId, fileId, parentId, environmentId,
   * createdAt) is fixed at insert; adapters may index those columns once and never rewrite them.
   * Returns false (and writes nothing) when another writer got there first.
   */
  updateJob(job: Job, expected: { status: JobStatus; updatedAt: string }): Promise<boolean>;
  deleteJob(id: string): Promise<boolean>;
  insertSpace(space: Space): Promise<void>;
  updateSpace(space: Space): Promise<boolean>;
  /** Deletes the space and everything in it: jobs, workbooks (with sheets, records, snapshots), documents, files. */
  deleteSpace(id: string): Promise<boolean>;
  insertWorkbook(workbook: StoredWorkbook): Promise<void>;
  updateWorkbook(workbook: StoredWorkbook): Promise<boolean>;
  /** Deletes the workbook with its sheets, their records and snapshots. */
  deleteWorkbook(id: string): Promise<boolean>;
  insertSheet(sheet: StoredSheet): Promise<void>;
  updateSheet(sheet: StoredSheet): Promise<boolean>;
  /** Deletes the sheet with its records and snapshots. */
  deleteSheet(id: string): Promise<boolean>;
  /** Appends records (ids are new) after the sheet's existing ones. */
  insertRecords(sheetId: string, records: SheetRecord[]): Promise<void>;
  /**
   * Inserts records (ids are new) each at its `seq` in the sheet's order when no record of the sheet holds that place
   * now, the others after the sheet's last record, in the given order: a snapshot restore puts deleted records back
   * where they were.
   */
  insertRecordsAt(sheetId: string, records: PlacedRecord[]): Promise<void>;
  /** Replaces records by id; returns how many existed (missing ids are skipped). */
  updateRecords(sheetId: string, records: SheetRecord[]): Promise<number>;
  /** Returns how many were deleted. */
  deleteRecords(sheetId: string, ids: string[]): Promise<number>;
  /**
   * Deletes up to `limit` records of the selection after `after` (insertion order) inside the database, reading none
   * of their cells: a delete job's chunk. Answers their ids in order and the position of the last.
   */
  deleteSelectedRecords(
    sheetId: string,
    selection: RecordSelection,
    after: RecordCursor | undefined,
    limit: number,
  ): Promise<RecordChunk<string>>;
  /** Replaces every record of the sheet, in the given order (snapshot restore). */
  replaceRecords(sheetId: string, records: SheetRecord[]): Promise<void>;
  insertDocument(document: SpaceDocument): Promise<void>;
  updateDocument(document: SpaceDocument): Promise<boolean>;
  deleteDocument(id: string): Promise<boolean>;
  insertFile(file: SpaceFile): Promise<void>;
  updateFile(file: SpaceFile): Promise<boolean>;
  deleteFile(id: string): Promise<boolean>;
  /** Stores the snapshot and its frozen copy of records (none for records handed over, which it now names). */
  insertSnapshot(snapshot: Snapshot, records: SheetRecord[]): Promise<void>;
  /**
   * Copies up to `limit` of the sheet's records after `after` (insertion order) into the frozen records of the
   * snapshot `snapshotId`, after those copied before, inside the database where it can: a large sheet's snapshot is
   * taken a chunk per transaction. The snapshot's row (`insertSnapshot`, whose `records` come after these) is
   * written last, so no reader sees a snapshot half copied; `deleteSnapshot` removes copied records without a row.
   */
  copyRecordsToSnapshot(
    snapshotId: string,
    sheetId: string,
    after: RecordCursor | undefined,
    limit: number,
  ): Promise<{ copied: number; cursor?: RecordCursor }>;
  deleteSnapshot(id: string): Promise<boolean>;
  /**
   * Appends lines to the log of an existing job, numbered after its last, then drops its oldest lines while it has
   * more than `caps` allow, leaving one marker line in their place (see `appendJobLogLines`).
   */
  appendJobLogs(jobId: string, lines: NewJobLogLine[], caps: JobLogCaps): Promise<JobLogsAppended>;
  /** Appends to the log; the returned event carries its position. */
  appendEvent(event: NewEvent): Promise<Event>;
  /** Sets `acknowledgedAt` once; false when there is no such event. */
  ackEvent(id: string, at: string): Promise<boolean>;
  /**
   * Deletes up to `limit` of the oldest events created before `createdBefore`, as a prefix of the log: it stops at
   * the first event that is not old enough, so no hole opens in the middle, and it never deletes the newest event,
   * so positions keep growing from where they were. Returns how many were deleted.
   */
  pruneEvents(createdBefore: string, limit: number): Promise<number>;
  /**
   * Records that `jobId` runs `slot` (an ISO time) of the scheduled action `actionKey` (`<type>:<source>:<operation>`).
   * True only for the first claim of that pair, across every instance sharing the database: the scheduler creates
   * the slot's job only when its claim is the one that counts.
   */
  claimScheduleSlot(actionKey: string, slot: string, jobId: string): Promise<boolean>;
  /** Deletes up to `limit` claims of slots before `slotBefore`; returns how many. */
  pruneScheduleSlots(slotBefore: string, limit: number): Promise<number>;
  /**
   * Writes a listener whose stream opened: a new row, or the row of that id with the new announcement, instance and
   * `lastSeenAt`; its `connectedAt` is kept while it was connected, and its `jobsHandled` always. True when no
   * listener of that id was connected (a `listener:connected` is due); across instances, one of two that connect it
   * at once waits for the other and answers false.
   */
  connectListener(listener: Omit<StoredListener, "jobsHandled" | "disconnectedAt">): Promise<boolean>;
  /**
   * Marks the connected listeners of `selection` disconnected at `at` and answers them as they are now: each is
   * answered once, by one transaction, however many instances ask at the same moment.
   */
  disconnectListeners(selection: ListenerSelection, at: string): Promise<StoredListener[]>;
  /** Sets `lastSeenAt` of the listeners of `ids` that `instance` holds and that are connected; answers how many. */
  touchListeners(ids: readonly string[], instance: string, at: string): Promise<number>;
  /** Adds to listeners' `jobsHandled` (by id; an unknown id is skipped). */
  countJobsHandled(counts: ReadonlyMap<string, number>): Promise<void>;
  /** Deletes up to `limit` listeners that disconnected before `disconnectedBefore`; returns how many. */
  pruneListeners(disconnectedBefore: string, limit: number): Promise<number>;
}

export type CommitListener = (events: Event[]) => void;

export type TransactionOptions = {
  /**
   * The work only reads (jobs through `getJob`), inserts jobs, changes jobs by compare-and-set, appends to the log of
   * a job it read (`appendJobLogs`) and appends events:
   * an adapter may run it beside other such transactions (PostgreSQL, where `getJob` in a transaction locks the
   * job's row until it ends, so calls on one job still run one after the other). It never interleaves with a
   * transaction without this option. The events it appends take their positions when it commits, or when it first
   * reads the log: an adapter may fill in the returned event's `position` only then.
   */
  independent?: boolean;
  /**
   * The work can be done again after a crash, from what the database then holds (a system job's chunk, which commits
   * the job's cursor with the rows it wrote): the caller does not wait for its commit to reach the disk. It resolves
   * once it is committed; its events reach the commit listeners once every commit before it has settled too, so in
   * commit order still. A later commit's sync makes it durable, as a WAL is only ever synced whole; until then an OS
   * crash or a power loss can take it, and the job resumes from the last chunk on disk. Only SQLite with `full`
   * waits for the disk apart from the COMMIT (decision 050); elsewhere this changes nothing (decision 051).
   */
  resumable?: boolean;
};

/**
 * Storage behind the API. Every adapter (memory, SQLite, PostgreSQL) passes the same conformance suite
 * (`store-conformance.ts`). Adapters are asynchronous so that a networked database fits without changing services.
 */
export interface Store extends StoreReader {
  /**
   * Runs `work` in one write transaction; a throw rolls everything back. Transactions never interleave, except
   * `independent` ones with each other (see `TransactionOptions`).
   */
  transaction<T>(work: (tx: StoreTx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Called after each commit that appended events, with those events in position order. Returns an unsubscribe. */
  onCommit(listener: CommitListener): () => void;
  close(): Promise<void>;
}
