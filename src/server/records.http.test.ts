import { FlatfileClient } from "@flatfile/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filterMatches } from "../core";
import { cell, createSpace, createWorkbook, nameSheet } from "./testing/fixtures";
import { startTestServer, type TestServer } from "./testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

let server: TestServer;
let spaceId: string;
let workbookId: string;
let contactsId: string;
let looseId: string;

const events = (topic: string): Promise<Json[]> => server.allEvents({ spaceId, topic });

async function lastCommit(): Promise<Json> {
  const commits = await events("commit:created");
  return commits[commits.length - 1];
}

const errors = (record: Json, key: string) =>
  record.values[key].messages.filter((m: Json) => m.type === "error").map((m: Json) => m.message as string);

async function records(sheetId: string, query = ""): Promise<Json> {
  return server.ok("GET", `/sheets/${sheetId}/records${query ? `?${query}` : ""}`);
}

beforeAll(async () => {
  server = await startTestServer();
  spaceId = await createSpace(server, "Records");
  const workbook = await createWorkbook(server, spaceId, "People", [
    {
      name: "Contacts",
      fields: [
        { key: "name", label: "Name", type: "string", constraints: [{ type: "required" }] },
        { key: "email", label: "Email", type: "string", constraints: [{ type: "unique" }] },
        { key: "age", type: "number" },
        { key: "active", type: "boolean" },
        { key: "birthday", type: "date" },
        {
          key: "status",
          label: "Status",
          type: "enum",
          config: { options: [{ value: "lead" }, { value: "customer", label: "Customer" }] },
        },
      ],
    },
    nameSheet("Loose", { allowAdditionalFields: true }),
  ]);
  workbookId = workbook.id;
  contactsId = workbook.sheets[0].id;
  looseId = workbook.sheets[1].id;
});

afterAll(async () => {
  await server?.stop();
});

describe("record validation", () => {
  it("gives every field a cell and checks types, enum options and required; a bad value is invalid, not a 400", async () => {
    const response = await server.ok("POST", `/sheets/${contactsId}/records`, [
      {
        name: cell("Ada"),
        email: cell("ada@example.com"),
        age: cell(36),
        active: cell(true),
        birthday: cell("1815-12-10"),
        status: cell("customer"),
      },
      {
        name: cell(""),
        age: cell("old"),
        active: cell("yes"),
        birthday: cell("10/12/1815"),
        status: cell("vip"),
      },
    ]);
    expect(response.data.success).toBe(true);
    const [good, bad] = response.data.records;
    expect(good.id).toMatch(/^us_rc_/);
    expect(good.valid).toBe(true);
    expect(Object.keys(good.values).sort()).toEqual(["active", "age", "birthday", "email", "name", "status"]);
    expect(good.values.age).toEqual({ value: 36, valid: true, messages: [] });

    expect(bad.valid).toBe(false);
    expect(Object.keys(bad.values).sort()).toEqual(["active", "age", "birthday", "email", "name", "status"]);
    expect(errors(bad, "name")).toEqual(["Name is required"]);
    expect(errors(bad, "age")[0]).toMatch(/number/);
    expect(errors(bad, "active")[0]).toMatch(/true or false/);
    expect(errors(bad, "birthday")[0]).toMatch(/date/);
    expect(errors(bad, "status")[0]).toMatch(/one of lead, Customer/);
    expect(bad.values.email).toEqual({ valid: true, messages: [] });
    expect(bad.values.status.value).toBe("vip");
    expect(response.data.counts).toEqual({ total: 2, valid: 1, error: 1 });
  });

  it("refuses a key that is not a field (400, key <index>.<field>) and writes nothing", async () => {
    const before = await records(contactsId);
    const response = await server.call("POST", `/sheets/${contactsId}/records`, {
      body: [{ name: cell("Ok") }, { name: cell("Bob"), nickname: cell("B") }],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].key).toBe("1.nickname");
    expect((await records(contactsId)).data).toEqual(before.data);
  });

  it("keeps additional keys in a sheet that allows them", async () => {
    const [record] = (
      await server.ok("POST", `/sheets/${looseId}/records`, [{ name: cell("X"), extra: cell(42) }])
    ).data.records;
    expect(record.values.extra).toEqual({ value: 42, valid: true, messages: [] });
    expect(record.valid).toBe(true);
  });

  it("marks every record sharing a unique value, existing ones too, and clears them when fixed", async () => {
    const [ada] = (await records(contactsId, "searchValue=ada%40example.com")).data.records;
    const inserted = (
      await server.ok("POST", `/sheets/${contactsId}/records`, [
        { name: cell("Ada II"), email: cell(" ADA@example.com ") },
      ])
    ).data;
    const [twin] = inserted.records;
    expect(twin.valid).toBe(false);
    expect(errors(twin, "email")[0]).toMatch(/must be unique/);
    const adaNow = (await records(contactsId, `ids=${ada.id}`)).data.records[0];
    expect(adaNow.valid).toBe(false);
    expect(errors(adaNow, "email")[0]).toMatch(/must be unique/);
    expect(adaNow.values.name.value).toBe("Ada");

    const commit = await lastCommit();
    expect(commit.payload).toMatchObject({ inserted: 1, updated: 1, deleted: 0 });
    expect(commit.payload.recordIds).toEqual([twin.id, ada.id]);

    await server.ok("PUT", `/sheets/${contactsId}/records`, [
      { id: twin.id, values: { email: cell("ada2@example.com") } },
    ]);
    const [adaFixed, twinFixed] = (await records(contactsId, `ids=${ada.id}&ids=${twin.id}`)).data.records;
    expect(adaFixed.valid).toBe(true);
    expect(adaFixed.values.email.messages).toEqual([]);
    expect(twinFixed.valid).toBe(true);
    expect(twinFixed.values.name.value).toBe("Ada II");
  });

  it("clears a duplicate when one of the pair is deleted", async () => {
    const pair = (
      await server.ok("POST", `/sheets/${contactsId}/records`, [
        { name: cell("C1"), email: cell("c@example.com") },
        { name: cell("C2"), email: cell("c@example.com") },
      ])
    ).data.records;
    expect(pair.map((r: Json) => r.valid)).toEqual([false, false]);
    const deleted = await server.ok("DELETE", `/sheets/${contactsId}/records?ids=${pair[1].id}`);
    expect(deleted.data).toMatchObject({ success: true, deleted: 1 });
    const [left] = (await records(contactsId, `ids=${pair[0].id}`)).data.records;
    expect(left.valid).toBe(true);
    const commit = await lastCommit();
    expect(commit.payload).toMatchObject({ inserted: 0, updated: 1, deleted: 1 });
    expect(commit.payload.recordIds).toEqual([pair[1].id, pair[0].id]);
  });

  it("update keeps fields not named; an id that is not in the sheet is a 400 and changes nothing", async () => {
    const [ada] = (await records(contactsId, "searchField=name&searchValue=Ada&sortField=name")).data.records;
    const updated = (
      await server.ok("PUT", `/sheets/${contactsId}/records`, [
        { id: ada.id, values: { age: cell(37) }, metadata: { x: 1 } },
      ])
    ).data;
    expect(updated.records[0].values.age.value).toBe(37);
    expect(updated.records[0].values.name.value).toBe("Ada");
    expect(updated.records[0].metadata).toEqual({ x: 1 });
    expect(updated.counts.total).toBeGreaterThan(0);

    const before = await records(contactsId);
    const response = await server.call("PUT", `/sheets/${contactsId}/records`, {
      body: [
        { id: ada.id, values: { age: cell(99) } },
        { id: "us_rc_missing", values: { age: cell(1) } },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].key).toBe("1.id");
    expect((await records(contactsId)).data).toEqual(before.data);
  });
});

describe("commit:created", () => {
  it("carries the sheet's ids and slug, counts and record ids, and matches the filter { sheet: 'contacts' }", async () => {
    const inserted = (await server.ok("POST", `/sheets/${contactsId}/records`, [{ name: cell("Eve") }])).data
      .records;
    const commit = await lastCommit();
    expect(commit.domain).toBe("workbook");
    expect(commit.context).toMatchObject({
      spaceId,
      workbookId,
      sheetId: contactsId,
      sheetSlug: "contacts",
      slugs: { sheet: "contacts" },
    });
    expect(commit.payload).toMatchObject({
      sheetId: contactsId,
      inserted: 1,
      updated: 0,
      deleted: 0,
      recordIds: [inserted[0].id],
    });
    expect(filterMatches({ sheet: "contacts" }, commit)).toBe(true);

    await server.ok("POST", `/sheets/${looseId}/records`, [{ name: cell("L") }]);
    const loose = await lastCommit();
    expect(loose.context.sheetSlug).toBe("loose");
    expect(filterMatches({ sheet: "contacts" }, loose)).toBe(false);
  });
});

describe("reading records", () => {
  let sheetId: string;
  let ids: string[];

  beforeAll(async () => {
    const workbook = await createWorkbook(server, spaceId, "Read", [
      {
        name: "People",
        fields: [
          { key: "name", type: "string", constraints: [{ type: "required" }] },
          { key: "city", type: "string" },
          { key: "age", type: "number" },
        ],
      },
    ]);
    sheetId = workbook.sheets[0].id;
    const rows = [
      ["Ann", "Paris", 31],
      ["Bob", "Berlin", 25],
      ["", "Rome", 40],
      ["Dan", "Parma", 19],
      ["Eva", "Oslo", 52],
    ].map(([name, city, age]) => ({ name: cell(name), city: cell(city), age: cell(age) }));
    ids = (await server.ok("POST", `/sheets/${sheetId}/records`, rows)).data.records.map((r: Json) => r.id);
  });

  const names = (body: Json) => body.data.records.map((r: Json) => r.values.name.value);

  it("filters valid and error records", async () => {
    expect(names(await records(sheetId, "filter=valid"))).toEqual(["Ann", "Bob", "Dan", "Eva"]);
    const invalid = await records(sheetId, "filter=error");
    expect(invalid.data.records.map((r: Json) => r.values.city.value)).toEqual(["Rome"]);
    expect(invalid.pagination.totalCount).toBe(1);
    expect(invalid.data.counts).toEqual({ total: 5, valid: 4, error: 1 });
  });

  it("searches any field or one field, case-insensitively", async () => {
    expect(names(await records(sheetId, "searchValue=par"))).toEqual(["Ann", "Dan"]);
    expect(names(await records(sheetId, "searchValue=AN"))).toEqual(["Ann", "Dan"]);
    expect(names(await records(sheetId, "searchValue=an&searchField=city"))).toEqual([]);
    expect(names(await records(sheetId, "searchValue=a&searchField=name"))).toEqual(["Ann", "Dan", "Eva"]);
  });

  it("reads by ids, repeated or comma separated", async () => {
    const [a, , c] = ids;
    expect((await records(sheetId, `ids=${a}&ids=${c}`)).data.records.map((r: Json) => r.id)).toEqual([a, c]);
    expect((await records(sheetId, `ids=${a},${c}`)).data.records.map((r: Json) => r.id)).toEqual([a, c]);
  });

  it("sorts by a field and pages with pagination", async () => {
    expect(names(await records(sheetId, "sortField=age&sortDirection=desc"))).toEqual([
      "Eva",
      "",
      "Ann",
      "Bob",
      "Dan",
    ]);
    const page = await records(sheetId, "sortField=age&pageSize=2&pageNumber=2");
    expect(names(page)).toEqual(["Ann", ""]);
    expect(page.pagination).toEqual({ currentPage: 2, pageCount: 3, totalCount: 5 });
  });

  it("refuses an unknown sort or search field and a bad filter with 400", async () => {
    for (const [query, key] of [
      ["sortField=nope", "sortField"],
      ["searchField=nope&searchValue=x", "searchField"],
      ["filter=broken", "query.filter"],
      ["pageSize=0", "query.pageSize"],
    ] as const) {
      const response = await server.call("GET", `/sheets/${sheetId}/records?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.errors[0].key).toBe(key);
    }
  });

  it("answers the counts", async () => {
    expect((await server.ok("GET", `/sheets/${sheetId}/counts`)).data.counts).toEqual({
      total: 5,
      valid: 4,
      error: 1,
    });
    expect((await server.ok("GET", `/sheets/${sheetId}`)).data.recordCounts).toEqual({
      total: 5,
      valid: 4,
      error: 1,
    });
  });
});

describe("bulk", () => {
  it("inserts 10,000 records in one call, quickly, with unique values checked", async () => {
    const workbook = await createWorkbook(server, spaceId, "Bulk", [
      {
        name: "Big",
        fields: [
          { key: "email", type: "string", constraints: [{ type: "unique" }, { type: "required" }] },
          { key: "n", type: "number" },
          { key: "note", type: "string" },
        ],
      },
    ]);
    const sheetId = workbook.sheets[0].id;
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      email: cell(`user${i}@example.com`),
      n: cell(i),
      note: cell(`a note that makes the body a bit larger than it would be otherwise, number ${i}`),
    }));
    rows[9_999] = { ...rows[9_999], email: cell("user0@example.com") } as (typeof rows)[number];
    const body = JSON.stringify(rows);
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const started = performance.now();
    const response = await server.call("POST", `/sheets/${sheetId}/records`, { body: rows });
    const elapsed = performance.now() - started;
    expect(response.status, JSON.stringify(response.body).slice(0, 500)).toBe(200);
    expect(response.body.data.records).toHaveLength(10_000);
    expect(response.body.data.counts).toEqual({ total: 10_000, valid: 9_998, error: 2 });
    expect(elapsed).toBeLessThan(10_000);
    const commit = await lastCommit();
    expect(commit.payload.inserted).toBe(10_000);
    expect(commit.payload.recordIds).toHaveLength(1_000);
    expect(commit.payload.recordIdsTruncated).toBe(true);
    const page = await records(sheetId, "pageSize=10000&filter=error");
    expect(page.data.records.map((r: Json) => r.values.n.value)).toEqual([0, 9_999]);
  }, 60_000);
});

describe("a change of the sheet's fields", () => {
  it("validates the records again and publishes commit:created for those that changed", async () => {
    const workbook = await createWorkbook(server, spaceId, "Evolving", [
      {
        name: "Items",
        fields: [
          { key: "name", type: "string" },
          { key: "code", type: "string" },
        ],
      },
    ]);
    const sheetId = workbook.sheets[0].id;
    const inserted = (
      await server.ok("POST", `/sheets/${sheetId}/records`, [
        { name: cell("a"), code: cell("X") },
        { name: cell("b"), code: cell("x") },
        { name: cell("c") },
      ])
    ).data.records;
    expect(inserted.every((r: Json) => r.valid)).toBe(true);
    await server.ok("PATCH", `/workbooks/${workbook.id}`, {
      sheets: [
        {
          name: "Items",
          fields: [
            { key: "name", type: "string" },
            { key: "code", type: "string", constraints: [{ type: "required" }, { type: "unique" }] },
          ],
        },
      ],
    });
    const now = (await records(sheetId)).data;
    expect(now.records.map((r: Json) => r.valid)).toEqual([false, false, false]);
    expect(errors(now.records[0], "code")[0]).toMatch(/unique/);
    expect(errors(now.records[2], "code")[0]).toMatch(/required/);
    expect(now.counts).toEqual({ total: 3, valid: 0, error: 3 });
    const commit = await lastCommit();
    expect(commit.context.sheetId).toBe(sheetId);
    expect(commit.payload).toMatchObject({ inserted: 0, updated: 3, deleted: 0 });
  });
});

describe("body limits", () => {
  it("record writes read up to 32 MiB; more is a 413", async () => {
    const huge = JSON.stringify([{ name: cell("x".repeat(33 * 1024 * 1024)) }]);
    const response = await server.call("POST", `/sheets/${looseId}/records`, {
      rawBody: huge,
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(413);
    expect(response.body.errors[0].message).toMatch(/32768 KiB/);
  });
});

describe("Flatfile's client", () => {
  it("inserts, reads by ids, updates and deletes records through @flatfile/api", async () => {
    const api = new FlatfileClient({ apiUrl: server.baseUrl, token: server.secretKey });
    const inserted = await api.records.insert(looseId, [
      { name: { value: "F1" } },
      { name: { value: "F2" } },
      { name: { value: "F3" } },
    ]);
    const ids = (inserted.data.records ?? []).map((r) => r.id);
    expect(ids).toHaveLength(3);
    const got = await api.records.get(looseId, {
      ids: [ids[0] as string, ids[2] as string],
      includeCounts: true,
    });
    expect(got.data.records.map((r) => r.values.name?.value)).toEqual(["F1", "F3"]);
    // 1.9.19 types this answer as a `VersionResponse`; the records it carries pass through.
    const updated = await api.records.update(looseId, [
      { id: ids[1] as string, values: { name: { value: "F2b" } } },
    ]);
    expect((updated.data as unknown as Json).records[0].values.name.value).toBe("F2b");
    await api.records.delete(looseId, { ids: [ids[0] as string, ids[1] as string] });
    const left = await api.records.get(looseId, { ids: ids as string[] });
    expect(left.data.records.map((r) => r.id)).toEqual([ids[2]]);
  });
});
