import {
  jobSearchText,
  searchTextMatches,
  searchWords,
  topicMatches,
  type CellScalar,
  type Event,
  type Job,
  type JobLogCaps,
  type NewJobLogLine,
  type RecordCounts,
  type SheetRecord,
  type Snapshot,
  type Space,
  type SpaceDocument,
  type SpaceFile,
} from "../../core";
import {
  actionMount,
  MOUNT_KINDS,
  MOUNT_TABLES,
  scheduledOnly,
  type MountKind,
  type MountedResource,
} from "./action-mounts";
import { CommitListeners } from "./commit-listeners";
import {
  clone,
  emptyData,
  newestFirst,
  page,
  queryRecords,
  selectionMatcher,
  type Data,
} from "./memory-resources";
import { appendJobLogLines } from "./job-log-append";
import { MemoryJobLogTable, readMemoryJobLogs } from "./memory-job-logs";
import { CellValueReader } from "./record-json";
import { cellOf } from "./record-values";
import { TransactionQueue } from "./transaction-queue";
import { jobMetricChanges, type JobMetricRollup } from "../metrics/job-metric-changes";
import type {
  EventLogFilter,
  EventLogRange,
  EventQuery,
  FileQuery,
  JobLogQuery,
  JobPage,
  JobQuery,
  ListenerSelection,
  NewEvent,
  Page,
  PlacedRecord,
  RecordChunk,
  RecordCursor,
  RecordQuery,
  RecordSelection,
  SnapshotRecord,
  SpaceQuery,
  Store,
  StoreReader,
  StoreTx,
  StoredListener,
  StoredSheet,
  StoredWorkbook,
  WorkbookQuery,
} from "./store";

/** Reads over the maps; shared by the store and its transactions. */
class MemoryReader implements StoreReader {
  constructor(protected readonly data: Data) {}

  async getJob(id: string) {
    const entry = this.data.jobs.get(id);
    return entry ? clone(entry.job) : undefined;
  }

  async listJobs(q: JobQuery): Promise<JobPage> {
    const order = (a: { createdAt: string; seq: number }, b: { createdAt: string; seq: number }) =>
      (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.seq - b.seq) *
      (q.sortDirection === "desc" ? -1 : 1);
    const { after } = q;
    const matches = [...this.data.jobs.values()].filter(
      ({ job, seq }) => jobMatches(job, q) && (!after || order({ createdAt: job.createdAt, seq }, after) > 0),
    );
    matches.sort((a, b) =>
      order({ createdAt: a.job.createdAt, seq: a.seq }, { createdAt: b.job.createdAt, seq: b.seq }),
    );
    const result = page(
      matches.map((m) => m.job),
      q.limit,
      q.offset,
      q.countLimit,
    );
    const last = matches[Math.min(matches.length, q.offset + q.limit) - 1];
    return result.items.length > 0 && last
      ? { ...result, last: { createdAt: last.job.createdAt, seq: last.seq } }
      : result;
  }

  async listJobsWaitingOn(predecessorId: string) {
    return [...this.data.jobs.values()]
      .filter(({ job }) => job.status === "waiting" && job.predecessorIds?.includes(predecessorId))
      .map(({ job }) => clone(job));
  }

  async readJobMetricRollups(fromMinute: number, toMinute: number, spaceId?: string) {
    return [...this.data.jobMetrics.range(fromMinute, toMinute)]
      .filter((rollup) => spaceId === undefined || rollup.spaceId === spaceId)
      .map((rollup) => clone(rollup));
  }

  async firstJobMetricMinute() {
    return this.data.jobMetrics.firstMinute();
  }

  async getSpace(id: string) {
    const entry = this.data.spaces.get(id);
    return entry ? clone(entry.space) : undefined;
  }

  async listSpaces(q: SpaceQuery): Promise<Page<Space>> {
    const search = q.search?.toLowerCase();
    const matches = [...this.data.spaces.values()]
      .filter(
        ({ space }) =>
          (!q.environmentId || space.environmentId === q.environmentId) &&
          (!search || space.name.toLowerCase().includes(search)),
      )
      .sort((a, b) => a.seq - b.seq)
      .map((m) => m.space);
    return page(matches, q.limit, q.offset);
  }

  async getEvent(id: string) {
    const event = this.data.eventsById.get(id);
    return event ? clone(event) : undefined;
  }

  async listEvents(q: EventQuery): Promise<Page<Event>> {
    return page(
      this.data.events.filter((event) => eventMatches(event, q)),
      q.limit,
      q.offset,
      q.countLimit,
    );
  }

  async readEventsAfter(position: number, limit: number, range: EventLogRange = {}) {
    // Positions are dense from the first kept one, so the array index of position p is p - 1 - prunedEvents.
    const start = Math.max(0, position - this.data.prunedEvents);
    const { through, filter } = range;
    const end = through === undefined ? undefined : Math.max(start, through - this.data.prunedEvents);
    if (!filter)
      return this.data.events
        .slice(start, end === undefined ? start + limit : Math.min(end, start + limit))
        .map(clone);
    // The events are in memory already: a filtered read walks the window (which `through` bounds) without copying it.
    const found: Event[] = [];
    const stop = end ?? this.data.events.length;
    for (let i = start; i < stop && found.length < limit; i++) {
      const event = this.data.events[i] as Event;
      if (logFilterMatches(event, filter)) found.push(clone(event));
    }
    return found;
  }

  async readJobLogs(jobId: string, q: JobLogQuery) {
    return readMemoryJobLogs(this.data.jobLogs.get(jobId), q);
  }

  async lastEventPosition() {
    return this.data.prunedEvents + this.data.events.length;
  }

  async firstEventPosition() {
    return this.data.events[0]?.position ?? 0;
  }

  async listScheduledActionSources() {
    return MOUNT_KINDS.flatMap((kind) =>
      [...this.#mounted(kind).values()]
        .sort((a, b) => a.seq - b.seq)
        .flatMap((entry) => {
          const scheduled = scheduledOnly(actionMount(kind, entry[kind]));
          return scheduled ? [clone(scheduled)] : [];
        }),
    );
  }

  /** The map of one kind, whose entries hold the resource under the kind's name (`{ space, seq }`). */
  #mounted<K extends MountKind>(kind: K) {
    return this.data[MOUNT_TABLES[kind]] as Map<string, { seq: number } & Record<K, MountedResource[K]>>;
  }

  async listListeners(q: { environmentId?: string; disconnectedSince?: string }) {
    return [...this.data.listeners.values()]
      .filter(
        (l) =>
          (!q.environmentId || l.environmentId === q.environmentId) &&
          (l.disconnectedAt === undefined ||
            (q.disconnectedSince !== undefined && l.disconnectedAt >= q.disconnectedSince)),
      )
      .sort((a, b) =>
        a.connectedAt < b.connectedAt ? -1 : a.connectedAt > b.connectedAt ? 1 : a.id < b.id ? -1 : 1,
      )
      .map(clone);
  }

  async getWorkbook(id: string) {
    const entry = this.data.workbooks.get(id);
    return entry ? clone(entry.workbook) : undefined;
  }

  async listWorkbooks(q: WorkbookQuery): Promise<Page<StoredWorkbook>> {
    const matches = [...this.data.workbooks.values()]
      .filter(
        ({ workbook }) =>
          (!q.spaceId || workbook.spaceId === q.spaceId) &&
          (!q.environmentId || workbook.environmentId === q.environmentId),
      )
      .sort((a, b) => a.seq - b.seq)
      .map((m) => m.workbook);
    return page(matches, q.limit, q.offset);
  }

  async getSheet(id: string) {
    const entry = this.data.sheets.get(id);
    return entry ? clone(entry.sheet) : undefined;
  }

  async listSheets(workbookId: string) {
    return [...this.data.sheets.values()]
      .filter(({ sheet }) => sheet.workbookId === workbookId)
      .sort((a, b) => a.seq - b.seq)
      .map(({ sheet }) => clone(sheet));
  }

  async listRecords(sheetId: string, q: RecordQuery): Promise<Page<SheetRecord>> {
    const records = this.data.records.get(sheetId);
    return page(records ? queryRecords(records, q) : [], q.limit, q.offset);
  }

  async readRecordsAfter(
    sheetId: string,
    afterId: string | undefined,
    limit: number,
  ): Promise<SheetRecord[]> {
    const records = [...(this.data.records.get(sheetId)?.values() ?? [])];
    const start = afterId === undefined ? 0 : records.findIndex((record) => record.id === afterId) + 1;
    // A missing `afterId` reads nothing, as the SQL stores' `seq > (no row)` does.
    if (afterId !== undefined && start === 0) return [];
    return records.slice(start, start + limit).map((record) => clone(record));
  }

  /** Up to `limit` records of the selection after `after`, with their places (not cloned). */
  protected selected(
    sheetId: string,
    selection: RecordSelection,
    after: RecordCursor | undefined,
    limit: number,
  ) {
    const matches = selectionMatcher(selection);
    const found: { record: SheetRecord; seq: number }[] = [];
    for (const record of this.data.records.get(sheetId)?.values() ?? []) {
      if (found.length >= limit) break;
      const seq = this.data.recordSeqs.get(record) ?? 0;
      if (after !== undefined && seq <= after) continue;
      if (matches(record)) found.push({ record, seq });
    }
    const last = found.at(-1);
    return { found, ...(last ? { cursor: last.seq } : {}) };
  }

  async readSelectedRecords(
    sheetId: string,
    selection: RecordSelection,
    after: RecordCursor | undefined,
    limit: number,
  ): Promise<RecordChunk<SheetRecord>> {
    const { found, cursor } = this.selected(sheetId, selection, after, limit);
    return { items: found.map(({ record }) => clone(record)), ...(cursor === undefined ? {} : { cursor }) };
  }

  async readSelectedValues(
    sheetId: string,
    selection: RecordSelection,
    keys: readonly string[],
    after: RecordCursor | undefined,
    limit: number,
  ): Promise<RecordChunk<CellScalar[]>> {
    const { found, cursor } = this.selected(sheetId, selection, after, limit);
    // The values are scalars: picked from the stored records, nothing is cloned.
    const reader = new CellValueReader(keys);
    const items = found.map(({ record }) => reader.fromRecord(record));
    return { items, ...(cursor === undefined ? {} : { cursor }) };
  }

  async readSelectedIds(
    sheetId: string,
    selection: RecordSelection,
    after: RecordCursor | undefined,
    limit: number,
  ): Promise<RecordChunk<string>> {
    const { found, cursor } = this.selected(sheetId, selection, after, limit);
    return { items: found.map(({ record }) => record.id), ...(cursor === undefined ? {} : { cursor }) };
  }

  async countRecords(sheetId: string): Promise<RecordCounts> {
    let total = 0;
    let valid = 0;
    for (const record of this.data.records.get(sheetId)?.values() ?? []) {
      total++;
      if (record.valid) valid++;
    }
    return { total, valid, error: total - valid };
  }

  async listFieldValues(sheetId: string, fieldKey: string) {
    const values: { id: string; value: CellScalar | undefined }[] = [];
    for (const record of this.data.records.get(sheetId)?.values() ?? []) {
      values.push({ id: record.id, value: clone(cellOf(record, fieldKey)?.value) });
    }
    return values;
  }

  async getDocument(id: string) {
    const entry = this.data.documents.get(id);
    return entry ? clone(entry.document) : undefined;
  }

  async listDocuments(spaceId: string) {
    return [...this.data.documents.values()]
      .filter(({ document }) => document.spaceId === spaceId)
      .sort((a, b) => a.seq - b.seq)
      .map(({ document }) => clone(document));
  }

  async getFile(id: string) {
    const entry = this.data.files.get(id);
    return entry ? clone(entry.file) : undefined;
  }

  async listFiles(q: FileQuery): Promise<Page<SpaceFile>> {
    const matches = [...this.data.files.values()]
      .filter(({ file }) => (!q.spaceId || file.spaceId === q.spaceId) && (!q.mode || file.mode === q.mode))
      .sort((a, b) => newestFirst(a.file.createdAt, a.seq, b.file.createdAt, b.seq))
      .map((m) => m.file);
    return page(matches, q.limit, q.offset);
  }

  async sumFileBytes(spaceId: string) {
    let bytes = 0;
    for (const { file } of this.data.files.values()) if (file.spaceId === spaceId) bytes += file.size;
    return bytes;
  }

  async getSnapshot(id: string) {
    const entry = this.data.snapshots.get(id);
    return entry ? clone(entry.snapshot) : undefined;
  }

  async listSnapshots(sheetId: string) {
    return [...this.data.snapshots.values()]
      .filter(({ snapshot }) => snapshot.sheetId === sheetId)
      .sort((a, b) => newestFirst(a.snapshot.createdAt, a.seq, b.snapshot.createdAt, b.seq))
      .map(({ snapshot }) => clone(snapshot));
  }

  async getSnapshotRecords(snapshotId: string) {
    return (this.data.snapshots.get(snapshotId)?.records ?? []).map(({ record }) => clone(record));
  }

  async readSnapshotRecords(
    snapshotId: string,
    afterOrd: number | undefined,
    limit: number,
  ): Promise<SnapshotRecord[]> {
    const start = afterOrd === undefined ? 0 : Math.max(afterOrd + 1, 0);
    const frozen = this.data.snapshots.get(snapshotId)?.records ?? [];
    return frozen.slice(start, start + limit).map(({ record, seq }, i) => ({
      ord: start + i,
      ...(seq === undefined ? {} : { seq }),
      record: clone(record),
    }));
  }
}

export function jobMatches(job: Job, q: JobQuery): boolean {
  return (
    (!q.environmentId || job.environmentId === q.environmentId) &&
    (!q.spaceId || job.spaceId === q.spaceId) &&
    (!q.workbookId || job.workbookId === q.workbookId || job.source === q.workbookId) &&
    (!q.fileId || job.fileId === q.fileId || job.source === q.fileId) &&
    (!q.parentId || job.parentId === q.parentId) &&
    (!q.rerunOf || job.rerunOf === q.rerunOf) &&
    (!q.predecessorId || (job.predecessorIds?.includes(q.predecessorId) ?? false)) &&
    (!q.status || job.status === q.status) &&
    (!q.operation || job.operation === q.operation) &&
    (!q.type || job.type === q.type) &&
    (!q.mode || job.mode === q.mode) &&
    (!q.updatedBefore || job.updatedAt < q.updatedBefore) &&
    (!q.excludeChildJobs || job.parentId === undefined) &&
    (!q.createdFrom || job.createdAt >= q.createdFrom) &&
    (!q.createdTo || job.createdAt < q.createdTo) &&
    (!q.finishedFrom || (job.finishedAt !== undefined && job.finishedAt >= q.finishedFrom)) &&
    (!q.finishedTo || (job.finishedAt !== undefined && job.finishedAt < q.finishedTo)) &&
    (!q.createdBy || job.createdBy === q.createdBy) &&
    (!q.source || job.source === q.source) &&
    (!q.search || job.id === q.search || searchTextMatches(jobSearchText(job), searchWords(q.search)))
  );
}

function logFilterMatches(event: Event, filter: EventLogFilter): boolean {
  return (
    (!filter.spaceId || event.context.spaceId === filter.spaceId) &&
    (!filter.domain || event.domain === filter.domain) &&
    (!filter.topics?.length || topicMatches(filter.topics, event.topic))
  );
}

export function eventMatches(event: Event, q: EventQuery): boolean {
  return (
    (!q.environmentId || event.context.environmentId === q.environmentId) &&
    (!q.spaceId || event.context.spaceId === q.spaceId) &&
    (!q.jobId || event.context.jobId === q.jobId) &&
    (!q.domain || event.domain === q.domain) &&
    (!q.topic || topicMatches(q.topic, event.topic)) &&
    (!q.since || event.createdAt >= q.since) &&
    (q.includeAcknowledged !== false || event.acknowledgedAt === undefined)
  );
}

class MemoryTx extends MemoryReader implements StoreTx {
  readonly undo: (() => void)[] = [];
  readonly appended: Event[] = [];

  async insertJob(job: Job) {
    if (this.data.jobs.has(job.id)) throw new Error(`job ${job.id} exists`);
    this.data.jobs.set(job.id, { job: clone(job), seq: ++this.data.seq });
    this.undo.push(() => this.data.jobs.delete(job.id));
    this.#addMetrics(jobMetricChanges(undefined, job));
  }

  #addMetrics(changes: JobMetricRollup[]) {
    if (changes.length === 0) return;
    this.data.jobMetrics.add(changes);
    this.undo.push(() => this.data.jobMetrics.add(changes, -1));
  }

  async updateJob(job: Job, expected: { status: Job["status"]; updatedAt: string }) {
    const entry = this.data.jobs.get(job.id);
    if (!entry || entry.job.status !== expected.status || entry.job.updatedAt !== expected.updatedAt)
      return false;
    const previous = entry.job;
    entry.job = clone(job);
    this.undo.push(() => (entry.job = previous));
    this.#addMetrics(jobMetricChanges(expected, job));
    return true;
  }

  async deleteJob(id: string) {
    const entry = this.data.jobs.get(id);
    if (!entry) return false;
    this.data.jobs.delete(id);
    this.undo.push(() => this.data.jobs.set(id, entry));
    this.#remove(this.data.jobLogs, id);
    return true;
  }

  async insertSpace(space: Space) {
    if (this.data.spaces.has(space.id)) throw new Error(`space ${space.id} exists`);
    this.data.spaces.set(space.id, { space: clone(space), seq: ++this.data.seq });
    this.undo.push(() => this.data.spaces.delete(space.id));
  }

  async updateSpace(space: Space) {
    const entry = this.data.spaces.get(space.id);
    if (!entry) return false;
    const previous = entry.space;
    entry.space = clone(space);
    this.undo.push(() => (entry.space = previous));
    return true;
  }

  async deleteSpace(id: string) {
    if (!this.#remove(this.data.spaces, id)) return false;
    this.#removeWhere(this.data.jobs, ({ job }) => job.spaceId === id);
    for (const jobId of this.data.jobLogs.keys())
      if (!this.data.jobs.has(jobId)) this.#remove(this.data.jobLogs, jobId);
    for (const [workbookId, { workbook }] of this.data.workbooks) {
      if (workbook.spaceId === id) this.#deleteWorkbook(workbookId);
    }
    // Sheets and snapshots name their space too; any left without a workbook go with it.
    for (const [sheetId, { sheet }] of this.data.sheets) {
      if (sheet.spaceId === id) this.#deleteSheet(sheetId);
    }
    this.#removeWhere(this.data.snapshots, ({ snapshot }) => snapshot.spaceId === id);
    this.#removeWhere(this.data.handOvers, (handed) => handed.spaceId === id);
    this.#removeWhere(this.data.documents, ({ document }) => document.spaceId === id);
    this.#removeWhere(this.data.files, ({ file }) => file.spaceId === id);
    return true;
  }

  async insertWorkbook(workbook: StoredWorkbook) {
    this.#insert(this.data.workbooks, workbook.id, { workbook: clone(workbook), seq: ++this.data.seq });
  }

  async updateWorkbook(workbook: StoredWorkbook) {
    return this.#update(this.data.workbooks, workbook.id, (entry) => ({
      ...entry,
      workbook: clone(workbook),
    }));
  }

  async deleteWorkbook(id: string) {
    if (!this.data.workbooks.has(id)) return false;
    this.#deleteWorkbook(id);
    return true;
  }

  async insertSheet(sheet: StoredSheet) {
    this.#insert(this.data.sheets, sheet.id, { sheet: clone(sheet), seq: ++this.data.seq });
  }

  async updateSheet(sheet: StoredSheet) {
    return this.#update(this.data.sheets, sheet.id, (entry) => ({ ...entry, sheet: clone(sheet) }));
  }

  async deleteSheet(id: string) {
    if (!this.data.sheets.has(id)) return false;
    this.#deleteSheet(id);
    return true;
  }

  async insertRecords(sheetId: string, records: SheetRecord[]) {
    const sheetRecords = this.#sheetRecords(sheetId);
    const inserted: string[] = [];
    this.undo.push(() => {
      for (const id of inserted) sheetRecords.delete(id);
    });
    for (const record of records) {
      if (sheetRecords.has(record.id)) throw new Error(`record ${record.id} exists`);
      sheetRecords.set(record.id, this.#placed(record, ++this.data.seq));
      inserted.push(record.id);
    }
  }

  async insertRecordsAt(sheetId: string, records: PlacedRecord[]) {
    if (records.length === 0) return;
    const sheetRecords = this.#sheetRecords(sheetId);
    const before = [...sheetRecords];
    this.undo.push(() => restore(sheetRecords, before));
    const taken = new Set<number>();
    let last = 0;
    for (const record of sheetRecords.values()) {
      const seq = this.data.recordSeqs.get(record) ?? 0;
      taken.add(seq);
      last = Math.max(last, seq);
    }
    const placed: [string, SheetRecord][] = [];
    for (const { record, seq } of records) {
      if (sheetRecords.has(record.id)) throw new Error(`record ${record.id} exists`);
      // The shared counter never goes back, so a place handed out before is free unless its record is still there.
      const at = seq !== undefined && !taken.has(seq) ? seq : ++this.data.seq;
      taken.add(at);
      placed.push([record.id, this.#placed(record, at)]);
    }
    const seqOf = (record: SheetRecord) => this.data.recordSeqs.get(record) ?? 0;
    placed.sort((a, b) => seqOf(a[1]) - seqOf(b[1]));
    const first = placed[0];
    if (first && seqOf(first[1]) > last) {
      for (const [id, record] of placed) sheetRecords.set(id, record);
      return;
    }
    // The map's order is the sheet's: merge the two ordered lists rather than sort the whole sheet again.
    const merged: [string, SheetRecord][] = [];
    let i = 0;
    for (const entry of before) {
      while (i < placed.length && seqOf(placed[i]![1]) < seqOf(entry[1])) merged.push(placed[i++]!);
      merged.push(entry);
    }
    merged.push(...placed.slice(i));
    restore(sheetRecords, merged);
  }

  async updateRecords(sheetId: string, records: SheetRecord[]) {
    const sheetRecords = this.data.records.get(sheetId);
    if (!sheetRecords) return 0;
    let updated = 0;
    for (const record of records) {
      const previous = sheetRecords.get(record.id);
      if (!previous) continue;
      // Setting an existing key keeps its place in the map, so insertion order survives updates and their undo.
      sheetRecords.set(record.id, this.#placed(record, this.data.recordSeqs.get(previous) ?? 0));
      this.undo.push(() => sheetRecords.set(record.id, previous));
      updated++;
    }
    return updated;
  }

  async deleteRecords(sheetId: string, ids: string[]) {
    const sheetRecords = this.data.records.get(sheetId);
    if (!sheetRecords) return 0;
    const before = [...sheetRecords];
    let deleted = 0;
    for (const id of ids) if (sheetRecords.delete(id)) deleted++;
    if (deleted > 0) this.undo.push(() => restore(sheetRecords, before));
    return deleted;
  }

  async deleteSelectedRecords(
    sheetId: string,
    selection: RecordSelection,
    after: RecordCursor | undefined,
    limit: number,
  ): Promise<RecordChunk<string>> {
    const { found, cursor } = this.selected(sheetId, selection, after, limit);
    const ids = found.map(({ record }) => record.id);
    await this.deleteRecords(sheetId, ids);
    return { items: ids, ...(cursor === undefined ? {} : { cursor }) };
  }

  async replaceRecords(sheetId: string, records: SheetRecord[]) {
    const sheetRecords = this.#sheetRecords(sheetId);
    const before = [...sheetRecords];
    this.undo.push(() => restore(sheetRecords, before));
    sheetRecords.clear();
    for (const record of records) sheetRecords.set(record.id, this.#placed(record, ++this.data.seq));
  }

  /** A stored copy of `record` at place `seq` in its sheet's order. */
  #placed(record: SheetRecord, seq: number): SheetRecord {
    const stored = clone(record);
    this.data.recordSeqs.set(stored, seq);
    return stored;
  }

  async insertDocument(document: SpaceDocument) {
    this.#insert(this.data.documents, document.id, { document: clone(document), seq: ++this.data.seq });
  }

  async updateDocument(document: SpaceDocument) {
    return this.#update(this.data.documents, document.id, (entry) => ({
      ...entry,
      document: clone(document),
    }));
  }

  async deleteDocument(id: string) {
    return this.#remove(this.data.documents, id);
  }

  async insertFile(file: SpaceFile) {
    this.#insert(this.data.files, file.id, { file: clone(file), seq: ++this.data.seq });
  }

  async updateFile(file: SpaceFile) {
    return this.#update(this.data.files, file.id, (entry) => ({ ...entry, file: clone(file) }));
  }

  async deleteFile(id: string) {
    return this.#remove(this.data.files, id);
  }

  async insertSnapshot(snapshot: Snapshot, records: SheetRecord[]) {
    const drafted = this.data.snapshotDrafts.get(snapshot.id) ?? [];
    this.#insert(this.data.snapshots, snapshot.id, {
      snapshot: clone(snapshot),
      records: [...drafted, ...records.map((record) => ({ record: clone(record) }))],
      seq: ++this.data.seq,
    });
    this.#remove(this.data.snapshotDrafts, snapshot.id);
    this.#remove(this.data.handOvers, snapshot.id);
  }

  async handOverRecords(sheetId: string, snapshotId: string) {
    const entry = this.data.sheets.get(sheetId);
    if (!entry) throw new Error(`sheet ${sheetId} not found`);
    const records = [...(this.data.records.get(sheetId)?.values() ?? [])].map((record) => ({
      record,
      seq: this.data.recordSeqs.get(record) ?? 0,
    }));
    // The sheet's map goes as it is; an insert after this starts a new one.
    this.#remove(this.data.records, sheetId);
    this.#insert(this.data.handOvers, snapshotId, { sheetId, spaceId: entry.sheet.spaceId, records });
  }

  async announceHandedOverRecords(
    snapshotId: string,
    after: RecordCursor | undefined,
    _ord: number,
    limit: number,
  ): Promise<RecordChunk<string>> {
    const handed = this.data.handOvers.get(snapshotId);
    if (!handed) throw new Error(`snapshot ${snapshotId} has no records handed over`);
    // The handed records are in seq order: the chunk starts at the first after `after`.
    let low = 0;
    let high = handed.records.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((handed.records[mid]?.seq ?? 0) <= (after ?? 0)) low = mid + 1;
      else high = mid;
    }
    const found = handed.records.slice(low, low + limit);
    const last = found.at(-1);
    if (!last) return { items: [] };
    let drafted = this.data.snapshotDrafts.get(snapshotId);
    if (!drafted) {
      drafted = [];
      this.#insert(this.data.snapshotDrafts, snapshotId, drafted);
    }
    const before = drafted.length;
    const target = drafted;
    target.push(...found);
    this.undo.push(() => (target.length = before));
    return { items: found.map(({ record }) => record.id), cursor: last.seq };
  }

  async copyRecordsToSnapshot(
    snapshotId: string,
    sheetId: string,
    after: RecordCursor | undefined,
    limit: number,
  ) {
    const { found, cursor } = this.selected(sheetId, { filter: "all" }, after, limit);
    if (found.length === 0) return { copied: 0 };
    const previous = this.data.snapshotDrafts.get(snapshotId);
    const drafted = [
      ...(previous ?? []),
      ...found.map(({ record, seq }) => ({ record: clone(record), seq })),
    ];
    this.data.snapshotDrafts.set(snapshotId, drafted);
    this.undo.push(() =>
      previous
        ? this.data.snapshotDrafts.set(snapshotId, previous)
        : this.data.snapshotDrafts.delete(snapshotId),
    );
    return { copied: found.length, ...(cursor === undefined ? {} : { cursor }) };
  }

  async deleteSnapshot(id: string) {
    this.#remove(this.data.snapshotDrafts, id);
    this.#remove(this.data.handOvers, id);
    return this.#remove(this.data.snapshots, id);
  }

  #deleteWorkbook(id: string) {
    this.#remove(this.data.workbooks, id);
    for (const [sheetId, { sheet }] of this.data.sheets) {
      if (sheet.workbookId === id) this.#deleteSheet(sheetId);
    }
  }

  #deleteSheet(id: string) {
    this.#remove(this.data.sheets, id);
    this.#remove(this.data.records, id);
    this.#removeWhere(this.data.snapshots, ({ snapshot }) => snapshot.sheetId === id);
    this.#removeWhere(this.data.handOvers, (handed) => handed.sheetId === id);
  }

  /** The sheet's record map, created (with its undo) when the sheet has none yet. */
  #sheetRecords(sheetId: string): Map<string, SheetRecord> {
    let records = this.data.records.get(sheetId);
    if (!records) {
      records = new Map();
      this.#insert(this.data.records, sheetId, records);
    }
    return records;
  }

  #insert<V>(map: Map<string, V>, id: string, value: V) {
    if (map.has(id)) throw new Error(`${id} exists`);
    map.set(id, value);
    this.undo.push(() => map.delete(id));
  }

  #update<V>(map: Map<string, V>, id: string, next: (entry: V) => V): boolean {
    const entry = map.get(id);
    if (entry === undefined) return false;
    map.set(id, next(entry));
    this.undo.push(() => map.set(id, entry));
    return true;
  }

  #remove<V>(map: Map<string, V>, id: string): boolean {
    const entry = map.get(id);
    if (entry === undefined) return false;
    map.delete(id);
    this.undo.push(() => map.set(id, entry));
    return true;
  }

  #removeWhere<V>(map: Map<string, V>, test: (entry: V) => boolean) {
    for (const [id, entry] of map) if (test(entry)) this.#remove(map, id);
  }

  async appendJobLogs(jobId: string, lines: NewJobLogLine[], caps: JobLogCaps) {
    return appendJobLogLines(new MemoryJobLogTable(this.data.jobLogs, this.undo), jobId, lines, caps);
  }

  async appendEvent(event: NewEvent) {
    const stored: Event = {
      ...clone(event),
      position: this.data.prunedEvents + this.data.events.length + 1,
    };
    this.data.events.push(stored);
    this.data.eventsById.set(stored.id, stored);
    this.appended.push(stored);
    this.undo.push(() => {
      this.data.events.pop();
      this.data.eventsById.delete(stored.id);
    });
    return clone(stored);
  }

  async ackEvent(id: string, at: string) {
    const event = this.data.eventsById.get(id);
    if (!event) return false;
    if (event.acknowledgedAt) return true;
    event.acknowledgedAt = at;
    this.undo.push(() => delete event.acknowledgedAt);
    return true;
  }

  async pruneEvents(createdBefore: string, limit: number) {
    const events = this.data.events;
    let count = 0;
    // The newest event (the last) always stays, so positions continue from it.
    while (count < limit && count < events.length - 1 && (events[count] as Event).createdAt < createdBefore)
      count++;
    if (count === 0) return 0;
    const removed = events.splice(0, count);
    for (const event of removed) this.data.eventsById.delete(event.id);
    this.data.prunedEvents += count;
    this.undo.push(() => {
      events.unshift(...removed);
      for (const event of removed) this.data.eventsById.set(event.id, event);
      this.data.prunedEvents -= count;
    });
    return count;
  }

  async claimScheduleSlot(actionKey: string, slot: string, jobId: string) {
    const key = `${actionKey} ${slot}`;
    if (this.data.scheduleSlots.has(key)) return false;
    this.#insert(this.data.scheduleSlots, key, { actionKey, slot, jobId });
    return true;
  }

  async pruneScheduleSlots(slotBefore: string, limit: number) {
    let count = 0;
    for (const [key, claim] of this.data.scheduleSlots) {
      if (count >= limit) break;
      if (claim.slot < slotBefore && this.#remove(this.data.scheduleSlots, key)) count++;
    }
    return count;
  }

  async connectListener(listener: Omit<StoredListener, "jobsHandled" | "disconnectedAt">) {
    const before = this.data.listeners.get(listener.id);
    const wasConnected = before !== undefined && before.disconnectedAt === undefined;
    const next: StoredListener = {
      ...clone(listener),
      connectedAt: wasConnected ? before.connectedAt : listener.connectedAt,
      jobsHandled: before?.jobsHandled ?? 0,
    };
    if (before) this.#update(this.data.listeners, listener.id, () => next);
    else this.#insert(this.data.listeners, listener.id, next);
    return !wasConnected;
  }

  async disconnectListeners(selection: ListenerSelection, at: string) {
    const changed: StoredListener[] = [];
    for (const [id, listener] of this.data.listeners) {
      if (listener.disconnectedAt !== undefined) continue;
      if (selection.ids && !selection.ids.includes(id)) continue;
      if (selection.instance !== undefined && listener.instance !== selection.instance) continue;
      if (selection.lastSeenBefore !== undefined && !(listener.lastSeenAt < selection.lastSeenBefore))
        continue;
      const next = { ...listener, disconnectedAt: at };
      this.#update(this.data.listeners, id, () => next);
      changed.push(clone(next));
    }
    return changed;
  }

  async touchListeners(ids: readonly string[], instance: string, at: string) {
    let count = 0;
    for (const id of ids) {
      const listener = this.data.listeners.get(id);
      if (!listener || listener.instance !== instance || listener.disconnectedAt !== undefined) continue;
      this.#update(this.data.listeners, id, () => ({ ...listener, lastSeenAt: at }));
      count++;
    }
    return count;
  }

  async countJobsHandled(counts: ReadonlyMap<string, number>) {
    for (const [id, count] of counts)
      this.#update(this.data.listeners, id, (l) => ({ ...l, jobsHandled: l.jobsHandled + count }));
  }

  async pruneListeners(disconnectedBefore: string, limit: number) {
    let count = 0;
    for (const [id, listener] of this.data.listeners) {
      if (count >= limit) break;
      if (listener.disconnectedAt !== undefined && listener.disconnectedAt < disconnectedBefore) {
        this.#remove(this.data.listeners, id);
        count++;
      }
    }
    return count;
  }
}

/** Puts a record map back as it was (contents and order), keeping the map object other undo steps hold. */
function restore(records: Map<string, SheetRecord>, entries: [string, SheetRecord][]) {
  records.clear();
  for (const [id, record] of entries) records.set(id, record);
}

/**
 * The in-memory store: no Node-only code, so mock mode can run the real server in a browser. Transactions are
 * serialised by the transaction queue and rolled back from an undo log.
 */
export class MemoryStore extends MemoryReader implements Store {
  readonly #listeners = new CommitListeners();
  readonly #transactions = new TransactionQueue<MemoryTx>({
    begin: () => undefined,
    tx: () => new MemoryTx(this.data),
    commit: () => undefined,
    rollback: (opened) => {
      for (const tx of opened) for (const undo of tx.undo.reverse()) undo();
    },
    committed: (events) => void this.#listeners.emit(events.map(clone)),
  });

  constructor() {
    super(emptyData());
  }

  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.#transactions.run(work);
  }

  onCommit(listener: (events: Event[]) => void) {
    return this.#listeners.add(listener);
  }

  async close() {}
}
