import { FlatfileClient } from "@flatfile/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectApiError, startFlatfileTestServer } from "../../testing/flatfile-env";
import { cell, createSpace, createWorkbook } from "../../testing/fixtures";
import type { TestServer } from "../../testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

let server: TestServer;
let api: FlatfileClient;
let sheetId: string;
let ids: string[];
let userToken: string;
let strangerToken: string;

/** 25 people: "person 1" .. "person 25", age = the number, odd numbers without an email (required: invalid). */
const PEOPLE = Array.from({ length: 25 }, (_, i) => ({
  name: cell(`person ${i + 1}`),
  age: cell(i + 1),
  ...(i % 2 === 0 ? {} : { email: cell(`p${i + 1}@example.com`) }),
}));

const UPPERCASE_EVEN = `(record) => {
  if (record.values.age.value % 2 === 0) record.values.name.value = record.values.name.value.toUpperCase();
  return record;
}`;

async function records(): Promise<Json[]> {
  return (await server.ok("GET", `/sheets/${sheetId}/records?pageSize=100`)).data.records;
}

function preview(body: unknown, token?: string) {
  return server.call("POST", "/jobs/preview-mutation", { body, token });
}

beforeAll(async () => {
  server = await startFlatfileTestServer();
  api = new FlatfileClient();
  const spaceId = await createSpace(server, "Mutations");
  const workbook = await createWorkbook(server, spaceId, "People", [
    {
      name: "Contacts",
      fields: [
        { key: "name", type: "string" },
        { key: "age", type: "number" },
        { key: "email", type: "string", constraints: [{ type: "required" }] },
      ],
    },
  ]);
  sheetId = workbook.sheets[0].id;
  const inserted = await server.ok("POST", `/sheets/${sheetId}/records`, PEOPLE);
  ids = inserted.data.records.map((r: Json) => r.id);
  userToken = await server.mintToken("user", spaceId);
  strangerToken = await server.mintToken("user", await createSpace(server, "Elsewhere"));
});

afterAll(async () => {
  await server.stop();
});

describe("POST /v1/jobs/preview-mutation", () => {
  it("answers the first 10 changed records through @flatfile/api's jobs.previewMutation, writing nothing", async () => {
    const before = await records();
    const { data } = await api.jobs.previewMutation({ sheetId, mutateRecord: UPPERCASE_EVEN });
    expect(data.map((r) => r.id)).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19].map((i) => ids[i]));
    expect(data[0]).toEqual({
      id: ids[1],
      values: { name: { value: "PERSON 2", snapshotValue: "person 2", valid: true, messages: [] } },
    });
    expect(await records()).toEqual(before);
  });

  it("covers the selection by Flatfile's rule: ids include without a filter, exclude with one", async () => {
    const { data: only } = await api.jobs.previewMutation({
      sheetId,
      mutateRecord: UPPERCASE_EVEN,
      ids: [ids[0] as string, ids[1] as string, ids[3] as string],
    });
    expect(only.map((r) => r.id)).toEqual([ids[1], ids[3]]);
    // valid: the records with an email, the even ages; ids then leave records out.
    const { data: valid } = await api.jobs.previewMutation({
      sheetId,
      mutateRecord: UPPERCASE_EVEN,
      filter: "valid",
      ids: [ids[1] as string],
    });
    expect(valid.map((r) => r.id)).toEqual([3, 5, 7, 9, 11, 13, 15, 17, 19, 21].map((i) => ids[i]));
  });

  it("shows each new value's validation", async () => {
    const { body, status } = await preview({
      sheetId,
      bulkEdit: { fieldKey: "email", op: "clear" },
      ids: [ids[1]],
    });
    expect(status).toBe(200);
    expect(body.data).toEqual([
      {
        id: ids[1],
        values: {
          email: {
            value: null,
            snapshotValue: "p2@example.com",
            valid: false,
            messages: [expect.objectContaining({ type: "error" })],
          },
        },
      },
    ]);
  });

  it("lets a user preview a bulk edit in its own space, never code, never another space's sheet", async () => {
    const bulkEdit = { fieldKey: "name", op: "capitalize" };
    const own = await preview({ sheetId, bulkEdit, searchValue: "person 1" }, userToken);
    expect(own.status).toBe(200);
    expect(own.body.data[0].values.name).toMatchObject({ value: "Person 1", snapshotValue: "person 1" });
    expect(own.body.data).toHaveLength(10); // person 1, 10..19 minus one: the first ten that match
    expect((await preview({ sheetId, mutateRecord: UPPERCASE_EVEN }, userToken)).status).toBe(403);
    expect((await preview({ sheetId, bulkEdit }, strangerToken)).status).toBe(404);
  });

  it("answers 400 with the reason for a function that fails, and the server stays responsive", async () => {
    const loop = await expectApiError(
      () => api.jobs.previewMutation({ sheetId, mutateRecord: "(record) => { for (;;) {} }" }),
      400,
    );
    expect(JSON.stringify(loop.body)).toMatch(new RegExp(`took longer than 100 ms on record ${ids[0]}`));
    expect((await server.call("GET", "/health")).status).toBe(200);
    const thrown = await preview({ sheetId, mutateRecord: `(r) => { throw new Error("nope") }` });
    expect(thrown.status).toBe(400);
    expect(thrown.body.errors[0].message).toBe(`mutateRecord threw on record ${ids[0]}: Error: nope`);
    const escape = await preview({ sheetId, mutateRecord: `(r) => { require("fs"); return r }` });
    expect(escape.status).toBe(400);
    expect(escape.body.errors[0].message).toMatch(/ReferenceError: .*require/);
  });

  it.each([
    [
      "a bulk edit of a field that does not exist",
      { bulkEdit: { fieldKey: "phone", op: "clear" } },
      /phone\\" is not a field of sheet Contacts/,
    ],
    [
      "both code and a bulk edit",
      { mutateRecord: "(r) => r", bulkEdit: { fieldKey: "name", op: "clear" } },
      /either/,
    ],
    ["neither", {}, /either/],
    [
      "a query in Flatfile's language",
      { bulkEdit: { fieldKey: "name", op: "trim" }, q: "name like x" },
      /not supported/,
    ],
    [
      "a search field that does not exist",
      { bulkEdit: { fieldKey: "name", op: "trim" }, searchField: "nope" },
      /nope\\" is not a field of sheet Contacts/,
    ],
  ])("answers 400 for %s", async (_, config, message) => {
    const { status, body } = await preview({ sheetId, ...config });
    expect(status).toBe(400);
    expect(JSON.stringify(body.errors)).toMatch(message);
  });
});
