import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCells, newId, type SheetConfig, type SheetRecord } from "../../core";
import { useTestDatabase } from "../store/postgres/use-test-database";
import { makeSheet } from "../store/store-fixtures";
import type { Store } from "../store/store";
import { EMBEDDED_ADAPTERS } from "../testing/embedded-stores";
import { csvColumns, csvField, csvStream } from "./csv-export";
import { recordPages, recordValuePages } from "./record-service";

const CONFIG: SheetConfig = {
  name: "Awkward",
  allowAdditionalFields: true,
  fields: [
    { key: "name", label: "Name, full", type: "string", constraints: [{ type: "required" }] },
    { key: "age", label: "Age", type: "number" },
    { key: "active", label: 'Is "active"', type: "boolean" },
    { key: "note", type: "string" },
    { key: 'qu"o.te', label: "Odd key", type: "string" },
  ],
};

const TEXTS = [
  'says "hi", then leaves',
  "line one\nline two\r\nline three",
  "  padded",
  "trailing ",
  "Zoë 😀 ü \u2028 back\\slash",
  "",
  "plain",
  "comma,inside",
];
const NUMBERS = [0, -1.5, 0.1 + 0.2, 1e21, 1e-7, 123456789.125, 42];

/** Records whose cells hold every awkward kind of value: quotes, commas, line breaks, unicode, numbers, booleans,
 * empty and missing cells, wrong types (errors), and a key outside the fields. */
function awkwardRecords(count: number): SheetRecord[] {
  const now = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => {
    const input: Record<string, { value: string | number | boolean | null }> = {};
    if (i % 9 !== 0) input.name = { value: TEXTS[i % TEXTS.length]! };
    if (i % 4 !== 1) input.age = { value: i % 6 === 0 ? "old" : NUMBERS[i % NUMBERS.length]! };
    if (i % 3 !== 0) input.active = { value: i % 2 === 0 };
    input.note = { value: i % 5 === 0 ? null : TEXTS[(i + 3) % TEXTS.length]! };
    if (i % 2 === 0) input['qu"o.te'] = { value: `${i}"` };
    const built = buildCells(CONFIG.fields, input, {});
    const values = {
      ...built.values,
      ...(i % 7 === 0 ? { extra: { value: `x${i}`, valid: true, messages: [] } } : {}),
    };
    return {
      id: newId("record"),
      values,
      valid: built.valid,
      messages: [],
      metadata: {},
      createdAt: now,
      updatedAt: now,
    };
  });
}

/** The download as it was built before values were read on their own: whole records, one line of cells each. */
async function wholeRecordCsv(
  store: Store,
  sheetId: string,
  query: Parameters<typeof recordPages>[2],
  keys: string[],
  excluded = new Set<string>(),
) {
  let text = `${csvColumns(CONFIG, keys)
    .map((column) => csvField(column.header))
    .join(",")}\r\n`;
  for await (const page of recordPages(store, sheetId, query, 7)) {
    for (const record of page) {
      if (excluded.has(record.id)) continue;
      text += `${keys.map((key) => csvField(record.values[key]?.value)).join(",")}\r\n`;
    }
  }
  return text;
}

async function valuesCsv(
  store: Store,
  sheetId: string,
  query: Parameters<typeof recordValuePages>[2],
  keys: string[],
) {
  const pages = recordValuePages(store, sheetId, query, keys, 7);
  return new Response(csvStream(csvColumns(CONFIG, keys), pages)).text();
}

type Query = Parameters<typeof recordPages>[2];

const database = useTestDatabase();
const ADAPTERS: [string, () => Promise<{ store: Store; cleanup: () => Promise<void> }>][] = [
  ...EMBEDDED_ADAPTERS,
  ["postgres", () => database.openStore()],
];

describe.each(ADAPTERS)("recordValuePages on %s", (_name, open) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let sheetId: string;
  let records: SheetRecord[];

  beforeAll(async () => {
    ({ store, cleanup } = await open());
    const sheet = makeSheet({ config: CONFIG });
    sheetId = sheet.id;
    records = awkwardRecords(60);
    await store.transaction(async (tx) => {
      await tx.insertSheet(sheet);
      await tx.insertRecords(sheet.id, records);
    });
  }, 60_000);
  afterAll(() => cleanup());

  const all = ["name", "age", "active", "note", 'qu"o.te'];
  const queries: [string, Query, string[]][] = [
    ["the whole sheet", { sortDirection: "asc", filter: "all" }, all],
    ["valid records", { sortDirection: "asc", filter: "valid" }, all],
    ["records with errors", { sortDirection: "asc", filter: "error" }, all],
    ["a search", { sortDirection: "asc", filter: "all", searchValue: "LINE" }, all],
    [
      "a search in one field",
      { sortDirection: "asc", filter: "all", searchValue: "e", searchField: "note" },
      all,
    ],
    ["one field's errors", { sortDirection: "asc", filter: "error", filterField: "age" }, all],
    ["one field's valid cells", { sortDirection: "asc", filter: "valid", filterField: "age" }, all],
    ["a sort", { filter: "all", sortField: "name", sortDirection: "desc" }, all],
    [
      "chosen fields, one outside the fields, one on no record",
      { sortDirection: "asc", filter: "all" },
      ["note", "extra", "nowhere", "name"],
    ],
  ];

  it.each(queries)("writes the bytes whole records give, for %s", async (_label, query, keys) => {
    const expected = await wholeRecordCsv(store, sheetId, query, keys);
    expect(expected.split("\r\n").length).toBeGreaterThan(2);
    expect(await valuesCsv(store, sheetId, query, keys)).toBe(expected);
  });

  it("includes ids, and leaves out excluded ones in the store's walk and in a sorted one", async () => {
    const ids = records.filter((_, i) => i % 4 === 0).map((record) => record.id);
    const included: Query = { sortDirection: "asc", filter: "all", ids };
    expect(await valuesCsv(store, sheetId, included, all)).toBe(
      await wholeRecordCsv(store, sheetId, included, all),
    );
    const excludeIds = ids.slice(0, 5);
    const walks: Query[] = [
      { sortDirection: "asc", filter: "valid" },
      { sortDirection: "asc", filter: "all", sortField: "age" },
    ];
    for (const query of walks) {
      const expected = await wholeRecordCsv(store, sheetId, query, all, new Set(excludeIds));
      expect(await valuesCsv(store, sheetId, { ...query, excludeIds }, all)).toBe(expected);
    }
  });
});
