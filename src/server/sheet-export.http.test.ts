import { FlatfileClient } from "@flatfile/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cell, createSpace, createWorkbook } from "./testing/fixtures";
import { startTestServer, type TestServer } from "./testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

let server: TestServer;
let spaceId: string;
let sheetId: string;
let bigId: string;
let ids: string[];

const NOTE = 'Note, "quoted"';
const HEADER = `Full name,E-mail,age,Active,"Note, ""quoted"""\r\n`;
const LINES = [
  "Ann,ann@example.com,36,true,plain\r\n",
  'Bob,bob@example.com,41,false,"says ""hi"", then leaves"\r\n',
  ',cy@example.com,29,,"line one\nline two"\r\n',
  'Dan,dan@example.com,old,,"  padded"\r\n',
  'Eva,,,,"trailing "\r\n',
];

async function counts(query = "", token?: string): Promise<Json> {
  return (await server.ok("GET", `/sheets/${sheetId}/counts${query ? `?${query}` : ""}`, undefined, token))
    .data.counts;
}

async function download(id: string, query = "", token?: string): Promise<Response> {
  return fetch(`${server.baseUrl}/v1/sheets/${id}/download${query ? `?${query}` : ""}`, {
    headers: { authorization: `Bearer ${token ?? server.secretKey}` },
  });
}

async function csv(query = ""): Promise<string> {
  const response = await download(sheetId, query);
  expect(response.status).toBe(200);
  return response.text();
}

beforeAll(async () => {
  server = await startTestServer();
  spaceId = await createSpace(server, "Export");
  const workbook = await createWorkbook(server, spaceId, "People", [
    {
      name: "Contacts",
      fields: [
        { key: "name", label: "Full name", type: "string", constraints: [{ type: "required" }] },
        { key: "email", label: "E-mail", type: "string", constraints: [{ type: "unique" }] },
        { key: "age", type: "number" },
        { key: "active", label: "Active", type: "boolean" },
        { key: "note", label: NOTE, type: "string" },
      ],
    },
    { name: "Big", fields: [{ key: "n", type: "number" }] },
  ]);
  sheetId = workbook.sheets[0].id;
  bigId = workbook.sheets[1].id;
  const inserted = await server.ok("POST", `/sheets/${sheetId}/records`, [
    {
      name: cell("Ann"),
      email: cell("ann@example.com"),
      age: cell(36),
      active: cell(true),
      note: cell("plain"),
    },
    {
      name: cell("Bob"),
      email: cell("bob@example.com"),
      age: cell(41),
      active: cell(false),
      note: cell('says "hi", then leaves'),
    },
    { email: cell("cy@example.com"), age: cell(29), note: cell("line one\nline two") },
    { name: cell("Dan"), email: cell("dan@example.com"), age: cell("old"), note: cell("  padded") },
    { name: cell("Eva"), email: cell(null), age: cell(null), note: cell("trailing ") },
  ]);
  ids = inserted.data.records.map((r: Json) => r.id);
  expect(inserted.data.counts).toEqual({ total: 5, valid: 3, error: 2 });
});

afterAll(async () => {
  await server?.stop();
});

describe("GET /sheets/{id}/counts", () => {
  it("counts the whole sheet without a query", async () => {
    expect(await counts()).toEqual({ total: 5, valid: 3, error: 2 });
  });

  it("counts what filter, search and ids select", async () => {
    expect(await counts("filter=valid")).toEqual({ total: 3, valid: 3, error: 0 });
    expect(await counts("filter=error")).toEqual({ total: 2, valid: 0, error: 2 });
    expect(await counts("searchValue=EXAMPLE.com")).toEqual({ total: 4, valid: 2, error: 2 });
    expect(await counts("searchValue=an&searchField=name")).toEqual({ total: 2, valid: 1, error: 1 });
    expect(await counts("searchValue=padded&searchField=name")).toEqual({ total: 0, valid: 0, error: 0 });
    expect(await counts("filter=error&searchValue=dan")).toEqual({ total: 1, valid: 0, error: 1 });
    expect(await counts(`ids=${ids[0]},${ids[3]}`)).toEqual({ total: 2, valid: 1, error: 1 });
    expect(await counts(`ids=${ids[0]}&ids=${ids[1]}&filter=valid`)).toEqual({
      total: 2,
      valid: 2,
      error: 0,
    });
  });

  it("counts one field's cells with filterField", async () => {
    expect(await counts("filterField=age")).toEqual({ total: 5, valid: 4, error: 1 });
    expect(await counts("filter=error&filterField=age")).toEqual({ total: 1, valid: 0, error: 1 });
    expect(await counts("filter=valid&filterField=name")).toEqual({ total: 4, valid: 4, error: 0 });
    expect(await counts("filter=error&filterField=email")).toEqual({ total: 0, valid: 0, error: 0 });
  });

  it("refuses a searchField or filterField that is not a field (400)", async () => {
    for (const [query, key] of [
      ["searchValue=x&searchField=nope", "searchField"],
      ["filterField=nope", "filterField"],
      ["filter=none", "query.filter"],
    ] as const) {
      const response = await server.call("GET", `/sheets/${sheetId}/counts?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.errors[0].key, query).toBe(key);
    }
  });

  it("keeps the record list's counts the sheet's, or the selection's with includeLength", async () => {
    const plain = await server.ok("GET", `/sheets/${sheetId}/records?filter=error`);
    expect(plain.data.counts).toEqual({ total: 5, valid: 3, error: 2 });
    const length = await server.ok(
      "GET",
      `/sheets/${sheetId}/records?filter=error&includeLength=true&pageSize=1`,
    );
    expect(length.data.counts).toEqual({ total: 2, valid: 0, error: 2 });
    expect(length.pagination.totalCount).toBe(2);
    expect(length.data.records).toHaveLength(1);
  });
});

describe("GET /sheets/{id}/download", () => {
  it("streams the sheet as RFC 4180 CSV with a header of labels", async () => {
    const response = await download(sheetId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="Contacts\.csv"/);
    expect(response.headers.get("content-length")).toBeNull();
    expect(await response.text()).toBe(HEADER + LINES.join(""));
  });

  it("writes the chosen fields in their order", async () => {
    expect(await csv("fields=note,name")).toBe(
      `"Note, ""quoted""",Full name\r\nplain,Ann\r\n"says ""hi"", then leaves",Bob\r\n` +
        `"line one\nline two",\r\n"  padded",Dan\r\n"trailing ",Eva\r\n`,
    );
    expect(await csv("fields=age&fields=name&filter=valid")).toBe(
      "age,Full name\r\n36,Ann\r\n41,Bob\r\n,Eva\r\n",
    );
  });

  it("filters, searches, selects ids and sorts", async () => {
    expect(await csv("filter=error")).toBe(HEADER + LINES[2] + LINES[3]);
    expect(await csv("filter=error&filterField=age")).toBe(HEADER + LINES[3]);
    expect(await csv("filter=valid&filterField=name&fields=name")).toBe(
      "Full name\r\nAnn\r\nBob\r\nDan\r\nEva\r\n",
    );
    expect(await csv("searchValue=bob")).toBe(HEADER + LINES[1]);
    expect(await csv("searchValue=an&searchField=name")).toBe(HEADER + LINES[0] + LINES[3]);
    expect(await csv(`ids=${ids[4]},${ids[1]}`)).toBe(HEADER + LINES[1] + LINES[4]);
    expect(await csv("filter=valid&sortField=name&sortDirection=desc&fields=name")).toBe(
      "Full name\r\nEva\r\nBob\r\nAnn\r\n",
    );
    // Empty values sort first, then numbers.
    expect(await csv("filter=valid&sortField=age&fields=name")).toBe("Full name\r\nEva\r\nAnn\r\nBob\r\n");
  });

  it("starts with a UTF-8 byte order mark when asked", async () => {
    const bytes = new Uint8Array(
      await (await download(sheetId, "bom=true&fields=name&filter=error")).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)).toBe(
      "\ufeffFull name\r\n\r\nDan\r\n",
    );
    const plain = new Uint8Array(await (await download(sheetId, "fields=name&filter=error")).arrayBuffer());
    expect(plain[0]).toBe("F".charCodeAt(0));
  });

  it("refuses a field that is not a field of the sheet (400)", async () => {
    for (const [query, key] of [
      ["fields=name,nope", "fields"],
      ["sortField=nope", "sortField"],
      ["searchValue=x&searchField=nope", "searchField"],
      ["filter=error&filterField=nope", "filterField"],
    ] as const) {
      const response = await download(sheetId, query);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as Json).errors[0].key, query).toBe(key);
    }
  });

  it("is open to a user of the sheet's space, and a 404 for a user of another space", async () => {
    const own = await download(sheetId, "fields=name&filter=valid", await server.mintToken("user", spaceId));
    expect(own.status).toBe(200);
    expect(await own.text()).toBe("Full name\r\nAnn\r\nBob\r\nEva\r\n");
    const otherSpace = await createSpace(server, "Elsewhere");
    const other = await download(sheetId, "", await server.mintToken("user", otherSpace));
    expect(other.status).toBe(404);
    expect((await download("us_sh_doesnotexist")).status).toBe(404);
  });

  it("sends 2,500 records complete over several pages, in order and sorted", async () => {
    const rows = Array.from({ length: 2_500 }, (_, i) => ({ n: cell(i) }));
    await server.ok("POST", `/sheets/${bigId}/records`, rows);
    const numbers = async (query: string) => {
      const response = await download(bigId, query);
      expect(response.status).toBe(200);
      const lines = (await response.text()).split("\r\n");
      expect(lines.shift()).toBe("n");
      expect(lines.pop()).toBe("");
      return lines.map(Number);
    };
    const ascending = Array.from({ length: 2_500 }, (_, i) => i);
    expect(await numbers("")).toEqual(ascending);
    expect(await numbers("sortField=n&sortDirection=desc")).toEqual([...ascending].reverse());
    expect(await numbers("filter=valid")).toEqual(ascending);
  });

  it("answers Flatfile's client: sheets.getRecordCounts and sheets.getRecordsAsCsv", async () => {
    const api = new FlatfileClient({ apiUrl: server.baseUrl, token: server.secretKey });
    const counted = await api.sheets.getRecordCounts(sheetId, { filter: "error", filterField: "age" });
    expect(counted.data.counts).toMatchObject({ total: 1, valid: 0, error: 1 });
    expect((await api.sheets.getRecordCounts(sheetId, { searchValue: "bob" })).data.counts).toMatchObject({
      total: 1,
      valid: 1,
      error: 0,
    });
    const body: unknown = await api.sheets.getRecordsAsCsv(sheetId, {
      filter: "error",
      sortField: "email",
      sortDirection: "desc",
    });
    // The client answers the body as it streams: a Node stream here (a web stream in browsers).
    const chunks: Uint8Array[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString("utf8");
    expect(text).toBe(HEADER + LINES[3] + LINES[2]);
  });
});
