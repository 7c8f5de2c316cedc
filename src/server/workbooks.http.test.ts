import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filterMatches } from "../core";
import { connectSse } from "./testing/sse-client";
import { CONTACT_FIELDS, createSpace, createWorkbook, nameSheet } from "./testing/fixtures";
import { startTestServer, type TestServer } from "./testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

let server: TestServer;
let spaceId: string;

/** Events of the space with this topic, oldest first. */
const events = (topic: string): Promise<Json[]> => server.allEvents({ spaceId, topic });

const contacts = {
  name: "Contacts",
  fields: CONTACT_FIELDS,
  actions: [{ operation: "dedupe", label: "Dedupe" }],
};
const companies = nameSheet("Companies", { slug: "companies" });
const workbookActions = [
  { operation: "submit", label: "Submit", mode: "foreground", primary: true },
  { operation: "export", label: "Export" },
  { operation: "archive", label: "Archive" },
];

beforeAll(async () => {
  server = await startTestServer();
  spaceId = await createSpace(server, "Workbooks");
});

afterAll(async () => {
  await server?.stop();
});

describe("workbooks", () => {
  let workbook: Json;

  it("creates a workbook with its sheets, slugs and counts, and publishes workbook:created and sheet:created", async () => {
    workbook = (
      await server.ok("POST", "/workbooks", {
        name: "CRM",
        spaceId,
        labels: ["primary"],
        sheets: [contacts, companies],
        actions: workbookActions,
        metadata: { team: "sales" },
      })
    ).data;
    expect(workbook.id).toMatch(/^us_wb_/);
    expect(workbook).toMatchObject({
      name: "CRM",
      spaceId,
      labels: ["primary"],
      metadata: { team: "sales" },
    });
    expect(workbook.actions.map((a: Json) => a.operation)).toEqual(["submit", "export", "archive"]);
    expect(workbook.sheets).toHaveLength(2);
    const [sheet, other] = workbook.sheets;
    expect(sheet.id).toMatch(/^us_sh_/);
    expect(sheet).toMatchObject({ name: "Contacts", slug: "contacts", workbookId: workbook.id, spaceId });
    expect(sheet.config.slug).toBe("contacts");
    expect(sheet.config.actions[0].operation).toBe("dedupe");
    expect(sheet.recordCounts).toEqual({ total: 0, valid: 0, error: 0 });
    expect(other.slug).toBe("companies");

    const [created] = await events("workbook:created");
    expect(created.domain).toBe("workbook");
    expect(created.context).toMatchObject({ spaceId, workbookId: workbook.id });
    expect(created.payload).toMatchObject({ name: "CRM", sheetIds: [sheet.id, other.id] });
    const sheetEvents = await events("sheet:created");
    expect(sheetEvents.map((e) => e.context.sheetSlug)).toEqual(["contacts", "companies"]);
    expect(sheetEvents[0].context).toMatchObject({
      spaceId,
      workbookId: workbook.id,
      sheetId: sheet.id,
      slugs: { sheet: "contacts" },
    });
    expect(filterMatches({ sheet: "contacts" }, sheetEvents[0])).toBe(true);
    expect(filterMatches({ sheet: "contacts" }, sheetEvents[1])).toBe(false);
  });

  it("lists (paged, by space), gets, and lists sheets", async () => {
    const second = (await server.ok("POST", "/workbooks", { name: "Second", spaceId })).data;
    const list = await server.ok("GET", `/workbooks?spaceId=${spaceId}`);
    expect(list.data.map((w: Json) => w.id)).toEqual([workbook.id, second.id]);
    expect(list.pagination).toEqual({ currentPage: 1, pageCount: 1, totalCount: 2 });
    const page2 = await server.ok("GET", `/workbooks?spaceId=${spaceId}&pageSize=1&pageNumber=2`);
    expect(page2.data.map((w: Json) => w.id)).toEqual([second.id]);
    expect(page2.pagination).toEqual({ currentPage: 2, pageCount: 2, totalCount: 2 });

    const got = (await server.ok("GET", `/workbooks/${workbook.id}`)).data;
    expect(got.sheets.map((s: Json) => s.slug)).toEqual(["contacts", "companies"]);
    const sheets = (await server.ok("GET", `/sheets?workbookId=${workbook.id}`)).data;
    expect(sheets.map((s: Json) => s.id)).toEqual(workbook.sheets.map((s: Json) => s.id));
    const sheet = (await server.ok("GET", `/sheets/${sheets[0].id}`)).data;
    expect(sheet.config.fields.map((f: Json) => f.key)).toEqual(["name", "email"]);
    expect((await server.ok("GET", `/sheets/${sheets[0].id}/counts`)).data).toEqual({
      success: true,
      counts: { total: 0, valid: 0, error: 0 },
    });
    expect((await server.call("GET", "/workbooks/us_wb_missing")).status).toBe(404);
    expect((await server.call("GET", "/sheets/us_sh_missing")).status).toBe(404);
    expect((await server.call("GET", "/sheets?workbookId=us_wb_missing")).status).toBe(404);
    await server.ok("DELETE", `/workbooks/${second.id}`);
  });

  it("publishes action:created|updated|deleted by operation when a workbook's actions change", async () => {
    const updated = (
      await server.ok("PATCH", `/workbooks/${workbook.id}`, {
        name: "CRM 2",
        actions: [
          { operation: "submit", label: "Submit", mode: "foreground", primary: true },
          { operation: "export", label: "Export as CSV" },
          { operation: "publish", label: "Publish", mode: "toolbarBlocking" },
        ],
      })
    ).data;
    expect(updated.name).toBe("CRM 2");
    expect(updated.sheets).toHaveLength(2);
    const [wbUpdated] = await events("workbook:updated");
    expect(wbUpdated.context).toMatchObject({ spaceId, workbookId: workbook.id });
    expect(wbUpdated.payload.changed).toEqual(expect.arrayContaining(["name", "actions"]));
    const actionEvents = await events("action:*");
    const byTopic = Object.fromEntries(actionEvents.map((e) => [e.topic, e]));
    expect(actionEvents.map((e) => `${e.topic} ${e.context.actionName}`).sort()).toEqual([
      "action:created publish",
      "action:deleted archive",
      "action:updated export",
    ]);
    expect(byTopic["action:created"].context).toMatchObject({ spaceId, workbookId: workbook.id });
    expect(byTopic["action:created"].domain).toBe("workbook");
    expect(byTopic["action:created"].payload.action).toMatchObject({
      operation: "publish",
      mode: "toolbarBlocking",
    });
    expect(byTopic["action:updated"].payload.action.label).toBe("Export as CSV");
  });

  it("updates sheets by slug through the workbook: a known slug is updated, a new slug adds a sheet", async () => {
    const before = await events("sheet:*");
    const updated = (
      await server.ok("PATCH", `/workbooks/${workbook.id}`, {
        sheets: [
          { ...contacts, fields: [...contacts.fields, { key: "age", type: "number" }] },
          { name: "Deals", fields: [{ key: "amount", type: "number" }] },
        ],
      })
    ).data;
    expect(updated.sheets.map((s: Json) => s.slug)).toEqual(["contacts", "companies", "deals"]);
    expect(updated.sheets[0].id).toBe(workbook.sheets[0].id);
    expect(updated.sheets[0].config.fields.map((f: Json) => f.key)).toEqual(["name", "email", "age"]);
    const after = (await events("sheet:*")).slice(before.length);
    expect(after.map((e) => `${e.topic} ${e.context.sheetSlug}`)).toEqual([
      "sheet:updated contacts",
      "sheet:created deals",
    ]);
  });

  it("updates a sheet's name, slug and actions with sheet:updated and action events; a slug taken is 400", async () => {
    const [sheet, other] = workbook.sheets;
    const renamed = (
      await server.ok("PATCH", `/sheets/${other.id}`, {
        name: "Accounts",
        slug: "accounts",
        actions: [{ operation: "enrich", label: "Enrich" }],
      })
    ).data;
    expect(renamed).toMatchObject({ name: "Accounts", slug: "accounts" });
    expect(renamed.config).toMatchObject({ name: "Accounts", slug: "accounts" });
    const updates = await events("sheet:updated");
    const last = updates[updates.length - 1];
    expect(last.context).toMatchObject({
      sheetId: other.id,
      sheetSlug: "accounts",
      slugs: { sheet: "accounts" },
    });
    const actionCreated = (await events("action:created")).find((e) => e.context.actionName === "enrich");
    expect(actionCreated.domain).toBe("sheet");
    expect(actionCreated.context).toMatchObject({ sheetId: other.id, workbookId: workbook.id });

    const taken = await server.call("PATCH", `/sheets/${other.id}`, { body: { slug: sheet.slug } });
    expect(taken.status).toBe(400);
    expect(taken.body.errors[0].key).toBe("slug");
    expect((await server.ok("GET", `/sheets/${other.id}`)).data.slug).toBe("accounts");
  });

  it("deletes a sheet and then the workbook, with sheet:deleted and workbook:deleted", async () => {
    const sheets = (await server.ok("GET", `/sheets?workbookId=${workbook.id}`)).data;
    const deals = sheets.find((s: Json) => s.slug === "deals");
    expect((await server.ok("DELETE", `/sheets/${deals.id}`)).data).toEqual({ success: true });
    expect((await server.call("GET", `/sheets/${deals.id}`)).status).toBe(404);
    expect((await events("sheet:deleted")).map((e) => e.context.sheetSlug)).toEqual(["deals"]);

    expect((await server.ok("DELETE", `/workbooks/${workbook.id}`)).data).toEqual({ success: true });
    expect((await server.call("GET", `/workbooks/${workbook.id}`)).status).toBe(404);
    expect((await server.call("GET", `/sheets/${sheets[0].id}`)).status).toBe(404);
    const deleted = await events("workbook:deleted");
    expect(deleted.map((e) => e.context.workbookId)).toContain(workbook.id);
    expect((await events("sheet:deleted")).map((e) => e.context.sheetSlug)).toEqual(
      expect.arrayContaining(["contacts", "accounts"]),
    );
  });

  it("streams workbook events to a subscriber of the space", async () => {
    const stream = await connectSse(`${server.baseUrl}/v1/events/stream`, {
      token: server.secretKey,
      query: { spaceId, topic: "workbook:*" },
    });
    try {
      const created = (await server.ok("POST", "/workbooks", { name: "Live", spaceId })).data;
      await stream.waitFor(
        (c) => c.events<Json>().some((e) => e.data.context.workbookId === created.id),
        5_000,
        "workbook:created",
      );
      const [event] = stream.events<Json>().filter((e) => e.data.context.workbookId === created.id);
      expect(event?.data.topic).toBe("workbook:created");
    } finally {
      await stream.close();
    }
  });
});

describe("bad requests change nothing", () => {
  let sheetId: string;
  let workbookId: string;

  beforeAll(async () => {
    const workbook = await createWorkbook(server, spaceId, "Guarded", [
      {
        name: "Contacts",
        fields: [
          { key: "name", type: "string" },
          { key: "status", type: "enum", config: { options: [{ value: "lead" }, { value: "customer" }] } },
        ],
      },
    ]);
    workbookId = workbook.id;
    sheetId = workbook.sheets[0].id;
    await server.ok("POST", `/sheets/${sheetId}/records`, [{ name: { value: "kept" } }]);
  });

  /** The lists a bad request could have touched, read back. */
  async function state(): Promise<string> {
    return JSON.stringify([
      (await server.ok("GET", `/workbooks?spaceId=${spaceId}&pageSize=100`)).data,
      (await server.ok("GET", `/sheets?workbookId=${workbookId}`)).data,
      (await server.ok("GET", `/sheets/${sheetId}/records?pageSize=100`)).data,
      (await server.ok("GET", `/spaces/${spaceId}/documents`)).data,
      (await server.ok("GET", `/events?pageSize=1`)).pagination.totalCount,
    ]);
  }

  const field = (extra: Record<string, unknown>) => ({ key: "f", type: "string", ...extra });
  const workbookWith = (extra: Record<string, unknown>) => () => ({ name: "Bad", spaceId, ...extra });
  const sheetWith = (fields: unknown[], extra: Record<string, unknown> = {}) =>
    workbookWith({ sheets: [{ name: "S", fields, ...extra }] });
  const cases: {
    name: string;
    method: "GET" | "POST" | "PUT" | "PATCH";
    path: () => string;
    body?: () => unknown;
    key: string;
  }[] = [
    {
      name: "an unknown field type",
      method: "POST",
      path: () => "/workbooks",
      body: sheetWith([field({ type: "currency" })]),
      key: "sheets.0.fields.0.type",
    },
    {
      name: "an enum field without options",
      method: "POST",
      path: () => "/workbooks",
      body: sheetWith([field({ type: "enum" })]),
      key: "sheets.0.fields.0.config.options",
    },
    {
      name: "an action without operation",
      method: "POST",
      path: () => "/workbooks",
      body: workbookWith({ actions: [{ label: "No operation" }] }),
      key: "actions.0.operation",
    },
    {
      name: "an inputForm enum field without options",
      method: "POST",
      path: () => "/workbooks",
      body: workbookWith({
        actions: [
          {
            operation: "go",
            label: "Go",
            inputForm: { type: "simple", fields: [{ key: "k", label: "K", type: "enum" }] },
          },
        ],
      }),
      key: "actions.0.inputForm.fields.0.config.options",
    },
    {
      name: "a record for a missing field",
      method: "POST",
      path: () => `/sheets/${sheetId}/records`,
      body: () => [{ name: { value: "x" } }, { nickname: { value: "y" } }],
      key: "1.nickname",
    },
    {
      name: "duplicate sheet slugs",
      method: "POST",
      path: () => "/workbooks",
      body: workbookWith({
        sheets: [
          { name: "A", slug: "same", fields: [field({})] },
          { name: "B", slug: "same", fields: [field({})] },
        ],
      }),
      key: "sheets.1.slug",
    },
    {
      name: "sheet names that give the same slug",
      method: "POST",
      path: () => "/workbooks",
      body: workbookWith({
        sheets: [
          { name: "Contacts", fields: [field({})] },
          { name: "contacts!", fields: [field({})] },
        ],
      }),
      key: "sheets.1.slug",
    },
    {
      name: "duplicate sheet slugs in an update",
      method: "PATCH",
      path: () => `/workbooks/${workbookId}`,
      body: () => ({
        name: "Renamed",
        sheets: [
          { name: "X", slug: "x", fields: [field({})] },
          { name: "X again", slug: "x", fields: [field({})] },
        ],
      }),
      key: "sheets.1.slug",
    },
    {
      name: "pageSize 0 (workbooks)",
      method: "GET",
      path: () => "/workbooks?pageSize=0",
      key: "query.pageSize",
    },
    {
      name: "pageSize 0 (records)",
      method: "GET",
      path: () => `/sheets/${sheetId}/records?pageSize=0`,
      key: "query.pageSize",
    },
    {
      name: "a workbook for a missing space",
      method: "POST",
      path: () => "/workbooks",
      body: () => ({ name: "Orphan", spaceId: "us_sp_missing" }),
      key: "spaceId",
    },
    {
      name: "a bad action on a sheet update",
      method: "PATCH",
      path: () => `/sheets/${sheetId}`,
      body: () => ({ name: "Renamed", actions: [{ operation: "x y", label: "Bad" }] }),
      key: "actions.0.operation",
    },
    {
      name: "records that are not an array",
      method: "POST",
      path: () => `/sheets/${sheetId}/records`,
      body: () => ({ name: { value: "x" } }),
      key: "",
    },
    {
      name: "a record update without id",
      method: "PUT",
      path: () => `/sheets/${sheetId}/records`,
      body: () => [{ values: { name: { value: "x" } } }],
      key: "0.id",
    },
  ];

  for (const c of cases) {
    it(`${c.name}: 400 with key ${c.key || "(none)"}`, async () => {
      const before = await state();
      const response = await server.call(c.method, c.path(), { body: c.body?.() });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      const keys = response.body.errors.map((e: Json) => e.key ?? "");
      expect(keys).toContain(c.key);
      expect(await state()).toBe(before);
    });
  }

  it("an enum value not in the options makes the record invalid, it is not a 400", async () => {
    const response = await server.ok("POST", `/sheets/${sheetId}/records`, [
      { name: { value: "x" }, status: { value: "vip" } },
    ]);
    const [record] = response.data.records;
    expect(record.valid).toBe(false);
    expect(record.values.status).toMatchObject({ value: "vip", valid: false });
    expect(record.values.status.messages[0].message).toMatch(/one of lead, customer/);
  });
});
