import {
  buildCells,
  duplicateMessage,
  type CellScalar,
  newId,
  paginate,
  uniqueKey,
  unknownFieldKeys,
  type Cell,
  type Field,
  type GetRecordCountsQuery,
  type GetRecordsCsvQuery,
  type GetRecordsQuery,
  type Principal,
  type RecordCounts,
  type RecordData,
  type SheetConfig,
  type SheetRecord,
  type UpdateRecordsBody,
  type ValidationMessage,
} from "../../core";
import { ApiError, badRequest, notFound, type ErrorItem } from "../http/api-error";
import { CellValueReader } from "../store/record-json";
import type {
  PlacedRecord,
  RecordChunk,
  RecordCursor,
  RecordQuery,
  RecordSelection,
  StoreReader,
  StoreTx,
  StoredSheet,
} from "../store/store";
import { bulkStep, type BulkLane } from "../scheduling/bulk-lane";
import { ChunkSizer } from "../system-jobs/chunk-sizer";
import { yieldToLoop } from "../system-jobs/yield-to-loop";
import { canSeeSpace, requireRecordWriter } from "./access";
import { csvColumns, csvStream } from "./csv-export";
import { makeEvent, sheetContext } from "./event-factory";
import type { ServiceDeps } from "./service-deps";

/** What a record write answers: the records written (not those re-validated on the side) and the sheet's counts. */
export type RecordWriteResult = { records: SheetRecord[]; counts: RecordCounts };

/** Most record ids a `commit:created` payload lists; `recordIdsTruncated` says when there were more. */
export const COMMIT_RECORD_IDS_CAP = 1_000;
/** Ids per store query when records are read by id. */
const ID_CHUNK = 1_000;
/** Most 400 items one refused write lists. */
const MAX_ERRORS = 100;
/** Records per store read when a whole selection is walked (an export, a count by field). */
const RECORD_PAGE = 1_000;

/** The records a count or an export covers, as the store reads them (no sort, no page). */
type Selection = Pick<RecordQuery, "filter" | "searchValue" | "searchField" | "ids">;

function selectionOf(query: Selection): Selection {
  return {
    filter: query.filter,
    searchValue: query.searchValue || undefined,
    searchField: query.searchField,
    ids: query.ids,
  };
}

const wholeSheet = (selection: Selection) =>
  selection.filter === "all" && selection.searchValue === undefined && selection.ids === undefined;

/**
 * The counts of a selection: the whole sheet's when it selects everything, else two counting reads (limit 0), valid
 * and error, whose sum is the total so that the three always agree.
 */
async function selectionCounts(
  reader: StoreReader,
  sheetId: string,
  selection: Selection,
): Promise<RecordCounts> {
  if (wholeSheet(selection)) return reader.countRecords(sheetId);
  const count = async (filter: "valid" | "error") =>
    (await reader.listRecords(sheetId, { ...selection, filter, sortDirection: "asc", limit: 0, offset: 0 }))
      .total;
  const valid = selection.filter === "error" ? 0 : await count("valid");
  const error = selection.filter === "valid" ? 0 : await count("error");
  return { total: valid + error, valid, error };
}

/** Whether a record's cell of `fieldKey` has an error (a cell that is absent has none). */
const cellHasError = (record: SheetRecord, fieldKey: string) => record.values[fieldKey]?.valid === false;

/** The unsorted store selection of a walk: its filter, search and ids, as the store's keyset reads take them. */
function storeSelection(selection: Selection, excludeIds?: string[]): RecordSelection {
  return {
    filter: selection.filter,
    ...(selection.searchValue === undefined ? {} : { searchValue: selection.searchValue }),
    ...(selection.searchField === undefined ? {} : { searchField: selection.searchField }),
    ...(selection.ids === undefined ? {} : { includeIds: selection.ids }),
    ...(excludeIds?.length ? { excludeIds } : {}),
  };
}

/**
 * A selection's pages in the store's keyset walk: each read continues after the last position read, so every read
 * costs the same however far into the selection it is, and no page counts the whole match. Yields to the event loop
 * between reads.
 */
async function* keysetPages<T>(
  read: (after: RecordCursor | undefined) => Promise<RecordChunk<T>>,
  pageSize: number,
): AsyncGenerator<T[]> {
  let after: RecordCursor | undefined;
  for (;;) {
    const page = await read(after);
    if (page.items.length) yield page.items;
    if (page.items.length < pageSize || page.cursor === undefined) return;
    after = page.cursor;
    await yieldToLoop();
  }
}

/**
 * The records of a selection, a page at a time, yielding to the event loop between pages: when the whole sheet is read
 * unsorted, each page continues after the last record read (each read costs the same however far it is), else pages
 * go by offset. With `filterField`, `filter` valid or error judges that field's cell instead of the whole record; the
 * store filters by record, so those pages are filtered here (a cell with an error makes its record invalid, so for
 * `error` the store still reads only invalid records).
 */
export async function* recordPages(
  reader: StoreReader,
  sheetId: string,
  query: Selection & Pick<RecordQuery, "sortField" | "sortDirection"> & { filterField?: string },
  pageSize = RECORD_PAGE,
): AsyncGenerator<SheetRecord[]> {
  const { filterField } = query;
  const selection = selectionOf(query);
  const byField = filterField !== undefined && selection.filter !== "all";
  if (byField && selection.filter === "valid") selection.filter = "all";
  const keep = (page: SheetRecord[]) =>
    byField ? page.filter((r) => cellHasError(r, filterField) === (query.filter === "error")) : page;
  if (!query.sortField) {
    const inStore = storeSelection(selection);
    const pages = keysetPages(
      (after) => reader.readSelectedRecords(sheetId, inStore, after, pageSize),
      pageSize,
    );
    for await (const page of pages) {
      const kept = keep(page);
      if (kept.length) yield kept;
    }
    return;
  }
  for (let offset = 0; ; offset += pageSize) {
    const { items } = await reader.listRecords(sheetId, {
      ...selection,
      sortField: query.sortField,
      sortDirection: query.sortDirection,
      limit: pageSize,
      offset,
    });
    const kept = keep(items);
    if (kept.length) yield kept;
    if (items.length < pageSize) return;
    await yieldToLoop();
  }
}

/**
 * The values of the cells `keys` of a selection's records (null for an empty cell), a page at a time: what an export
 * writes. The unsorted walk of a selection that judges whole records reads only those values from the store, never
 * building a record; a sort or a field's filter reads whole records (`recordPages`) and picks the values from them.
 * `excludeIds` leave records out (the export job's rule for ids).
 */
export async function* recordValuePages(
  reader: StoreReader,
  sheetId: string,
  query: Parameters<typeof recordPages>[2] & { excludeIds?: string[] },
  keys: readonly string[],
  pageSize = RECORD_PAGE,
): AsyncGenerator<CellScalar[][]> {
  const selection = selectionOf(query);
  const byField = query.filterField !== undefined && selection.filter !== "all";
  if (!query.sortField && !byField) {
    const inStore = storeSelection(selection, query.excludeIds);
    yield* keysetPages(
      (after) => reader.readSelectedValues(sheetId, inStore, keys, after, pageSize),
      pageSize,
    );
    return;
  }
  const excluded = query.excludeIds?.length ? new Set(query.excludeIds) : undefined;
  const values = new CellValueReader(keys);
  for await (const page of recordPages(reader, sheetId, query, pageSize)) {
    const kept = excluded ? page.filter((record) => !excluded.has(record.id)) : page;
    if (kept.length) yield kept.map((record) => values.fromRecord(record));
  }
}

/**
 * The counts of a selection by one field's cell: `valid` and `error` say whether that cell is valid, and `filter`
 * keeps only one of them. The store counts by record, so the selection is walked.
 */
async function fieldCounts(
  reader: StoreReader,
  sheetId: string,
  query: Selection & { filterField: string },
): Promise<RecordCounts> {
  let valid = 0;
  let error = 0;
  for await (const page of recordPages(reader, sheetId, { ...query, sortDirection: "asc" })) {
    for (const record of page) {
      if (cellHasError(record, query.filterField)) error++;
      else valid++;
    }
  }
  return { total: valid + error, valid, error };
}

/** A record's input again, from its stored cells: values and metadata (validity is always recomputed). */
export function rawValues(record: SheetRecord): RecordData {
  const data: RecordData = {};
  for (const [key, cell] of Object.entries(record.values)) {
    data[key] = cell.metadata ? { value: cell.value, metadata: cell.metadata } : { value: cell.value };
  }
  return data;
}

/** Fields whose values must be unique across the sheet. */
function uniqueFields(config: SheetConfig): Field[] {
  return config.fields.filter((field) => field.constraints?.some((c) => c.type === "unique"));
}

/**
 * For each `unique` field: every record's comparison key (core's `uniqueKey`) and how many records share each key.
 * Loaded from the store with one query per unique field, then changed in memory as a write applies, so that the
 * records whose duplicate status flipped can be found without a query per record.
 */
export class UniqueIndex {
  readonly #keys = new Map<string, Map<string, string>>();
  readonly #counts = new Map<string, Map<string, number>>();
  /**
   * For each unique field, the keys whose count changed since `#mark`, with their count then: `flipped` looks at
   * these only. Comparing every key's count instead made a chunked write over a large sheet quadratic (a delete job
   * over 50,000 records with a unique field spent a minute there on PostgreSQL).
   */
  #touched = new Map<string, Map<string, number>>();

  private constructor(readonly fields: Field[]) {
    for (const field of fields) {
      this.#keys.set(field.key, new Map());
      this.#counts.set(field.key, new Map());
    }
  }

  /** The index of the sheet's stored records. */
  static async load(reader: StoreReader, sheetId: string, config: SheetConfig): Promise<UniqueIndex> {
    const index = new UniqueIndex(uniqueFields(config));
    for (const field of index.fields) {
      for (const { id, value } of await reader.listFieldValues(sheetId, field.key))
        index.#add(field, id, uniqueKey(field, value));
    }
    index.#mark();
    return index;
  }

  /** The index of a set of records held in memory (a snapshot being restored, a sheet being re-validated). */
  static of(config: SheetConfig, records: readonly { id: string; values: RecordData }[]): UniqueIndex {
    const index = new UniqueIndex(uniqueFields(config));
    for (const record of records) index.set(record.id, record.values);
    index.#mark();
    return index;
  }

  /** Remembers the counts as they are now; `flipped` compares against them. */
  #mark(): void {
    this.#touched = new Map(this.fields.map((field) => [field.key, new Map()]));
  }

  /** Moves a key's count by `delta`, noting its count at the mark the first time it moves. */
  #move(field: Field, key: string, delta: number): void {
    const counts = this.#counts.get(field.key);
    if (!counts) return;
    const was = counts.get(key) ?? 0;
    const touched = this.#touched.get(field.key);
    if (touched && !touched.has(key)) touched.set(key, was);
    if (was + delta > 0) counts.set(key, was + delta);
    else counts.delete(key);
  }

  #add(field: Field, id: string, key: string | undefined): void {
    if (key === undefined) return;
    this.#keys.get(field.key)?.set(id, key);
    this.#move(field, key, 1);
  }

  /** A record's values, new or changed. */
  set(id: string, values: RecordData): void {
    this.remove(id);
    for (const field of this.fields) this.#add(field, id, uniqueKey(field, values[field.key]?.value));
  }

  remove(id: string): void {
    for (const field of this.fields) {
      const keys = this.#keys.get(field.key);
      const key = keys?.get(id);
      if (key === undefined) continue;
      keys?.delete(id);
      this.#move(field, key, -1);
    }
  }

  /** The duplicate messages of one record, by field. */
  messages(id: string): Record<string, ValidationMessage[]> {
    const extra: Record<string, ValidationMessage[]> = {};
    for (const field of this.fields) {
      const key = this.#keys.get(field.key)?.get(id);
      if (key !== undefined && (this.#counts.get(field.key)?.get(key) ?? 0) > 1)
        extra[field.key] = [duplicateMessage(field)];
    }
    return extra;
  }

  /** Records (other than `skip`) whose value's duplicate status differs from when the index was loaded. */
  flipped(skip: ReadonlySet<string>): string[] {
    const ids = new Set<string>();
    for (const field of this.fields) {
      const after = this.#counts.get(field.key);
      const changed = new Set<string>();
      for (const [key, before] of this.#touched.get(field.key) ?? []) {
        if (before > 1 !== (after?.get(key) ?? 0) > 1) changed.add(key);
      }
      if (!changed.size) continue;
      for (const [id, key] of this.#keys.get(field.key) ?? []) {
        if (changed.has(key) && !skip.has(id)) ids.add(id);
      }
    }
    return [...ids];
  }
}

/**
 * One record's cells: core's `buildCells` for the sheet's fields (every field gets a cell; types, required, the
 * duplicate messages of `unique`), plus, in a sheet that allows additional fields, the other keys as given.
 */
function buildRecord(
  config: SheetConfig,
  draft: { id: string; values: RecordData; metadata: Record<string, unknown>; createdAt?: string },
  extra: Record<string, ValidationMessage[]>,
  now: string,
): SheetRecord {
  const built = buildCells(config.fields, draft.values, extra);
  const values: Record<string, Cell> = built.values;
  if (config.allowAdditionalFields) {
    for (const key of unknownFieldKeys(config.fields, draft.values)) {
      const input = draft.values[key];
      values[key] = {
        ...(input?.value === undefined ? {} : { value: input.value }),
        valid: true,
        messages: [],
        ...(input?.metadata ? { metadata: input.metadata } : {}),
      };
    }
  }
  return {
    id: draft.id,
    values,
    valid: built.valid,
    messages: [],
    metadata: draft.metadata,
    createdAt: draft.createdAt ?? now,
    updatedAt: now,
  };
}

/** Whether a rebuilt record stores as it was. A cell whose value differs settles it without writing out both records. */
function sameRecord(a: SheetRecord, b: SheetRecord): boolean {
  if (a.valid !== b.valid) return false;
  for (const key in b.values) {
    const before = a.values[key]?.value;
    const after = b.values[key]?.value;
    // NaN is unequal to itself and JSON writes it as null: leave it to the JSON comparison.
    if (before !== after && !Number.isNaN(before) && !Number.isNaN(after)) return false;
  }
  return JSON.stringify(a.values) === JSON.stringify(b.values);
}

/** Reads records of a sheet by id, a chunk of ids per query. */
export async function recordsById(
  reader: StoreReader,
  sheetId: string,
  ids: readonly string[],
): Promise<SheetRecord[]> {
  const found: SheetRecord[] = [];
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const chunk = ids.slice(i, i + ID_CHUNK);
    const { items } = await reader.listRecords(sheetId, {
      filter: "all",
      ids: chunk,
      sortDirection: "asc",
      limit: chunk.length,
      offset: 0,
    });
    found.push(...items);
  }
  return found;
}

/** Every record of a sheet, in its order. */
export async function allRecords(reader: StoreReader, sheetId: string): Promise<SheetRecord[]> {
  const { total } = await reader.countRecords(sheetId);
  if (total === 0) return [];
  const { items } = await reader.listRecords(sheetId, {
    filter: "all",
    sortDirection: "asc",
    limit: total,
    offset: 0,
  });
  return items;
}

/**
 * Validates a whole set of records against a sheet's configuration (types, required, unique among them), as after a
 * change of the sheet's fields or a snapshot restore. Keeps ids, metadata and creation times; `updatedAt` is `now`
 * for the records whose cells changed.
 */
export function validateRecords(
  config: SheetConfig,
  records: readonly SheetRecord[],
  now: string,
): SheetRecord[] {
  const drafts = records.map((record) => ({ record, values: rawValues(record) }));
  const index = UniqueIndex.of(
    config,
    drafts.map((d) => ({ id: d.record.id, values: d.values })),
  );
  return drafts.map(({ record, values }) => {
    const rebuilt = buildRecord(
      config,
      { id: record.id, values, metadata: record.metadata, createdAt: record.createdAt },
      index.messages(record.id),
      now,
    );
    return sameRecord(rebuilt, record) ? record : rebuilt;
  });
}

/**
 * Re-validates every record of a sheet after its configuration changed; writes only the records whose cells
 * changed and returns their ids.
 */
export async function revalidateSheet(tx: StoreTx, sheet: StoredSheet, now: string): Promise<string[]> {
  const records = await allRecords(tx, sheet.id);
  const validated = validateRecords(sheet.config, records, now);
  const changed = validated.filter((record, i) => record !== records[i]);
  if (changed.length) await tx.updateRecords(sheet.id, changed);
  return changed.map((r) => r.id);
}

/** The `commit:created` event of a record write: counts and (up to 1,000) record ids. */
export function commitEvent(
  deps: ServiceDeps,
  sheet: StoredSheet,
  change: { inserted: number; updated: number; deleted: number; recordIds: readonly string[] },
  actor: Principal | undefined,
  now: string,
) {
  return makeEvent(
    deps,
    {
      topic: "commit:created",
      domain: "workbook",
      context: {
        ...sheetContext({ spaceId: sheet.spaceId, workbookId: sheet.workbookId, sheet }),
        actorId: actor?.subject,
      },
      payload: {
        sheetId: sheet.id,
        inserted: change.inserted,
        updated: change.updated,
        deleted: change.deleted,
        recordIds: change.recordIds.slice(0, COMMIT_RECORD_IDS_CAP),
        recordIdsTruncated: change.recordIds.length > COMMIT_RECORD_IDS_CAP,
      },
    },
    now,
  );
}

/** 400 for keys that are not fields of the sheet (key `<index>.<field>`), unless it allows additional fields. */
function checkFieldKeys(
  config: SheetConfig,
  rows: readonly RecordData[],
  prefix: (i: number) => string,
): void {
  if (config.allowAdditionalFields) return;
  const errors: ErrorItem[] = [];
  rows.forEach((values, i) => {
    for (const key of unknownFieldKeys(config.fields, values)) {
      if (errors.length < MAX_ERRORS)
        errors.push({
          key: `${prefix(i)}${key}`,
          message: `"${key}" is not a field of sheet ${config.name}`,
        });
    }
  });
  if (errors.length) throw new ApiError(400, errors);
}

/** 400 for a sort or search field that the sheet does not have. */
export function checkQueryField(config: SheetConfig, key: string | undefined, name: string): void {
  if (key === undefined || config.allowAdditionalFields) return;
  if (!config.fields.some((f) => f.key === key))
    throw badRequest(`"${key}" is not a field of sheet ${config.name}`, name);
}

/**
 * Records of a sheet: list (paged, filtered, searched, sorted), insert, update, delete. Every write validates the
 * cells with core's rules, keeps `unique` fields unique across the whole sheet (both records of a duplicate are
 * marked, and cleared again when it goes away), and publishes `commit:created` in the same transaction.
 */
export class RecordService {
  constructor(private readonly deps: ServiceDeps) {}

  async #visibleSheet(reader: StoreReader, sheetId: string, principal: Principal): Promise<StoredSheet> {
    const sheet = await reader.getSheet(sheetId);
    if (!sheet || !canSeeSpace(principal, sheet.spaceId)) throw notFound("sheet", sheetId);
    return sheet;
  }

  async list(sheetId: string, query: GetRecordsQuery, principal: Principal) {
    const sheet = await this.#visibleSheet(this.deps.store, sheetId, principal);
    checkQueryField(sheet.config, query.sortField, "sortField");
    checkQueryField(sheet.config, query.searchField, "searchField");
    const { items, total } = await this.deps.store.listRecords(sheet.id, {
      filter: query.filter,
      searchValue: query.searchValue || undefined,
      searchField: query.searchField,
      ids: query.ids,
      sortField: query.sortField,
      sortDirection: query.sortDirection,
      limit: query.pageSize,
      offset: (query.pageNumber - 1) * query.pageSize,
    });
    const counts = query.includeLength
      ? await selectionCounts(this.deps.store, sheet.id, selectionOf(query))
      : await this.deps.store.countRecords(sheet.id);
    return {
      data: { success: true as const, records: items, counts },
      pagination: paginate(total, query.pageSize, query.pageNumber),
    };
  }

  /** The counts of the records a query selects; the whole sheet's without one. */
  async counts(sheetId: string, query: GetRecordCountsQuery, principal: Principal): Promise<RecordCounts> {
    const sheet = await this.#visibleSheet(this.deps.store, sheetId, principal);
    checkQueryField(sheet.config, query.searchField, "searchField");
    checkQueryField(sheet.config, query.filterField, "filterField");
    const { filterField } = query;
    return filterField
      ? fieldCounts(this.deps.store, sheet.id, { ...selectionOf(query), filterField })
      : selectionCounts(this.deps.store, sheet.id, selectionOf(query));
  }

  /**
   * The selected records as a CSV stream, with the sheet's name. Access and the query are checked before the stream
   * starts; the records are read while it is consumed, outside any transaction.
   */
  async csv(
    sheetId: string,
    query: GetRecordsCsvQuery,
    principal: Principal,
  ): Promise<{ name: string; stream: ReadableStream<Uint8Array> }> {
    const sheet = await this.#visibleSheet(this.deps.store, sheetId, principal);
    checkQueryField(sheet.config, query.sortField, "sortField");
    checkQueryField(sheet.config, query.searchField, "searchField");
    checkQueryField(sheet.config, query.filterField, "filterField");
    const columns = csvColumns(sheet.config, query.fields);
    const keys = columns.map((column) => column.key);
    const pages = recordValuePages(this.deps.store, sheet.id, query, keys);
    return { name: sheet.name, stream: csvStream(columns, pages, { bom: query.bom }) };
  }

  /**
   * Inserts the records all or none, in one transaction, without holding the event loop: the records are built a
   * chunk at a time and written a chunk at a time, with a turn of the loop between chunks (the transaction stays open
   * meanwhile, so other requests are answered and other writes wait). A sheet without `unique` fields has its records
   * built before the transaction (they depend on its fields only, checked again inside), so writes wait only for
   * the writing.
   */
  async insert(
    sheetId: string,
    rows: RecordData[],
    principal: Principal,
    lane?: BulkLane,
  ): Promise<RecordWriteResult> {
    const now = this.deps.now().toISOString();
    const before = await this.#visibleSheet(this.deps.store, sheetId, principal);
    requireRecordWriter(principal, { name: before.name, readonly: before.config.readonly });
    checkFieldKeys(before.config, rows, (i) => `${i}.`);
    const prebuilt = uniqueFields(before.config).length
      ? undefined
      : await buildNewRecords(before.config, rows, UniqueIndex.of(before.config, []), now, lane);
    const records = await this.deps.store.transaction(async (tx) => {
      const sheet = await this.#visibleSheet(tx, sheetId, principal);
      requireRecordWriter(principal, { name: sheet.name, readonly: sheet.config.readonly });
      const unchanged = prebuilt && JSON.stringify(sheet.config) === JSON.stringify(before.config);
      if (!unchanged) checkFieldKeys(sheet.config, rows, (i) => `${i}.`);
      const index = await UniqueIndex.load(tx, sheet.id, sheet.config);
      const built = unchanged ? prebuilt : await buildNewRecords(sheet.config, rows, index, now, lane);
      await writeNewRecords(this.deps, tx, sheet, built, index, principal, now, lane);
      return built;
    });
    // Counted once the write lock is given back: a count of a large sheet scans its index, and other writes (a job's
    // progress, another insert) need not wait for it.
    return { records, counts: await bulkStep(lane, () => this.deps.store.countRecords(before.id)) };
  }

  async update(sheetId: string, rows: UpdateRecordsBody, principal: Principal): Promise<RecordWriteResult> {
    const now = this.deps.now().toISOString();
    return this.deps.store.transaction(async (tx) => {
      const sheet = await this.#visibleSheet(tx, sheetId, principal);
      requireRecordWriter(principal, { name: sheet.name, readonly: sheet.config.readonly });
      const seen = new Set<string>();
      rows.forEach((row, i) => {
        if (seen.has(row.id)) throw badRequest(`record ${row.id} is listed twice`, `${i}.id`);
        seen.add(row.id);
      });
      checkFieldKeys(
        sheet.config,
        rows.map((row) => row.values),
        (i) => `${i}.values.`,
      );
      const existing = new Map(
        (
          await recordsById(
            tx,
            sheet.id,
            rows.map((r) => r.id),
          )
        ).map((r) => [r.id, r]),
      );
      const missing: ErrorItem[] = [];
      rows.forEach((row, i) => {
        if (!existing.has(row.id) && missing.length < MAX_ERRORS)
          missing.push({ key: `${i}.id`, message: `record ${row.id} is not in sheet ${sheet.id}` });
      });
      if (missing.length) throw new ApiError(400, missing);

      const index = await UniqueIndex.load(tx, sheet.id, sheet.config);
      const drafts = rows.map((row) => {
        const old = existing.get(row.id) as SheetRecord;
        // Fields the call does not name keep their value.
        const values = { ...rawValues(old), ...row.values };
        index.set(row.id, values);
        return { id: row.id, values, metadata: row.metadata ?? old.metadata, createdAt: old.createdAt };
      });
      const records = drafts.map((draft) => buildRecord(sheet.config, draft, index.messages(draft.id), now));
      await tx.updateRecords(sheet.id, records);
      const revalidated = await revalidateFlipped(tx, sheet, index, seen, now);
      await tx.appendEvent(
        commitEvent(
          this.deps,
          sheet,
          {
            inserted: 0,
            updated: records.length + revalidated.length,
            deleted: 0,
            recordIds: [...records.map((r) => r.id), ...revalidated],
          },
          principal,
          now,
        ),
      );
      return { records, counts: await tx.countRecords(sheet.id) };
    });
  }

  async delete(sheetId: string, ids: string[], principal: Principal) {
    const now = this.deps.now().toISOString();
    return this.deps.store.transaction(async (tx) => {
      const sheet = await this.#visibleSheet(tx, sheetId, principal);
      requireRecordWriter(principal, { name: sheet.name, readonly: sheet.config.readonly });
      // Ids that are not records of the sheet are skipped, as Flatfile does.
      const found = (await recordsById(tx, sheet.id, [...new Set(ids)])).map((r) => r.id);
      const index = await UniqueIndex.load(tx, sheet.id, sheet.config);
      for (const id of found) index.remove(id);
      const deleted = found.length ? await tx.deleteRecords(sheet.id, found) : 0;
      const revalidated = await revalidateFlipped(tx, sheet, index, new Set(found), now);
      if (deleted || revalidated.length) {
        await tx.appendEvent(
          commitEvent(
            this.deps,
            sheet,
            { inserted: 0, updated: revalidated.length, deleted, recordIds: [...found, ...revalidated] },
            principal,
            now,
          ),
        );
      }
      return { deleted, counts: await tx.countRecords(sheet.id) };
    });
  }
}

/** Rewrites the records whose duplicate status flipped with this write; returns their ids. */
async function revalidateFlipped(
  tx: StoreTx,
  sheet: StoredSheet,
  index: UniqueIndex,
  written: ReadonlySet<string>,
  now: string,
): Promise<string[]> {
  const ids = index.flipped(written);
  const changed: string[] = [];
  // A chunk of ids at a time, with a turn of the event loop between chunks: a write may flip thousands of records.
  for (let start = 0; start < ids.length; start += ID_CHUNK) {
    if (start > 0) await yieldToLoop();
    changed.push(...(await revalidateChunk(tx, sheet, index, ids.slice(start, start + ID_CHUNK), now)));
  }
  return changed;
}

async function revalidateChunk(
  tx: StoreTx,
  sheet: StoredSheet,
  index: UniqueIndex,
  ids: string[],
  now: string,
): Promise<string[]> {
  const records = await recordsById(tx, sheet.id, ids);
  const rebuilt = records
    .map((record) => ({
      record,
      next: buildRecord(
        sheet.config,
        {
          id: record.id,
          values: rawValues(record),
          metadata: record.metadata,
          createdAt: record.createdAt,
        },
        index.messages(record.id),
        now,
      ),
    }))
    .filter(({ record, next }) => !sameRecord(record, next))
    .map(({ next }) => next);
  if (rebuilt.length) await tx.updateRecords(sheet.id, rebuilt);
  return rebuilt.map((r) => r.id);
}

/**
 * Inserts new records (validated with core's rules, `unique` kept across the sheet through `index`) and publishes
 * their `commit:created`, in the caller's transaction. The records API and the platform's import both write this way;
 * an import keeps one index across its chunks instead of loading it per write.
 */
export async function insertValidatedRecords(
  deps: ServiceDeps,
  tx: StoreTx,
  sheet: StoredSheet,
  rows: readonly RecordData[],
  index: UniqueIndex,
  actor: Principal | undefined,
  now: string,
  metadata: (i: number) => Record<string, unknown> = () => ({}),
): Promise<SheetRecord[]> {
  const drafts = rows.map((values, i) => ({ id: newId("record"), values, metadata: metadata(i) }));
  for (const draft of drafts) index.set(draft.id, draft.values);
  const records = drafts.map((draft) => buildRecord(sheet.config, draft, index.messages(draft.id), now));
  await writeNewRecords(deps, tx, sheet, records, index, actor, now);
  return records;
}

/**
 * New records built from `rows` with core's rules, a chunk at a time, each chunk a step of the bulk lane (10,000
 * large rows take about a second to build). Every row's values go into `index` first, so that the duplicate
 * messages of `unique` fields see the whole write.
 */
async function buildNewRecords(
  config: SheetConfig,
  rows: readonly RecordData[],
  index: UniqueIndex,
  now: string,
  lane: BulkLane | undefined,
): Promise<SheetRecord[]> {
  const ids = rows.map(() => newId("record"));
  rows.forEach((values, i) => index.set(ids[i] as string, values));
  const records: SheetRecord[] = [];
  const sizer = new ChunkSizer({ initial: 200, max: 5_000 });
  while (records.length < rows.length) {
    await bulkStep(
      lane,
      () => {
        const started = performance.now();
        const start = records.length;
        const end = Math.min(rows.length, start + sizer.size);
        for (let i = start; i < end; i++) {
          const id = ids[i] as string;
          const values = rows[i] as RecordData;
          records.push(buildRecord(config, { id, values, metadata: {} }, index.messages(id), now));
        }
        sizer.observe(performance.now() - started, end - start);
      },
      records.length > 0,
    );
  }
  return records;
}

/** How long an insert writes before it gives the event loop a turn (health answers, other requests' reads). */
const WRITE_TURN_MS = 30;

/**
 * Writes new records in the caller's transaction a chunk at a time, with a turn of the event loop between chunks,
 * then rewrites the records whose duplicate status flipped and publishes one `commit:created`.
 */
async function writeNewRecords(
  deps: ServiceDeps,
  tx: StoreTx,
  sheet: StoredSheet,
  records: readonly SheetRecord[],
  index: UniqueIndex,
  actor: Principal | undefined,
  now: string,
  lane?: BulkLane,
): Promise<void> {
  // In the transaction, before anything is written: a write past the sheet's quota changes nothing.
  const checking = performance.now();
  await deps.quotas?.checkRecords(tx, sheet.id, records.length);
  // The write lock is held from here: the writing is charged to the bulk lane, never paused by it.
  lane?.charge(performance.now() - checking);
  const sizer = new ChunkSizer({ initial: 200, max: 5_000 });
  // The write lock is held across a yield, and the loop then runs other requests' work (parsing the next large body)
  // while every other write waits: so yield only once the writing has held the loop for a while, not per chunk.
  let heldSince = performance.now();
  for (let start = 0; start < records.length;) {
    const started = performance.now();
    const chunk = records.slice(start, start + sizer.size);
    await tx.insertRecords(sheet.id, chunk);
    sizer.observe(performance.now() - started, chunk.length);
    lane?.charge(performance.now() - started);
    start += chunk.length;
    if (start < records.length && performance.now() - heldSince > WRITE_TURN_MS) {
      await yieldToLoop();
      heldSince = performance.now();
    }
  }
  const ids = records.map((r) => r.id);
  const revalidated = await revalidateFlipped(tx, sheet, index, new Set(ids), now);
  await tx.appendEvent(
    commitEvent(
      deps,
      sheet,
      {
        inserted: records.length,
        updated: revalidated.length,
        deleted: 0,
        recordIds: [...ids, ...revalidated],
      },
      actor,
      now,
    ),
  );
}

/** One chunk of changes to a sheet's existing records: edits (the cells that change, as input) and deletes. */
export type RecordChunkChanges = {
  edits: readonly { record: SheetRecord; values: RecordData }[];
  deletes: readonly string[];
  /** The deletes were already made in the store (`deleteSelectedRecords`); only the rest of the write is left. */
  deletedInStore?: boolean;
};

/**
 * Applies a chunk of edits and deletes in the caller's transaction, as the records API does: each edited record is
 * validated again with core's rules (its other cells kept), `unique` is kept across the sheet through `index` (the
 * records whose duplicate status flipped are rewritten), an edit that changes nothing is not written, and one
 * `commit:created` names what changed. The platform's record jobs write this way, keeping one index across chunks.
 */
export async function writeRecordChanges(
  deps: ServiceDeps,
  tx: StoreTx,
  sheet: StoredSheet,
  changes: RecordChunkChanges,
  index: UniqueIndex,
  actor: Principal | undefined,
  now: string,
): Promise<{ updated: string[]; deleted: number; revalidated: string[] }> {
  for (const id of changes.deletes) index.remove(id);
  const deleted = changes.deletedInStore
    ? changes.deletes.length
    : changes.deletes.length
      ? await tx.deleteRecords(sheet.id, [...changes.deletes])
      : 0;
  const drafts = changes.edits.map(({ record, values }) => {
    const merged = { ...rawValues(record), ...values };
    index.set(record.id, merged);
    return { record, values: merged };
  });
  const updated = drafts
    .map(({ record, values }) => ({
      record,
      next: buildRecord(
        sheet.config,
        { id: record.id, values, metadata: record.metadata, createdAt: record.createdAt },
        index.messages(record.id),
        now,
      ),
    }))
    .filter(({ record, next }) => !sameRecord(record, next))
    .map(({ next }) => next);
  if (updated.length) await tx.updateRecords(sheet.id, updated);
  const written = new Set([...changes.deletes, ...changes.edits.map((edit) => edit.record.id)]);
  const revalidated = await revalidateFlipped(tx, sheet, index, written, now);
  const updatedIds = updated.map((r) => r.id);
  if (deleted || updated.length || revalidated.length)
    await tx.appendEvent(
      commitEvent(
        deps,
        sheet,
        {
          inserted: 0,
          updated: updated.length + revalidated.length,
          deleted,
          recordIds: [...changes.deletes, ...updatedIds, ...revalidated],
        },
        actor,
        now,
      ),
    );
  return { updated: updatedIds, deleted, revalidated };
}

/** One chunk of a snapshot restore: records put back (at their former places), records whose cells go back, ids removed. */
export type RestoredChunk = {
  inserts: readonly PlacedRecord[];
  updates: readonly SheetRecord[];
  deletes: readonly string[];
};

/**
 * Writes one chunk of a snapshot restore in the caller's transaction. Each record put back is validated again with
 * the sheet's fields as they are now (kept as frozen, with its `updatedAt`, when that changes none of its cells), and
 * `unique` is kept across the sheet through `index` (the other records whose duplicate status flipped are rewritten
 * and returned as `revalidated`). Appends no event: the restore says what it undid.
 */
export async function writeRestoredRecords(
  tx: StoreTx,
  sheet: StoredSheet,
  chunk: RestoredChunk,
  index: UniqueIndex,
  now: string,
): Promise<{ revalidated: string[] }> {
  for (const id of chunk.deletes) index.remove(id);
  if (chunk.deletes.length) await tx.deleteRecords(sheet.id, [...chunk.deletes]);
  const drafts = [...chunk.inserts.map((placed) => placed.record), ...chunk.updates].map((record) => {
    const values = rawValues(record);
    index.set(record.id, values);
    return { record, values };
  });
  const built = drafts.map(({ record, values }) => {
    const rebuilt = buildRecord(
      sheet.config,
      { id: record.id, values, metadata: record.metadata, createdAt: record.createdAt },
      index.messages(record.id),
      now,
    );
    return sameRecord(rebuilt, record) ? record : rebuilt;
  });
  const inserted = built.slice(0, chunk.inserts.length);
  if (inserted.length)
    await tx.insertRecordsAt(
      sheet.id,
      inserted.map((record, i) => ({ record, seq: chunk.inserts[i]?.seq })),
    );
  const updated = built.slice(chunk.inserts.length);
  if (updated.length) await tx.updateRecords(sheet.id, updated);
  const written = new Set([...chunk.deletes, ...drafts.map((draft) => draft.record.id)]);
  return { revalidated: await revalidateFlipped(tx, sheet, index, written, now) };
}
