import { describe, expect, it } from "vitest";
import { newId, type CellScalar, type SheetRecord } from "../../core";
import type { RecordQuery, Store, StoredSheet, StoredWorkbook } from "./store";
import {
  OTHER_ENV,
  makeDocument,
  makeFile,
  makeJob,
  makeRecord,
  makeSheet,
  makeSnapshot,
  makeSpace,
  makeWorkbook,
  nextTime,
} from "./store-fixtures";

const ids = (items: { id: string }[]) => items.map((item) => item.id);

const query = (overrides: Partial<RecordQuery> = {}): RecordQuery => ({
  filter: "all",
  sortDirection: "asc",
  limit: 100_000,
  offset: 0,
  ...overrides,
});

/** The same record with `values` changed (cells rebuilt) and, optionally, another validity. */
function withValues(
  record: SheetRecord,
  values: Record<string, CellScalar>,
  valid = record.valid,
): SheetRecord {
  const changed = makeRecord(values, valid);
  return { ...record, values: { ...record.values, ...changed.values }, valid };
}

/**
 * The conformance tests of workbooks, sheets, records, documents, files and snapshots; `runStoreConformance` runs
 * them on every adapter. `getStore` gives the fresh store of the current test.
 */
export function describeResourceConformance(getStore: () => Store): void {
  /** A space with one workbook and one sheet, committed. */
  async function seed(): Promise<{ workbook: StoredWorkbook; sheet: StoredSheet }> {
    const space = makeSpace();
    const workbook = makeWorkbook({ spaceId: space.id });
    const sheet = makeSheet({ workbookId: workbook.id, spaceId: space.id });
    await getStore().transaction(async (tx) => {
      await tx.insertSpace(space);
      await tx.insertWorkbook(workbook);
      await tx.insertSheet(sheet);
    });
    return { workbook, sheet };
  }

  const insert = (sheetId: string, records: SheetRecord[]) =>
    getStore().transaction((tx) => tx.insertRecords(sheetId, records));

  describe("workbooks and sheets", () => {
    it("inserts, gets, updates and deletes a workbook; unknown ids are undefined or false", async () => {
      const store = getStore();
      const workbook = makeWorkbook({ labels: ["primary"], settings: { trackChanges: true } });
      await store.transaction((tx) => tx.insertWorkbook(workbook));
      expect(await store.getWorkbook(workbook.id)).toEqual(workbook);
      expect(await store.getWorkbook(newId("workbook"))).toBeUndefined();

      const renamed: StoredWorkbook = { ...workbook, name: "Renamed", updatedAt: nextTime() };
      expect(await store.transaction((tx) => tx.updateWorkbook(renamed))).toBe(true);
      expect(await store.getWorkbook(workbook.id)).toEqual(renamed);
      const unknown = makeWorkbook();
      expect(await store.transaction((tx) => tx.updateWorkbook(unknown))).toBe(false);
      expect(await store.getWorkbook(unknown.id)).toBeUndefined();

      await expect(
        store.transaction((tx) => tx.insertWorkbook({ ...workbook, name: "Again" })),
      ).rejects.toThrow();
      expect(await store.transaction((tx) => tx.deleteWorkbook(workbook.id))).toBe(true);
      expect(await store.getWorkbook(workbook.id)).toBeUndefined();
      expect(await store.transaction((tx) => tx.deleteWorkbook(workbook.id))).toBe(false);
    });

    it("returns copies of workbooks and sheets", async () => {
      const store = getStore();
      const { workbook, sheet } = await seed();
      const readWorkbook = (await store.getWorkbook(workbook.id))!;
      readWorkbook.labels.push("changed");
      const readSheet = (await store.getSheet(sheet.id))!;
      readSheet.config.fields.pop();
      expect(await store.getWorkbook(workbook.id)).toEqual(workbook);
      expect(await store.listSheets(workbook.id)).toEqual([sheet]);
    });

    it("lists workbooks oldest first, filtered by space and environment, paged", async () => {
      const store = getStore();
      const [space, other] = [newId("space"), newId("space")];
      const workbooks = [
        makeWorkbook({ spaceId: space }),
        makeWorkbook({ spaceId: other }),
        makeWorkbook({ spaceId: space, environmentId: OTHER_ENV }),
        makeWorkbook({ spaceId: space }),
      ];
      await store.transaction(async (tx) => {
        for (const workbook of workbooks) await tx.insertWorkbook(workbook);
      });
      const all = await store.listWorkbooks({ limit: 100, offset: 0 });
      expect(all).toEqual({ items: workbooks, total: 4 });
      const inSpace = await store.listWorkbooks({ spaceId: space, limit: 100, offset: 0 });
      expect(ids(inSpace.items)).toEqual(ids([workbooks[0]!, workbooks[2]!, workbooks[3]!]));
      const inEnv = await store.listWorkbooks({ environmentId: OTHER_ENV, limit: 100, offset: 0 });
      expect(inEnv).toEqual({ items: [workbooks[2]], total: 1 });
      const paged = await store.listWorkbooks({ spaceId: space, limit: 1, offset: 1 });
      expect(paged).toEqual({ items: [workbooks[2]], total: 3 });
    });

    it("inserts, updates and deletes sheets; lists a workbook's sheets in creation order", async () => {
      const store = getStore();
      const { workbook, sheet } = await seed();
      const second = makeSheet({
        workbookId: workbook.id,
        spaceId: workbook.spaceId,
        name: "Orders",
        slug: "orders",
      });
      const elsewhere = makeSheet();
      await store.transaction(async (tx) => {
        await tx.insertSheet(elsewhere);
        await tx.insertSheet(second);
      });
      expect(await store.getSheet(second.id)).toEqual(second);
      expect(await store.getSheet(newId("sheet"))).toBeUndefined();
      expect(ids(await store.listSheets(workbook.id))).toEqual([sheet.id, second.id]);
      expect(await store.listSheets(newId("workbook"))).toEqual([]);

      const renamed: StoredSheet = { ...sheet, name: "People", metadata: { a: 1 }, updatedAt: nextTime() };
      expect(await store.transaction((tx) => tx.updateSheet(renamed))).toBe(true);
      expect(await store.listSheets(workbook.id)).toEqual([renamed, second]);
      expect(await store.transaction((tx) => tx.updateSheet(makeSheet()))).toBe(false);
      await expect(store.transaction((tx) => tx.insertSheet(second))).rejects.toThrow();

      expect(await store.transaction((tx) => tx.deleteSheet(sheet.id))).toBe(true);
      expect(await store.getSheet(sheet.id)).toBeUndefined();
      expect(await store.listSheets(workbook.id)).toEqual([second]);
      expect(await store.transaction((tx) => tx.deleteSheet(sheet.id))).toBe(false);
    });
  });

  describe("records", () => {
    it("appends records in insertion order across calls and returns copies", async () => {
      const store = getStore();
      const { sheet } = await seed();
      const first = [makeRecord({ name: "a" }), makeRecord({ name: "b" })];
      const second = [makeRecord({ name: "c" }, false)];
      await insert(sheet.id, first);
      await insert(sheet.id, second);
      const page = await store.listRecords(sheet.id, query());
      expect(page).toEqual({ items: [...first, ...second], total: 3 });

      page.items[0]!.values.name!.value = "changed";
      expect((await store.listRecords(sheet.id, query())).items[0]).toEqual(first[0]);
      expect(await store.listRecords(newId("sheet"), query())).toEqual({ items: [], total: 0 });
      expect(await store.countRecords(newId("sheet"))).toEqual({ total: 0, valid: 0, error: 0 });
    });

    it("reads records after a given one in insertion order, a chunk at a time, with no count", async () => {
      const store = getStore();
      const { sheet } = await seed();
      const records = Array.from({ length: 7 }, (_, i) => makeRecord({ name: `r${i}` }));
      await insert(sheet.id, records.slice(0, 4));
      await insert(sheet.id, records.slice(4));
      const walked: string[] = [];
      let after: string | undefined;
      for (;;) {
        const chunk = await store.readRecordsAfter(sheet.id, after, 3);
        if (chunk.length === 0) break;
        walked.push(...chunk.map((r) => r.id));
        after = chunk.at(-1)!.id;
      }
      expect(walked).toEqual(records.map((r) => r.id));
      expect(await store.readRecordsAfter(sheet.id, records[6]!.id, 3)).toEqual([]);
      expect(await store.readRecordsAfter(sheet.id, newId("record"), 3)).toEqual([]);
      expect(await store.readRecordsAfter(newId("sheet"), undefined, 3)).toEqual([]);
    });

    it("walks a selection after a cursor that survives the deletion of what it read", async () => {
      const store = getStore();
      const { sheet } = await seed();
      const records = Array.from({ length: 9 }, (_, i) =>
        makeRecord({ name: i % 3 === 0 ? `Smith ${i}` : `Jones ${i}`, n: i }, i % 2 === 0),
      );
      await insert(sheet.id, records);
      // Deleting every chunk right after reading it, as a delete job does: the walk still reaches the end.
      const walked: string[] = [];
      let after: number | undefined;
      for (;;) {
        const chunk = await store.readSelectedIds(sheet.id, { filter: "all" }, after, 2);
        walked.push(...chunk.items);
        await store.transaction((tx) => tx.deleteRecords(sheet.id, chunk.items));
        if (chunk.items.length < 2) break;
        after = chunk.cursor;
      }
      expect(walked).toEqual(ids(records));
      expect((await store.countRecords(sheet.id)).total).toBe(0);
      expect(await store.readSelectedIds(sheet.id, { filter: "all" }, undefined, 5)).toEqual({ items: [] });
    });

    it("deletes a selection a chunk at a time in the store, answering the ids in order", async () => {
      const store = getStore();
      const { sheet } = await seed();
      const records = Array.from({ length: 9 }, (_, i) =>
        makeRecord({ name: i % 3 === 0 ? `Smith ${i}` : `Jones ${i}` }, i !== 4),
      );
      await insert(sheet.id, records);
      const other = await seed();
      await insert(other.sheet.id, [makeRecord({ name: "Smith elsewhere" })]);
      const selection = { filter: "valid" as const, searchValue: "smith", excludeIds: [records[6]!.id] };
      const first = await store.transaction((tx) =>
        tx.deleteSelectedRecords(sheet.id, selection, undefined, 1),
      );
      expect(first.items).toEqual([records[0]!.id]);
      const rest = await store.transaction((tx) =>
        tx.deleteSelectedRecords(sheet.id, selection, first.cursor, 10),
      );
      expect(rest.items).toEqual([records[3]!.id]);
      expect(
        await store.transaction((tx) => tx.deleteSelectedRecords(sheet.id, selection, rest.cursor, 10)),
      ).toEqual({ items: [] });
      const all = await store.transaction((tx) =>
        tx.deleteSelectedRecords(
          sheet.id,
          { filter: "all", includeIds: ids(records.slice(4, 7)) },
          undefined,
          10,
        ),
      );
      expect(all.items).toEqual(ids(records.slice(4, 7)));
      expect(ids((await store.listRecords(sheet.id, query())).items)).toEqual(
        ids([records[1]!, records[2]!, records[7]!, records[8]!]),
      );
      expect((await store.countRecords(other.sheet.id)).total).toBe(1);
      await expect(
        store.transaction(async (tx) => {
          await tx.deleteSelectedRecords(sheet.id, { filter: "all" }, undefined, 10);
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect((await store.countRecords(sheet.id)).total).toBe(4);
    });

    it("reads a selection by filter, search, included and excluded ids, records or ids only", async () => {
      const store = getStore();
      const { sheet } = await seed();
      const records = Array.from({ length: 8 }, (_, i) =>
        makeRecord({ name: i % 3 === 0 ? `Smith ${i}` : `Jones ${i}`, n: i }, i % 2 === 0),
      );
      await insert(sheet.id, records);
      const all = async (selection: Parameters<Store["readSelectedIds"]>[1], size = 3) => {
        const found: string[] = [];
        let after: number | undefined;
        for (;;) {
          const chunk = await store.readSelectedIds(sheet.id, selection, after, size);
          found.push(...chunk.items);
          if (chunk.items.length < size) return found;
          after = chunk.cursor;
        }
      };
      const pick = (...indexes: number[]) => indexes.map((i) => records[i]!.id);
      expect(await all({ filter: "valid" })).toEqual(pick(0, 2, 4, 6));
      expect(await all({ filter: "error" })).toEqual(pick(1, 3, 5, 7));
      expect(await all({ filter: "all", searchValue: "SMITH" })).toEqual(pick(0, 3, 6));
      expect(await all({ filter: "all", searchValue: "smith", searchField: "n" })).toEqual([]);
      expect(await all({ filter: "all", searchValue: "7", searchField: "n" })).toEqual(pick(7));
      expect(await all({ filter: "all", includeIds: pick(5, 1, 6) })).toEqual(pick(1, 5, 6));
      expect(await all({ filter: "all", includeIds: [] })).toEqual([]);
      expect(await all({ filter: "valid", excludeIds: pick(2, 3) })).toEqual(pick(0, 4, 6));
      expect(await all({ filter: "all", searchValue: "smith", excludeIds: pick(0) }, 1)).toEqual(pick(3, 6));
      const chunk = await store.readSelectedRecords(sheet.id, { filter: "error" }, undefined, 2);
      expect(chunk.items).toEqual([records[1], records[3]]);
      const next = await store.readSelectedRecords(sheet.id, { filter: "error" }, chunk.cursor, 10);
      expect(next.items).toEqual([records[5], records[7]]);
      expect(next.cursor).toBeGreaterThan(chunk.cursor!);
      // An update keeps a record's place in the walk.
      await store.transaction((tx) => tx.updateRecords(sheet.id, [withValues(records[3]!, { name: "x" })]));
      expect(
        (await store.readSelectedRecords(sheet.id, { filter: "error" }, chunk.cursor, 10)).items.map(
          (r) => r.id,
        ),
      ).toEqual(pick(5, 7));
      expect(
        (await store.readSelectedRecords(newId("sheet"), { filter: "all" }, undefined, 3)).items,
      ).toEqual([]);
    });

    it("reads a selection's chosen cell values in order, as the whole records hold them", async () => {
      const store = getStore();
      const { sheet } = await seed();
      const awkward = ['say "hi", then\r\nleave', "Zoë 😀 \\ \u2028", "", " padded ", "a\u0001b"];
      const records = Array.from({ length: 7 }, (_, i) => ({
        ...makeRecord(
          {
            name: awkward[i % awkward.length]!,
            'qu"o.te': i % 2 === 0 ? i * 1.1 : i % 3 === 0,
            empty: i === 1 ? null : undefined,
            n: 0.1 + 0.2 + i * 1e21,
          },
          i !== 4,
        ),
        metadata: { values: { name: { value: "not a cell" } } },
      }));
      await insert(sheet.id, records);
      const keys = ["n", "name", 'qu"o.te', "empty", "missing"];
      const expected = (record: SheetRecord) => keys.map((key) => record.values[key]?.value ?? null);
      const chunk = await store.readSelectedValues(sheet.id, { filter: "all" }, keys, undefined, 3);
      expect(chunk.items).toEqual(records.slice(0, 3).map(expected));
      const whole = await store.readSelectedRecords(sheet.id, { filter: "all" }, undefined, 3);
      expect(chunk.cursor).toBe(whole.cursor);
      const rest = await store.readSelectedValues(sheet.id, { filter: "all" }, keys, chunk.cursor, 10);
      expect(rest.items).toEqual(records.slice(3).map(expected));
      // The same selections as the records' reads, and a hint never drops a record.
      const valid = await store.readSelectedValues(
        sheet.id,
        { filter: "valid", searchValue: "ZOË", excludeIds: [records[6]!.id], containsHint: "nowhere" },
        ["name"],
        undefined,
        10,
      );
      expect(valid.items).toEqual([[records[1]!.values.name!.value]]);
      expect(
        (
          await store.readSelectedValues(
            sheet.id,
            { filter: "all", includeIds: [records[2]!.id] },
            [],
            undefined,
            5,
          )
        ).items,
      ).toEqual([[]]);
      const many = Array.from({ length: 250 }, (_, i) => (i === 249 ? "name" : `absent ${i}`));
      const wide = await store.readSelectedValues(sheet.id, { filter: "all" }, many, undefined, 1);
      expect(wide.items).toEqual([
        [...Array.from({ length: 249 }, () => null), records[0]!.values.name!.value],
      ]);
      expect(
        (await store.readSelectedValues(newId("sheet"), { filter: "all" }, keys, undefined, 3)).items,
      ).toEqual([]);
    });

    it("keeps record values exactly: text, numbers, booleans, null, missing values, messages, metadata", async () => {
      const store = getStore();
      const { sheet } = await seed();
      const record: SheetRecord = {
        ...makeRecord({
          text: "Zoë 😀",
          int: 42,
          real: -1.25,
          yes: true,
          no: false,
          none: null,
          empty: undefined,
        }),
        messages: [{ type: "warn", message: "check", source: "rule" }],
        metadata: { nested: { list: [1, "two"] } },
        createdAt: nextTime(),
        updatedAt: nextTime(),
      };
      await insert(sheet.id, [record]);
      expect((await store.listRecords(sheet.id, query())).items).toEqual([record]);
    });

    it("refuses a record id that is already stored, and inserts none of that call", async () => {
      const store = getStore();
      const { sheet } = await seed();
      const existing = makeRecord({ name: "a" });
      await insert(sheet.id, [existing]);
      await expect(insert(sheet.id, [makeRecord({ name: "b" }), existing])).rejects.toThrow();
      expect((await store.listRecords(sheet.id, query())).items).toEqual([existing]);
    });

    it("filters valid and error records, pages them and counts every match", async () => {
      const store = getStore();
      const { sheet } = await seed();
      const records = Array.from({ length: 25 }, (_, i) => makeRecord({ n: i }, i % 3 !== 0));
      await insert(sheet.id, records);
      const valid = records.filter((r) => r.valid);
      const errors = records.filter((r) => !r.valid);

      expect(await store.countRecords(sheet.id)).toEqual({ total: 25, valid: 16, error: 9 });
      expect(ids((await store.listRecords(sheet.id, query({ filter: "valid" }))).items)).toEqual(ids(valid));
      expect(ids((await store.listRecords(sheet.id, query({ filter: "error" }))).items)).toEqual(ids(errors));

      const page = await store.listRecords(sheet.id, query({ filter: "valid", limit: 5, offset: 10 }));
      expect(page).toEqual({ items: valid.slice(10, 15), total: 16 });
      const last = await store.listRecords(sheet.id, query({ filter: "error", limit: 5, offset: 5 }));
      expect(last).toEqual({ items: errors.slice(5), total: 9 });
      const beyond = await store.listRecords(sheet.id, query({ limit: 10, offset: 30 }));
      expect(beyond).toEqual({ items: [], total: 25 });
    });

    it("searches every cell or one field, case-insensitively, including non-ASCII text, numbers and booleans", async () => {
      const store = getStore();
      const { sheet } = await seed();
      const records = [
        makeRecord({ name: "Zoë Ångström", city: "Oslo" }),
        makeRecord({ name: "ZOË", city: "Bergen" }, false),
        makeRecord({ name: "Zoe", city: "zoëtown" }),
        makeRecord({ name: null, city: "Null Island", age: 1234 }),
        makeRecord({
          name: "Bob",
          active: true,
          "first.name": "Zoë-x",
          "last-name": "Smith",
          'say "hi"': "Hello",
        }),
      ];
      await insert(sheet.id, records);
      const [r0, r1, r2, r3, r4] = records as [
        SheetRecord,
        SheetRecord,
        SheetRecord,
        SheetRecord,
        SheetRecord,
      ];
      const search = async (
        searchValue: string,
        searchField?: string,
        filter: RecordQuery["filter"] = "all",
      ) => ids((await store.listRecords(sheet.id, query({ searchValue, searchField, filter }))).items);

      expect(await search("zoë")).toEqual(ids([r0, r1, r2, r4]));
      expect(await search("ZOË")).toEqual(ids([r0, r1, r2, r4]));
      expect(await search("zoë", "name")).toEqual(ids([r0, r1]));
      expect(await search("ÅNGSTRÖM", "name")).toEqual(ids([r0]));
      expect(await search("zoë", "city")).toEqual(ids([r2]));
      expect(await search("zoë", undefined, "valid")).toEqual(ids([r0, r2, r4]));
      expect(await search("zoë", "name", "error")).toEqual(ids([r1]));
      // Empty values are never found, not even as the text "null".
      expect(await search("null")).toEqual(ids([r3]));
      expect(await search("null", "name")).toEqual([]);
      expect(await search("23")).toEqual(ids([r3]));
      expect(await search("23", "age")).toEqual(ids([r3]));
      expect(await search("TRUE")).toEqual(ids([r4]));
      expect(await search("true", "active")).toEqual(ids([r4]));
      // Field keys with '.', '-' or quotes are taken literally.
      expect(await search("zoë", "first.name")).toEqual(ids([r4]));
      expect(await search("smi", "last-name")).toEqual(ids([r4]));
      expect(await search("hello", 'say "hi"')).toEqual(ids([r4]));
      expect(await search("o", "constructor")).toEqual([]);
      expect(await search("o", "missing")).toEqual([]);
      expect(await search("no such text")).toEqual([]);

      const paged = await store.listRecords(sheet.id, query({ searchValue: "zoë", limit: 2, offset: 1 }));
      expect(paged).toEqual({ items: [r1, r2], total: 4 });
    });

    it("restricts to the given ids, in insertion order, together with the other filters", async () => {
      const store = getStore();
      const { sheet } = await seed();
      const records = [
        makeRecord({ n: 1 }),
        makeRecord({ n: 2 }, false),
        makeRecord({ n: 3 }),
        makeRecord({ n: 4 }),
      ];
      const other = makeRecord({ n: 5 });
      const { sheet: otherSheet } = await seed();
      await insert(sheet.id, records);
      await insert(otherSheet.id, [other]);
      const [r0, r1, , r3] = records as [SheetRecord, SheetRecord, SheetRecord, SheetRecord];
      const wanted = [r3.id, r1.id, newId("record"), r0.id, other.id];

      const page = await store.listRecords(sheet.id, query({ ids: wanted }));
      expect(page).toEqual({ items: [r0, r1, r3], total: 3 });
      expect(ids((await store.listRecords(sheet.id, query({ ids: wanted, filter: "valid" }))).items)).toEqual(
        ids([r0, r3]),
      );
      const sorted = await store.listRecords(
        sheet.id,
        query({ ids: wanted, sortField: "n", sortDirection: "desc" }),
      );
      expect(ids(sorted.items)).toEqual(ids([r3, r1, r0]));
      expect(await store.listRecords(sheet.id, query({ ids: [] }))).toEqual({ items: [], total: 0 });
    });

    it("sorts by a field as SQLite orders values: empty, then numbers and booleans, then text by code point", async () => {
      const store = getStore();
      const { sheet } = await seed();
      const records = [
        makeRecord({ n: 3, t: "b" }),
        makeRecord({ n: null, t: "a" }),
        makeRecord({ n: 1, t: "B" }),
        makeRecord({ t: "é" }),
        makeRecord({ n: 3, t: "a" }),
        makeRecord({ n: true, t: "Z" }),
        makeRecord({ n: "10", t: "z" }),
        makeRecord({ n: 2.5, t: "a" }),
        makeRecord({ n: -1, t: "10" }),
        makeRecord({ n: false, t: "𝒜" }),
        makeRecord({ n: undefined, t: "Ａ" }),
      ];
      await insert(sheet.id, records);
      const byIndex = (...indexes: number[]) => indexes.map((i) => records[i]!.id);
      const sort = async (sortField: string, sortDirection: "asc" | "desc", limit = 100, offset = 0) =>
        ids((await store.listRecords(sheet.id, query({ sortField, sortDirection, limit, offset }))).items);

      const numbersAsc = byIndex(1, 3, 10, 8, 9, 2, 5, 7, 0, 4, 6);
      expect(await sort("n", "asc")).toEqual(numbersAsc);
      expect(await sort("n", "desc")).toEqual([...numbersAsc].reverse());
      const textAsc = byIndex(8, 2, 5, 1, 4, 7, 0, 6, 3, 10, 9);
      expect(await sort("t", "asc")).toEqual(textAsc);
      expect(await sort("t", "desc")).toEqual([...textAsc].reverse());
      // A field no record has: every value is empty, so insertion order (reversed when descending).
      expect(await sort("missing", "asc")).toEqual(ids(records));
      expect(await sort("missing", "desc")).toEqual(ids(records).reverse());

      expect(await sort("n", "asc", 3, 4)).toEqual(numbersAsc.slice(4, 7));
      const page = await store.listRecords(
        sheet.id,
        query({ sortField: "t", searchValue: "a", limit: 2, offset: 1 }),
      );
      // "a" is in the three cells "a" and in the boolean false ("false"), whose text sorts last.
      expect(ids(page.items)).toEqual(byIndex(4, 7));
      expect(page.total).toBe(4);
    });

    it("lists one field's values of every record in insertion order", async () => {
      const store = getStore();
      const { sheet } = await seed();
      const records = [
        makeRecord({ email: "a@x.io" }),
        makeRecord({ email: "A@x.io" }, false),
        makeRecord({ other: 1 }),
        makeRecord({ email: null }),
        makeRecord({ email: 7 }),
        makeRecord({ email: true }),
        makeRecord({ email: undefined }),
      ];
      await insert(sheet.id, records);
      expect(await store.listFieldValues(sheet.id, "email")).toEqual([
        { id: records[0]!.id, value: "a@x.io" },
        { id: records[1]!.id, value: "A@x.io" },
        { id: records[2]!.id, value: undefined },
        { id: records[3]!.id, value: null },
        { id: records[4]!.id, value: 7 },
        { id: records[5]!.id, value: true },
        { id: records[6]!.id, value: undefined },
      ]);
      expect(await store.listFieldValues(newId("sheet"), "email")).toEqual([]);
    });

    it("updates records in place, counting only the ids the sheet has; search and counts follow", async () => {
      const store = getStore();
      const { sheet } = await seed();
      const { sheet: otherSheet } = await seed();
      const records = [makeRecord({ name: "Ann" }), makeRecord({ name: "Ben" }), makeRecord({ name: "Cy" })];
      const other = makeRecord({ name: "Dee" });
      await insert(sheet.id, records);
      await insert(otherSheet.id, [other]);
      const [r0, r1, r2] = records as [SheetRecord, SheetRecord, SheetRecord];

      const changed = withValues(r1, { name: "Zoë" }, false);
      const updated = await store.transaction((tx) =>
        tx.updateRecords(sheet.id, [
          changed,
          makeRecord({ name: "missing" }),
          withValues(other, { name: "x" }),
        ]),
      );
      expect(updated).toBe(1);
      expect((await store.listRecords(sheet.id, query())).items).toEqual([r0, changed, r2]);
      expect((await store.listRecords(otherSheet.id, query())).items).toEqual([other]);
      expect(await store.countRecords(sheet.id)).toEqual({ total: 3, valid: 2, error: 1 });
      expect(ids((await store.listRecords(sheet.id, query({ searchValue: "ZOË" }))).items)).toEqual([r1.id]);
      expect((await store.listRecords(sheet.id, query({ searchValue: "ben" }))).total).toBe(0);
      expect(await store.listFieldValues(sheet.id, "name")).toEqual([
        { id: r0.id, value: "Ann" },
        { id: r1.id, value: "Zoë" },
        { id: r2.id, value: "Cy" },
      ]);
      expect(await store.transaction((tx) => tx.updateRecords(sheet.id, []))).toBe(0);
    });

    it("deletes records by id and returns how many it deleted", async () => {
      const store = getStore();
      const { sheet } = await seed();
      const { sheet: otherSheet } = await seed();
      const records = [makeRecord({ n: 1 }), makeRecord({ n: 2 }, false), makeRecord({ n: 3 })];
      const other = makeRecord({ n: 4 });
      await insert(sheet.id, records);
      await insert(otherSheet.id, [other]);
      const [r0, r1, r2] = records as [SheetRecord, SheetRecord, SheetRecord];

      const deleted = await store.transaction((tx) =>
        tx.deleteRecords(sheet.id, [r1.id, newId("record"), other.id, r1.id]),
      );
      expect(deleted).toBe(1);
      expect((await store.listRecords(sheet.id, query())).items).toEqual([r0, r2]);
      expect(await store.countRecords(sheet.id)).toEqual({ total: 2, valid: 2, error: 0 });
      expect((await store.listRecords(otherSheet.id, query())).items).toEqual([other]);
      expect(await store.transaction((tx) => tx.deleteRecords(sheet.id, [r0.id, r2.id]))).toBe(2);
      expect(await store.listRecords(sheet.id, query())).toEqual({ items: [], total: 0 });

      // Records inserted after a delete still come after the ones that remain.
      const later = [makeRecord({ n: 5 }), makeRecord({ n: 6 })];
      await insert(sheet.id, [later[0]!]);
      await store.transaction((tx) => tx.deleteRecords(sheet.id, []));
      await insert(sheet.id, [later[1]!]);
      expect(ids((await store.listRecords(sheet.id, query())).items)).toEqual(ids(later));
    });

    it("replaces every record of a sheet in the given order; later inserts come after them", async () => {
      const store = getStore();
      const { sheet } = await seed();
      const { sheet: otherSheet } = await seed();
      const before = [makeRecord({ n: 1 }), makeRecord({ n: 2 })];
      const other = makeRecord({ n: 9 });
      await insert(sheet.id, before);
      await insert(otherSheet.id, [other]);

      const kept = withValues(before[1]!, { n: 20 }, false);
      const replacement = [makeRecord({ n: 3 }), kept, makeRecord({ n: 0 })];
      await store.transaction((tx) => tx.replaceRecords(sheet.id, replacement));
      expect((await store.listRecords(sheet.id, query())).items).toEqual(replacement);
      expect(await store.countRecords(sheet.id)).toEqual({ total: 3, valid: 2, error: 1 });
      expect((await store.listRecords(otherSheet.id, query())).items).toEqual([other]);
      expect(await store.listRecords(sheet.id, query({ searchValue: "1" }))).toEqual({ items: [], total: 0 });

      const appended = makeRecord({ n: -5 });
      await insert(sheet.id, [appended]);
      expect((await store.listRecords(sheet.id, query())).items).toEqual([...replacement, appended]);

      await store.transaction((tx) => tx.replaceRecords(sheet.id, []));
      expect(await store.countRecords(sheet.id)).toEqual({ total: 0, valid: 0, error: 0 });
    });

    it("sees its own record writes inside the transaction", async () => {
      const store = getStore();
      const { sheet } = await seed();
      const records = [makeRecord({ n: 1 }), makeRecord({ n: 2 }, false)];
      await store.transaction(async (tx) => {
        await tx.insertRecords(sheet.id, records);
        expect(await tx.listRecords(sheet.id, query())).toEqual({ items: records, total: 2 });
        expect(await tx.countRecords(sheet.id)).toEqual({ total: 2, valid: 1, error: 1 });
        await tx.deleteRecords(sheet.id, [records[0]!.id]);
        expect(await tx.listFieldValues(sheet.id, "n")).toEqual([{ id: records[1]!.id, value: 2 }]);
      });
    });

    it("inserts 10,000 records in one transaction", { timeout: 60_000 }, async () => {
      const store = getStore();
      const { sheet } = await seed();
      const records = Array.from({ length: 10_000 }, (_, i) =>
        makeRecord(
          { name: `Person ${i}`, email: `p${i}@example.com`, age: i % 90, active: i % 2 === 0 },
          i % 10 !== 0,
        ),
      );
      await insert(sheet.id, records);
      expect(await store.countRecords(sheet.id)).toEqual({ total: 10_000, valid: 9_000, error: 1_000 });
      const page = await store.listRecords(sheet.id, query({ limit: 2, offset: 9_998 }));
      expect(page).toEqual({ items: records.slice(9_998), total: 10_000 });
      const found = await store.listRecords(sheet.id, query({ searchValue: "P9999@", limit: 10 }));
      expect(ids(found.items)).toEqual([records[9_999]!.id]);
    });
  });

  describe("documents", () => {
    it("inserts, gets, updates, lists (oldest first, per space) and deletes documents", async () => {
      const store = getStore();
      const space = newId("space");
      const documents = [makeDocument({ spaceId: space }), makeDocument(), makeDocument({ spaceId: space })];
      await store.transaction(async (tx) => {
        for (const document of documents) await tx.insertDocument(document);
      });
      const [d0, d1, d2] = documents as [(typeof documents)[0], (typeof documents)[0], (typeof documents)[0]];
      expect(await store.getDocument(d0.id)).toEqual(d0);
      expect(await store.getDocument(newId("document"))).toBeUndefined();
      expect(await store.listDocuments(space)).toEqual([d0, d2]);
      expect(await store.listDocuments(d1.spaceId)).toEqual([d1]);

      const edited = { ...d0, title: "Guide", body: "# Zoë", updatedAt: nextTime() };
      expect(await store.transaction((tx) => tx.updateDocument(edited))).toBe(true);
      expect(await store.listDocuments(space)).toEqual([edited, d2]);
      expect(await store.transaction((tx) => tx.updateDocument(makeDocument()))).toBe(false);
      await expect(store.transaction((tx) => tx.insertDocument(d1))).rejects.toThrow();

      expect(await store.transaction((tx) => tx.deleteDocument(d0.id))).toBe(true);
      expect(await store.transaction((tx) => tx.deleteDocument(d0.id))).toBe(false);
      expect(await store.listDocuments(space)).toEqual([d2]);
    });
  });

  describe("files", () => {
    it("inserts, gets, updates and deletes a file", async () => {
      const store = getStore();
      const file = makeFile({ status: "partial", bytesReceived: 0 });
      await store.transaction((tx) => tx.insertFile(file));
      expect(await store.getFile(file.id)).toEqual(file);
      expect(await store.getFile(newId("file"))).toBeUndefined();
      const done = { ...file, status: "complete" as const, bytesReceived: 10, mode: "export" as const };
      expect(await store.transaction((tx) => tx.updateFile(done))).toBe(true);
      expect(await store.getFile(file.id)).toEqual(done);
      expect((await store.listFiles({ mode: "export", limit: 10, offset: 0 })).items).toEqual([done]);
      expect(await store.transaction((tx) => tx.updateFile(makeFile()))).toBe(false);
      await expect(store.transaction((tx) => tx.insertFile(file))).rejects.toThrow();
      expect(await store.transaction((tx) => tx.deleteFile(file.id))).toBe(true);
      expect(await store.getFile(file.id)).toBeUndefined();
      expect(await store.transaction((tx) => tx.deleteFile(file.id))).toBe(false);
    });

    it("lists files newest first, by space and mode, paged with totals", async () => {
      const store = getStore();
      const [space, other] = [newId("space"), newId("space")];
      const files = [
        makeFile({ spaceId: space }),
        makeFile({ spaceId: space, mode: "export" }),
        makeFile({ spaceId: other }),
      ];
      const sameTime = nextTime();
      files.push(
        makeFile({ spaceId: space, createdAt: sameTime }),
        makeFile({ spaceId: space, createdAt: sameTime }),
      );
      // Inserted out of creation order: the list follows createdAt, then the later insert among equal times.
      await store.transaction(async (tx) => {
        for (const file of [files[3]!, files[0]!, files[2]!, files[1]!, files[4]!]) await tx.insertFile(file);
      });
      const [f0, f1, f2, f3, f4] = files as [
        (typeof files)[0],
        (typeof files)[0],
        (typeof files)[0],
        (typeof files)[0],
        (typeof files)[0],
      ];
      const list = (q: Partial<Parameters<Store["listFiles"]>[0]>) =>
        store.listFiles({ limit: 100, offset: 0, ...q });
      expect(await list({})).toEqual({ items: [f4, f3, f2, f1, f0], total: 5 });
      expect(ids((await list({ spaceId: space })).items)).toEqual(ids([f4, f3, f1, f0]));
      expect(ids((await list({ spaceId: space, mode: "import" })).items)).toEqual(ids([f4, f3, f0]));
      expect(ids((await list({ mode: "export" })).items)).toEqual(ids([f1]));
      expect(await list({ spaceId: space, mode: "import", limit: 1, offset: 1 })).toEqual({
        items: [f3],
        total: 3,
      });
      expect(await list({ spaceId: newId("space") })).toEqual({ items: [], total: 0 });
    });
  });

  describe("snapshots", () => {
    it("stores a frozen copy of records that later record changes do not touch", async () => {
      const store = getStore();
      const { workbook, sheet } = await seed();
      const records = [
        makeRecord({ name: "Ann" }),
        makeRecord({ name: "Ben" }, false),
        makeRecord({ name: "Cy" }),
      ];
      await insert(sheet.id, records);
      const snapshot = makeSnapshot({
        sheetId: sheet.id,
        workbookId: workbook.id,
        spaceId: workbook.spaceId,
        label: "before",
        recordCount: 3,
      });
      await store.transaction(async (tx) => {
        const current = await tx.listRecords(sheet.id, query());
        await tx.insertSnapshot(snapshot, current.items);
      });
      await store.transaction(async (tx) => {
        await tx.updateRecords(sheet.id, [withValues(records[0]!, { name: "Changed" })]);
        await tx.deleteRecords(sheet.id, [records[2]!.id]);
        await tx.insertRecords(sheet.id, [makeRecord({ name: "New" })]);
      });
      expect(await store.getSnapshot(snapshot.id)).toEqual(snapshot);
      expect(await store.getSnapshot(newId("snapshot"))).toBeUndefined();
      const frozen = await store.getSnapshotRecords(snapshot.id);
      expect(frozen).toEqual(records);
      frozen[0]!.values.name!.value = "mutated";
      expect(await store.getSnapshotRecords(snapshot.id)).toEqual(records);
      expect(await store.getSnapshotRecords(newId("snapshot"))).toEqual([]);

      // Restoring is a replace with the frozen records, in their order.
      await store.transaction(async (tx) =>
        tx.replaceRecords(sheet.id, await tx.getSnapshotRecords(snapshot.id)),
      );
      expect((await store.listRecords(sheet.id, query())).items).toEqual(records);
    });

    it("copies a sheet's records into a snapshot a chunk at a time; the row comes last", async () => {
      const store = getStore();
      const { workbook, sheet } = await seed();
      const records = Array.from({ length: 7 }, (_, i) => makeRecord({ n: i }, i !== 3));
      await insert(sheet.id, records);
      await insert(makeSheet().id, [makeRecord({ other: true })]);
      const snapshot = makeSnapshot({
        sheetId: sheet.id,
        workbookId: workbook.id,
        spaceId: workbook.spaceId,
      });
      let after: number | undefined;
      let copied = 0;
      for (;;) {
        const chunk = await store.transaction((tx) =>
          tx.copyRecordsToSnapshot(snapshot.id, sheet.id, after, 3),
        );
        copied += chunk.copied;
        if (chunk.copied < 3) break;
        after = chunk.cursor;
        // A record deleted behind the copy does not stop it.
        if (copied === 3) await store.transaction((tx) => tx.deleteRecords(sheet.id, [records[2]!.id]));
      }
      expect(copied).toBe(7);
      expect(await store.getSnapshot(snapshot.id)).toBeUndefined();
      await store.transaction((tx) => tx.insertSnapshot({ ...snapshot, recordCount: copied }, []));
      expect(await store.getSnapshot(snapshot.id)).toEqual({ ...snapshot, recordCount: 7 });
      expect(await store.getSnapshotRecords(snapshot.id)).toEqual(records);

      // Records given to insertSnapshot come after those copied; a draft without a row is deleted too.
      const second = makeSnapshot({ sheetId: sheet.id });
      await store.transaction((tx) => tx.copyRecordsToSnapshot(second.id, sheet.id, undefined, 2));
      const extra = makeRecord({ extra: 1 });
      await store.transaction((tx) => tx.insertSnapshot(second, [extra]));
      expect(await store.getSnapshotRecords(second.id)).toEqual([records[0], records[1], extra]);
      const abandoned = newId("snapshot");
      await store.transaction((tx) => tx.copyRecordsToSnapshot(abandoned, sheet.id, undefined, 10));
      expect(await store.transaction((tx) => tx.deleteSnapshot(abandoned))).toBe(false);
      expect(await store.getSnapshotRecords(abandoned)).toEqual([]);
      // A copy that rolls back leaves nothing.
      const rolledBack = newId("snapshot");
      await expect(
        store.transaction(async (tx) => {
          await tx.copyRecordsToSnapshot(rolledBack, sheet.id, undefined, 10);
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      await store.transaction((tx) =>
        tx.insertSnapshot(makeSnapshot({ id: rolledBack, sheetId: sheet.id }), []),
      );
      expect(await store.getSnapshotRecords(rolledBack)).toEqual([]);
    });

    it("reads a snapshot's records a chunk at a time by ord, each with its place in the sheet", async () => {
      const store = getStore();
      const { workbook, sheet } = await seed();
      const records = Array.from({ length: 5 }, (_, i) => makeRecord({ n: i }));
      await insert(sheet.id, records);
      const snapshot = makeSnapshot({
        sheetId: sheet.id,
        workbookId: workbook.id,
        spaceId: workbook.spaceId,
      });
      await store.transaction(async (tx) => {
        await tx.copyRecordsToSnapshot(snapshot.id, sheet.id, undefined, 10);
        await tx.insertSnapshot({ ...snapshot, recordCount: 5 }, [makeRecord({ n: 5 })]);
      });
      const first = await store.readSnapshotRecords(snapshot.id, undefined, 2);
      expect(first.map((r) => [r.ord, r.record])).toEqual([
        [0, records[0]],
        [1, records[1]],
      ]);
      const rest = await store.readSnapshotRecords(snapshot.id, 1, 10);
      expect(rest.map((r) => r.ord)).toEqual([2, 3, 4, 5]);
      expect(rest.slice(0, 3).map((r) => r.record)).toEqual(records.slice(2));
      // Copied records know their place, in the sheet's order; records given to insertSnapshot have none.
      const seqs = [...first, ...rest].map((r) => r.seq);
      expect(seqs.slice(0, 5).every((seq) => typeof seq === "number")).toBe(true);
      expect(seqs.slice(0, 5)).toEqual([...(seqs.slice(0, 5) as number[])].sort((a, b) => a - b));
      expect(seqs[5]).toBeUndefined();
      expect(await store.readSnapshotRecords(snapshot.id, 5, 10)).toEqual([]);
      expect(await store.readSnapshotRecords(newId("snapshot"), undefined, 10)).toEqual([]);
      // Chunks hand out copies.
      first[0]!.record.values.n!.value = 99;
      expect((await store.readSnapshotRecords(snapshot.id, undefined, 1))[0]!.record).toEqual(records[0]);
    });

    it("inserts records back at their places, or after the last when a place is taken", async () => {
      const store = getStore();
      const { workbook, sheet } = await seed();
      const records = Array.from({ length: 6 }, (_, i) => makeRecord({ n: i }));
      await insert(sheet.id, records);
      const snapshot = makeSnapshot({
        sheetId: sheet.id,
        workbookId: workbook.id,
        spaceId: workbook.spaceId,
      });
      await store.transaction(async (tx) => {
        await tx.copyRecordsToSnapshot(snapshot.id, sheet.id, undefined, 10);
        await tx.insertSnapshot({ ...snapshot, recordCount: 6 }, []);
      });
      const frozen = await store.readSnapshotRecords(snapshot.id, undefined, 10);
      const ids = records.map((r) => r.id);
      const order = async () => (await store.listRecords(sheet.id, query())).items.map((r) => r.id);

      await store.transaction((tx) => tx.deleteRecords(sheet.id, [ids[0]!, ids[2]!, ids[3]!]));
      await store.transaction((tx) =>
        tx.insertRecordsAt(
          sheet.id,
          [frozen[3]!, frozen[0]!].map(({ record, seq }) => ({ record, seq })),
        ),
      );
      expect(await order()).toEqual([ids[0], ids[1], ids[3], ids[4], ids[5]]);
      // The walk by position sees the record where it was put back.
      const walked = await store.readSelectedIds(sheet.id, { filter: "all" }, undefined, 10);
      expect(walked.items).toEqual([ids[0], ids[1], ids[3], ids[4], ids[5]]);

      // The tail deleted and a new record added: where its place was handed out again, the old record goes last.
      await store.transaction((tx) => tx.deleteRecords(sheet.id, [ids[4]!, ids[5]!]));
      const added = makeRecord({ n: "new" });
      await insert(sheet.id, [added]);
      await store.transaction((tx) =>
        tx.insertRecordsAt(sheet.id, [
          { record: frozen[2]!.record, seq: frozen[2]!.seq },
          { record: frozen[4]!.record, seq: frozen[4]!.seq },
          { record: frozen[5]!.record, seq: frozen[5]!.seq },
          { record: makeRecord({ n: "unplaced" }) },
        ]),
      );
      const now = await order();
      expect(now.slice(0, 4)).toEqual([ids[0], ids[1], ids[2], ids[3]]);
      expect(new Set(now.slice(4))).toEqual(new Set([added.id, ids[4], ids[5], now[7]]));
      expect(now).toHaveLength(8);
      const seqsOf = async () => {
        const chunks = [];
        let after: number | undefined;
        for (;;) {
          const chunk = await store.readSelectedIds(sheet.id, { filter: "all" }, after, 1);
          if (!chunk.items.length) break;
          chunks.push(...chunk.items);
          after = chunk.cursor;
        }
        return chunks;
      };
      // One place per record: a walk one record at a time meets each once.
      expect(await seqsOf()).toEqual(now);
      await expect(
        store.transaction((tx) => tx.insertRecordsAt(sheet.id, [{ record: records[1]! }])),
      ).rejects.toThrow();
      expect(await order()).toEqual(now);
    });

    it("lists a sheet's snapshots newest first and deletes one with its records", async () => {
      const store = getStore();
      const { sheet } = await seed();
      const first = makeSnapshot({ sheetId: sheet.id });
      const sameTime = nextTime();
      const snapshots = [
        first,
        makeSnapshot({ sheetId: sheet.id, createdAt: sameTime }),
        makeSnapshot(),
        makeSnapshot({ sheetId: sheet.id, createdAt: sameTime }),
      ];
      const record = makeRecord({ n: 1 });
      await store.transaction(async (tx) => {
        for (const snapshot of [snapshots[1]!, snapshots[0]!, snapshots[2]!, snapshots[3]!]) {
          await tx.insertSnapshot(snapshot, [record]);
        }
      });
      expect(await store.listSnapshots(sheet.id)).toEqual([snapshots[3], snapshots[1], snapshots[0]]);
      expect(await store.listSnapshots(newId("sheet"))).toEqual([]);
      await expect(store.transaction((tx) => tx.insertSnapshot(snapshots[0]!, []))).rejects.toThrow();

      expect(await store.transaction((tx) => tx.deleteSnapshot(snapshots[1]!.id))).toBe(true);
      expect(await store.transaction((tx) => tx.deleteSnapshot(snapshots[1]!.id))).toBe(false);
      expect(await store.getSnapshot(snapshots[1]!.id)).toBeUndefined();
      expect(await store.getSnapshotRecords(snapshots[1]!.id)).toEqual([]);
      expect(await store.getSnapshotRecords(snapshots[3]!.id)).toEqual([record]);
      expect(ids(await store.listSnapshots(sheet.id))).toEqual(ids([snapshots[3]!, snapshots[0]!]));
    });
  });

  describe("cascading deletes", () => {
    /** A space with two workbooks of two sheets each, records and a snapshot per sheet, a document and a file. */
    async function populate() {
      const store = getStore();
      const space = makeSpace();
      const workbooks = [makeWorkbook({ spaceId: space.id }), makeWorkbook({ spaceId: space.id })];
      const sheets = workbooks.flatMap((workbook) => [
        makeSheet({ workbookId: workbook.id, spaceId: space.id }),
        makeSheet({ workbookId: workbook.id, spaceId: space.id, slug: "second" }),
      ]);
      const records = new Map(
        sheets.map((sheet) => [sheet.id, [makeRecord({ n: 1 }), makeRecord({ n: 2 }, false)]]),
      );
      const snapshots = sheets.map((sheet) =>
        makeSnapshot({ sheetId: sheet.id, workbookId: sheet.workbookId, spaceId: space.id, recordCount: 2 }),
      );
      const document = makeDocument({ spaceId: space.id });
      const file = makeFile({ spaceId: space.id });
      const job = makeJob({ spaceId: space.id });
      await store.transaction(async (tx) => {
        await tx.insertSpace(space);
        await tx.insertJob(job);
        for (const workbook of workbooks) await tx.insertWorkbook(workbook);
        for (const sheet of sheets) await tx.insertSheet(sheet);
        for (const [sheetId, list] of records) await tx.insertRecords(sheetId, list);
        for (const snapshot of snapshots) await tx.insertSnapshot(snapshot, records.get(snapshot.sheetId)!);
        await tx.insertDocument(document);
        await tx.insertFile(file);
      });
      return { space, workbooks, sheets, records, snapshots, document, file, job };
    }
    type Populated = Awaited<ReturnType<typeof populate>>;

    /** Everything the store still holds of `p`, read back. */
    async function contents(p: Populated) {
      const store = getStore();
      return {
        space: await store.getSpace(p.space.id),
        job: await store.getJob(p.job.id),
        workbooks: (await store.listWorkbooks({ spaceId: p.space.id, limit: 100, offset: 0 })).items,
        sheets: (await Promise.all(p.workbooks.map((w) => store.listSheets(w.id)))).flat(),
        sheetsById: await Promise.all(p.sheets.map((s) => store.getSheet(s.id))),
        records: await Promise.all(p.sheets.map(async (s) => (await store.listRecords(s.id, query())).items)),
        snapshots: await Promise.all(p.sheets.map((s) => store.listSnapshots(s.id))),
        snapshotRecords: await Promise.all(p.snapshots.map((s) => store.getSnapshotRecords(s.id))),
        documents: await store.listDocuments(p.space.id),
        files: (await store.listFiles({ spaceId: p.space.id, limit: 100, offset: 0 })).items,
      };
    }

    function expectIntact(found: Awaited<ReturnType<typeof contents>>, p: Populated) {
      expect(found).toEqual({
        space: p.space,
        job: p.job,
        workbooks: p.workbooks,
        sheets: p.sheets,
        sheetsById: p.sheets,
        records: p.sheets.map((s) => p.records.get(s.id)),
        snapshots: p.snapshots.map((s) => [s]),
        snapshotRecords: p.snapshots.map((s) => p.records.get(s.sheetId)),
        documents: [p.document],
        files: [p.file],
      });
    }

    it("deleting a space deletes everything in it and nothing of another space", async () => {
      const store = getStore();
      const doomed = await populate();
      const kept = await populate();
      expect(await store.transaction((tx) => tx.deleteSpace(doomed.space.id))).toBe(true);
      expect(await contents(doomed)).toEqual({
        space: undefined,
        job: undefined,
        workbooks: [],
        sheets: [],
        sheetsById: doomed.sheets.map(() => undefined),
        records: doomed.sheets.map(() => []),
        snapshots: doomed.sheets.map(() => []),
        snapshotRecords: doomed.snapshots.map(() => []),
        documents: [],
        files: [],
      });
      expectIntact(await contents(kept), kept);
    });

    it("deleting a workbook deletes its sheets, their records and snapshots only", async () => {
      const store = getStore();
      const p = await populate();
      const [gone, stays] = p.workbooks as [StoredWorkbook, StoredWorkbook];
      expect(await store.transaction((tx) => tx.deleteWorkbook(gone.id))).toBe(true);
      const found = await contents(p);
      const goneSheets = p.sheets.filter((s) => s.workbookId === gone.id);
      const stayingSheets = p.sheets.filter((s) => s.workbookId === stays.id);
      expect(found.workbooks).toEqual([stays]);
      expect(found.sheets).toEqual(stayingSheets);
      for (const sheet of goneSheets) {
        expect(await store.countRecords(sheet.id)).toEqual({ total: 0, valid: 0, error: 0 });
        expect(await store.listSnapshots(sheet.id)).toEqual([]);
      }
      for (const snapshot of p.snapshots.filter((s) => s.workbookId === gone.id)) {
        expect(await store.getSnapshotRecords(snapshot.id)).toEqual([]);
      }
      for (const sheet of stayingSheets) {
        expect((await store.listRecords(sheet.id, query())).items).toEqual(p.records.get(sheet.id));
        expect(await store.listSnapshots(sheet.id)).toHaveLength(1);
      }
      expect(found.space).toEqual(p.space);
      expect(found.documents).toEqual([p.document]);
      expect(found.files).toEqual([p.file]);
    });

    it("deleting a sheet deletes its records and snapshots only", async () => {
      const store = getStore();
      const p = await populate();
      const [gone, ...rest] = p.sheets as [StoredSheet, ...StoredSheet[]];
      expect(await store.transaction((tx) => tx.deleteSheet(gone.id))).toBe(true);
      expect(await store.listRecords(gone.id, query())).toEqual({ items: [], total: 0 });
      expect(await store.listSnapshots(gone.id)).toEqual([]);
      expect(await store.getSnapshotRecords(p.snapshots[0]!.id)).toEqual([]);
      expect(await store.listFieldValues(gone.id, "n")).toEqual([]);
      for (const sheet of rest) {
        expect((await store.listRecords(sheet.id, query())).items).toEqual(p.records.get(sheet.id));
        expect(await store.listSnapshots(sheet.id)).toHaveLength(1);
      }
      expect(await store.getWorkbook(gone.workbookId)).toBeDefined();
    });

    it("a throwing transaction's deletes, record writes and inserts all roll back", async () => {
      const store = getStore();
      const p = await populate();
      const sheet = p.sheets[0]!;
      const [r0, r1] = p.records.get(sheet.id) as [SheetRecord, SheetRecord];
      const newWorkbook = makeWorkbook({ spaceId: p.space.id });
      const newSheet = makeSheet({ workbookId: newWorkbook.id, spaceId: p.space.id });
      const failure = new Error("boom");
      await expect(
        store.transaction(async (tx) => {
          await tx.insertRecords(sheet.id, [makeRecord({ n: 3 })]);
          await tx.updateRecords(sheet.id, [withValues(r0, { n: 100 }, false)]);
          await tx.deleteRecords(sheet.id, [r0.id]);
          await tx.insertRecords(sheet.id, [makeRecord({ n: 4 })]);
          await tx.replaceRecords(p.sheets[1]!.id, [makeRecord({ n: 5 })]);
          await tx.insertWorkbook(newWorkbook);
          await tx.insertSheet(newSheet);
          await tx.insertRecords(newSheet.id, [makeRecord({ n: 6 })]);
          await tx.insertSnapshot(makeSnapshot({ sheetId: sheet.id }), [r1]);
          await tx.updateWorkbook({ ...p.workbooks[0]!, name: "Renamed" });
          await tx.updateSheet({ ...sheet, name: "Renamed" });
          await tx.updateDocument({ ...p.document, title: "Renamed" });
          await tx.updateFile({ ...p.file, name: "renamed.csv" });
          await tx.insertDocument(makeDocument({ spaceId: p.space.id }));
          await tx.insertFile(makeFile({ spaceId: p.space.id }));
          await tx.deleteSheet(p.sheets[3]!.id);
          await tx.deleteSnapshot(p.snapshots[2]!.id);
          await tx.deleteWorkbook(p.workbooks[1]!.id);
          await tx.deleteSpace(p.space.id);
          await new Promise((resolve) => setTimeout(resolve, 0));
          throw failure;
        }),
      ).rejects.toBe(failure);

      expectIntact(await contents(p), p);
      expect(await store.getWorkbook(newWorkbook.id)).toBeUndefined();
      expect(await store.getSheet(newSheet.id)).toBeUndefined();
      expect(await store.countRecords(newSheet.id)).toEqual({ total: 0, valid: 0, error: 0 });
      // Insertion order survives the rollback, so a new record still comes last.
      const appended = makeRecord({ n: 7 });
      await insert(sheet.id, [appended]);
      expect((await store.listRecords(sheet.id, query())).items).toEqual([r0, r1, appended]);
    });

    it("a throwing transaction that inserted a workbook, sheets and records leaves nothing", async () => {
      const store = getStore();
      const workbook = makeWorkbook();
      const sheet = makeSheet({ workbookId: workbook.id, spaceId: workbook.spaceId });
      await expect(
        store.transaction(async (tx) => {
          await tx.insertWorkbook(workbook);
          await tx.insertSheet(sheet);
          await tx.insertRecords(
            sheet.id,
            Array.from({ length: 100 }, (_, i) => makeRecord({ n: i })),
          );
          throw new Error("refused");
        }),
      ).rejects.toThrow("refused");
      expect(await store.getWorkbook(workbook.id)).toBeUndefined();
      expect(await store.listWorkbooks({ limit: 10, offset: 0 })).toEqual({ items: [], total: 0 });
      expect(await store.getSheet(sheet.id)).toBeUndefined();
      expect(await store.listRecords(sheet.id, query())).toEqual({ items: [], total: 0 });
      expect(await store.countRecords(sheet.id)).toEqual({ total: 0, valid: 0, error: 0 });
    });
  });
}
