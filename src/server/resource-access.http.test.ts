import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSpace, createWorkbook, nameSheet } from "./testing/fixtures";
import { startTestServer, type TestServer } from "./testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/**
 * The access rules for workbooks, sheets, records, documents and snapshots (spec "Access", and the decisions in
 * services/access.ts): every role reads what it can see (a user only its own space; the rest is 404); the space's
 * structure (workbooks, sheets, documents, deleting snapshots) is the secret key's (403 for operator and user
 * tokens); records may be written and snapshots created and restored by every role (a user in its own space).
 */

let server: TestServer;
let tokens: Record<Role, string | undefined>;

type Role = "secret" | "operator" | "user";
const ROLES: Role[] = ["secret", "operator", "user"];

/** Ids of two spaces' resources; the user token belongs to `own`. */
type World = {
  own: string;
  other: string;
  ownWorkbook: string;
  otherWorkbook: string;
  ownSheet: string;
  otherSheet: string;
  readonlySheet: string;
  ownRecord: string;
  otherRecord: string;
  ownDocument: string;
  otherDocument: string;
  ownSnapshot: string;
  otherSnapshot: string;
};
let w: World;

async function as(role: Role, method: string, path: string, body?: unknown) {
  return server.call(method, path, { body, token: tokens[role] });
}

async function makeSpace(name: string) {
  const space = await createSpace(server, name);
  const workbook = await createWorkbook(
    server,
    space,
    `${name} workbook`,
    [nameSheet("Contacts"), nameSheet("Frozen", { readonly: true })],
    { actions: [{ operation: "submit", label: "Submit" }] },
  );
  const sheet = workbook.sheets[0].id as string;
  const record = (await server.ok("POST", `/sheets/${sheet}/records`, [{ name: { value: "r" } }])).data
    .records[0].id;
  const document = (await server.ok("POST", `/spaces/${space}/documents`, { title: "Doc", body: "text" }))
    .data.id;
  const snapshot = (await server.ok("POST", "/snapshots", { sheetId: sheet })).data.id;
  return {
    space,
    workbook: workbook.id as string,
    sheet,
    readonly: workbook.sheets[1].id as string,
    record,
    document,
    snapshot,
  };
}

beforeAll(async () => {
  server = await startTestServer();
  const own = await makeSpace("Own");
  const other = await makeSpace("Other");
  w = {
    own: own.space,
    other: other.space,
    ownWorkbook: own.workbook,
    otherWorkbook: other.workbook,
    ownSheet: own.sheet,
    otherSheet: other.sheet,
    readonlySheet: own.readonly,
    ownRecord: own.record,
    otherRecord: other.record,
    ownDocument: own.document,
    otherDocument: other.document,
    ownSnapshot: own.snapshot,
    otherSnapshot: other.snapshot,
  };
  tokens = {
    secret: undefined,
    operator: await server.mintToken("operator"),
    user: await server.mintToken("user", w.own),
  };
});

afterAll(async () => {
  await server?.stop();
});

type Case = {
  name: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: (w: World) => string;
  body?: (w: World) => unknown;
  /** Expected status for secret key, operator, user. */
  expect: [number, number, number];
};

const READS: Case[] = [
  {
    name: "list own workbooks",
    method: "GET",
    path: (w) => `/workbooks?spaceId=${w.own}`,
    expect: [200, 200, 200],
  },
  {
    name: "list other workbooks",
    method: "GET",
    path: (w) => `/workbooks?spaceId=${w.other}`,
    expect: [200, 200, 404],
  },
  {
    name: "get own workbook",
    method: "GET",
    path: (w) => `/workbooks/${w.ownWorkbook}`,
    expect: [200, 200, 200],
  },
  {
    name: "get other workbook",
    method: "GET",
    path: (w) => `/workbooks/${w.otherWorkbook}`,
    expect: [200, 200, 404],
  },
  {
    name: "list own sheets",
    method: "GET",
    path: (w) => `/sheets?workbookId=${w.ownWorkbook}`,
    expect: [200, 200, 200],
  },
  {
    name: "list other sheets",
    method: "GET",
    path: (w) => `/sheets?workbookId=${w.otherWorkbook}`,
    expect: [200, 200, 404],
  },
  { name: "get own sheet", method: "GET", path: (w) => `/sheets/${w.ownSheet}`, expect: [200, 200, 200] },
  { name: "get other sheet", method: "GET", path: (w) => `/sheets/${w.otherSheet}`, expect: [200, 200, 404] },
  { name: "own counts", method: "GET", path: (w) => `/sheets/${w.ownSheet}/counts`, expect: [200, 200, 200] },
  {
    name: "other counts",
    method: "GET",
    path: (w) => `/sheets/${w.otherSheet}/counts`,
    expect: [200, 200, 404],
  },
  {
    name: "own records",
    method: "GET",
    path: (w) => `/sheets/${w.ownSheet}/records`,
    expect: [200, 200, 200],
  },
  {
    name: "other records",
    method: "GET",
    path: (w) => `/sheets/${w.otherSheet}/records`,
    expect: [200, 200, 404],
  },
  {
    name: "own documents",
    method: "GET",
    path: (w) => `/spaces/${w.own}/documents`,
    expect: [200, 200, 200],
  },
  {
    name: "other documents",
    method: "GET",
    path: (w) => `/spaces/${w.other}/documents`,
    expect: [200, 200, 404],
  },
  {
    name: "own document",
    method: "GET",
    path: (w) => `/spaces/${w.own}/documents/${w.ownDocument}`,
    expect: [200, 200, 200],
  },
  {
    name: "other document",
    method: "GET",
    path: (w) => `/spaces/${w.other}/documents/${w.otherDocument}`,
    expect: [200, 200, 404],
  },
  {
    name: "own snapshots",
    method: "GET",
    path: (w) => `/snapshots?sheetId=${w.ownSheet}`,
    expect: [200, 200, 200],
  },
  {
    name: "other snapshots",
    method: "GET",
    path: (w) => `/snapshots?sheetId=${w.otherSheet}`,
    expect: [200, 200, 404],
  },
  {
    name: "own snapshot",
    method: "GET",
    path: (w) => `/snapshots/${w.ownSnapshot}`,
    expect: [200, 200, 200],
  },
  {
    name: "other snapshot",
    method: "GET",
    path: (w) => `/snapshots/${w.otherSnapshot}`,
    expect: [200, 200, 404],
  },
  {
    name: "other snapshot records",
    method: "GET",
    path: (w) => `/snapshots/${w.otherSnapshot}/records`,
    expect: [200, 200, 404],
  },
  {
    name: "other snapshot diff",
    method: "GET",
    path: (w) => `/snapshots/${w.otherSnapshot}/diff`,
    expect: [200, 200, 404],
  },
];

/** Refusals only: a refused call changes nothing, so these may run in any order. */
const REFUSED_WRITES: Case[] = [
  {
    name: "create a workbook",
    method: "POST",
    path: () => "/workbooks",
    body: (w) => ({ name: "New", spaceId: w.own }),
    expect: [0, 403, 403],
  },
  {
    name: "update a workbook",
    method: "PATCH",
    path: (w) => `/workbooks/${w.ownWorkbook}`,
    body: () => ({ name: "Renamed", actions: [] }),
    expect: [0, 403, 403],
  },
  {
    name: "delete a workbook",
    method: "DELETE",
    path: (w) => `/workbooks/${w.ownWorkbook}`,
    expect: [0, 403, 403],
  },
  {
    name: "update a sheet",
    method: "PATCH",
    path: (w) => `/sheets/${w.ownSheet}`,
    body: () => ({ name: "Renamed" }),
    expect: [0, 403, 403],
  },
  { name: "delete a sheet", method: "DELETE", path: (w) => `/sheets/${w.ownSheet}`, expect: [0, 403, 403] },
  {
    name: "create a document",
    method: "POST",
    path: (w) => `/spaces/${w.own}/documents`,
    body: () => ({ title: "New", body: "" }),
    expect: [0, 403, 403],
  },
  {
    name: "update a document",
    method: "PATCH",
    path: (w) => `/spaces/${w.own}/documents/${w.ownDocument}`,
    body: () => ({ title: "Renamed" }),
    expect: [0, 403, 403],
  },
  {
    name: "delete a document",
    method: "DELETE",
    path: (w) => `/spaces/${w.own}/documents/${w.ownDocument}`,
    expect: [0, 403, 403],
  },
  {
    name: "delete a snapshot",
    method: "DELETE",
    path: (w) => `/snapshots/${w.ownSnapshot}`,
    expect: [0, 403, 403],
  },
  {
    name: "insert into a read-only sheet",
    method: "POST",
    path: (w) => `/sheets/${w.readonlySheet}/records`,
    body: () => [{ name: { value: "x" } }],
    expect: [0, 403, 403],
  },
  {
    name: "insert into another space's sheet",
    method: "POST",
    path: (w) => `/sheets/${w.otherSheet}/records`,
    body: () => [{ name: { value: "x" } }],
    expect: [0, 0, 404],
  },
  {
    name: "update another space's records",
    method: "PUT",
    path: (w) => `/sheets/${w.otherSheet}/records`,
    body: (w) => [{ id: w.otherRecord, values: { name: { value: "x" } } }],
    expect: [0, 0, 404],
  },
  {
    name: "delete another space's records",
    method: "DELETE",
    path: (w) => `/sheets/${w.otherSheet}/records?ids=${w.otherRecord}`,
    expect: [0, 0, 404],
  },
  {
    name: "restore another space's snapshot",
    method: "POST",
    path: (w) => `/snapshots/${w.otherSnapshot}/restore`,
    expect: [0, 0, 404],
  },
  {
    name: "snapshot another space's sheet (the sheet is not found)",
    method: "POST",
    path: () => "/snapshots",
    body: (w) => ({ sheetId: w.otherSheet }),
    expect: [0, 0, 400],
  },
];

/** Everything a token can read, to show that refused calls changed nothing. */
async function state(): Promise<string> {
  const parts: unknown[] = [];
  for (const space of [w.own, w.other]) {
    parts.push((await server.ok("GET", `/workbooks?spaceId=${space}`)).data);
    parts.push((await server.ok("GET", `/spaces/${space}/documents`)).data);
  }
  for (const sheet of [w.ownSheet, w.otherSheet, w.readonlySheet]) {
    parts.push((await server.ok("GET", `/sheets/${sheet}/records`)).data);
    parts.push((await server.ok("GET", `/snapshots?sheetId=${sheet}`)).data);
  }
  parts.push((await server.ok("GET", `/events?pageSize=1000`)).pagination.totalCount);
  return JSON.stringify(parts);
}

describe("reads", () => {
  for (const c of READS) {
    it(`${c.name}: ${c.expect.join("/")}`, async () => {
      for (const [i, role] of ROLES.entries()) {
        const response = await as(role, c.method, c.path(w), c.body?.(w));
        expect(response.status, `${role}: ${JSON.stringify(response.body).slice(0, 200)}`).toBe(c.expect[i]);
      }
    });
  }

  it("a user's workbook list is its own space's, with or without spaceId", async () => {
    const listed = await as("user", "GET", "/workbooks");
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((wb: Json) => wb.spaceId)).toEqual([w.own]);
    const all = await as("operator", "GET", "/workbooks");
    expect(all.body.data.map((wb: Json) => wb.spaceId).sort()).toEqual([w.own, w.other].sort());
  });
});

describe("refused writes", () => {
  for (const c of REFUSED_WRITES) {
    it(`${c.name}: ${c.expect.map((s) => s || "-").join("/")}`, async () => {
      const before = await state();
      for (const [i, role] of ROLES.entries()) {
        if (!c.expect[i]) continue;
        const response = await as(role, c.method, c.path(w), c.body?.(w));
        expect(response.status, `${role}: ${JSON.stringify(response.body).slice(0, 200)}`).toBe(c.expect[i]);
        expect(response.body.errors[0].message.length).toBeGreaterThan(0);
      }
      expect(await state()).toBe(before);
    });
  }
});

describe("allowed writes", () => {
  it("operator and user tokens insert, update and delete records of the user's space", async () => {
    for (const role of ["operator", "user"] as const) {
      const inserted = await as(role, "POST", `/sheets/${w.ownSheet}/records`, [{ name: { value: role } }]);
      expect(inserted.status, JSON.stringify(inserted.body)).toBe(200);
      const id = inserted.body.data.records[0].id;
      const updated = await as(role, "PUT", `/sheets/${w.ownSheet}/records`, [
        { id, values: { name: { value: `${role}!` } } },
      ]);
      expect(updated.status).toBe(200);
      expect(updated.body.data.records[0].values.name.value).toBe(`${role}!`);
      const deleted = await as(role, "DELETE", `/sheets/${w.ownSheet}/records?ids=${id}`);
      expect(deleted.status).toBe(200);
      expect(deleted.body.data.deleted).toBe(1);
    }
  });

  it("operator and user tokens create and restore snapshots of the user's space", async () => {
    for (const role of ["operator", "user"] as const) {
      const created = await as(role, "POST", "/snapshots", { sheetId: w.ownSheet });
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      expect(created.body.data.createdBy).toBeTruthy();
      const restored = await as(role, "POST", `/snapshots/${created.body.data.id}/restore`);
      expect(restored.status).toBe(200);
    }
  });

  it("the secret key changes the structure", async () => {
    const created = await as("secret", "POST", "/workbooks", { name: "Extra", spaceId: w.own });
    expect(created.status).toBe(200);
    expect((await as("secret", "DELETE", `/workbooks/${created.body.data.id}`)).status).toBe(200);
    const record = await as("secret", "POST", `/sheets/${w.readonlySheet}/records`, [
      { name: { value: "ok" } },
    ]);
    expect(record.status).toBe(200);
  });
});
