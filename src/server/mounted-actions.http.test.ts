import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeFile } from "./store/store-fixtures";
import { createSpace, exportActionWith, nameSheet } from "./testing/fixtures";
import { startTestServer, type TestServer } from "./testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/**
 * A user's or operator's job is accepted only for an action really mounted on its source (workbook `actions`,
 * sheet `config.actions`, document `actions`, file `actions`, space `actions`); its mode comes from the action and its
 * input is validated against the action's form.
 */

let server: TestServer;
let own: string;
let other: string;
let userToken: string;
let operatorToken: string;
let workbook: Json;
let sheet: Json;
let otherWorkbook: Json;
let documentId: string;
let fileId: string;
let recordIds: string[];

const exportAction = exportActionWith({
  key: "rows",
  label: "Rows",
  type: "number",
  constraints: [{ type: "min", value: 1 }],
});

const workbookConfig = (spaceId: string) => ({
  name: "Actions",
  spaceId,
  actions: [exportAction, { operation: "publish", label: "Publish", mode: "toolbarBlocking" }],
  sheets: [
    nameSheet("Contacts", {
      actions: [
        {
          operation: "dedupe",
          label: "Dedupe",
          mode: "toolbarBlocking",
          constraints: [{ type: "hasSelection" }],
        },
      ],
    }),
  ],
});

beforeAll(async () => {
  server = await startTestServer();
  own = await createSpace(server, "Own");
  other = await createSpace(server, "Other");
  userToken = await server.mintToken("user", own);
  operatorToken = await server.mintToken("operator");
  workbook = (await server.ok("POST", "/workbooks", workbookConfig(own))).data;
  sheet = workbook.sheets[0];
  otherWorkbook = (await server.ok("POST", "/workbooks", workbookConfig(other))).data;
  recordIds = (
    await server.ok("POST", `/sheets/${sheet.id}/records`, [
      { name: { value: "a" } },
      { name: { value: "b" } },
    ])
  ).data.records.map((r: Json) => r.id);
  documentId = (
    await server.ok("POST", `/spaces/${own}/documents`, {
      title: "Guide",
      body: "...",
      actions: [{ operation: "approve", label: "Approve", mode: "foreground" }],
    })
  ).data.id;
  // Files are uploaded through their own routes; the store is enough to mount an action on one here.
  const now = new Date().toISOString();
  const file = makeFile({
    id: "us_fl_mountedaction01",
    spaceId: own,
    environmentId: "us_env_local",
    name: "people.csv",
    actions: [{ operation: "extract", label: "Extract", mode: "background" }],
    createdAt: now,
    updatedAt: now,
  });
  await server.store.transaction((tx) => tx.insertFile(file));
  fileId = file.id;
});

afterAll(async () => {
  await server?.stop();
});

async function runAs(token: string, config: Record<string, unknown>) {
  return server.call("POST", "/jobs", { token, body: config });
}

describe("mounted actions are accepted", () => {
  it("a workbook action: mode from the action (not the request), immediate, ready, in the workbook's space", async () => {
    const response = await runAs(userToken, {
      type: "workbook",
      operation: "export",
      source: workbook.id,
      mode: "background",
      trigger: "manual",
      input: { format: "csv", rows: 10 },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data).toMatchObject({
      type: "workbook",
      operation: "export",
      source: workbook.id,
      mode: "foreground",
      trigger: "immediate",
      status: "ready",
      spaceId: own,
      workbookId: workbook.id,
      input: { format: "csv", rows: 10 },
    });
  });

  it("a sheet action with the user's selection as a collection subject; the job's workbook is the sheet's", async () => {
    const subject = { type: "collection", resource: "records", query: { ids: recordIds } };
    const response = await runAs(userToken, {
      type: "sheet",
      operation: "dedupe",
      source: sheet.id,
      subject,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const job = response.body.data;
    expect(job).toMatchObject({ mode: "toolbarBlocking", spaceId: own, workbookId: workbook.id, subject });
    const events = (await server.ok("GET", `/events?spaceId=${own}&topic=job:ready&pageSize=100`)).data;
    const ready = events.find((e: Json) => e.context.jobId === job.id);
    expect(ready.context).toMatchObject({ sheetId: sheet.id, workbookId: workbook.id, spaceId: own });
    expect(ready.payload.job).toBe("sheet:dedupe");
  });

  it("a document action and a file action", async () => {
    const doc = await runAs(userToken, { type: "document", operation: "approve", source: documentId });
    expect(doc.status, JSON.stringify(doc.body)).toBe(200);
    expect(doc.body.data).toMatchObject({ mode: "foreground", spaceId: own });
    const file = await runAs(userToken, { type: "file", operation: "extract", source: fileId });
    expect(file.status, JSON.stringify(file.body)).toBe(200);
    expect(file.body.data).toMatchObject({ mode: "background", spaceId: own });
  });

  it("an operator runs mounted actions of any space", async () => {
    const response = await runAs(operatorToken, {
      type: "workbook",
      operation: "publish",
      source: otherWorkbook.id,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data).toMatchObject({ mode: "toolbarBlocking", spaceId: other });
  });
});

describe("anything else is refused", () => {
  const refused: [string, () => Record<string, unknown>, "user" | "operator"][] = [
    [
      "an operation not mounted on the workbook",
      () => ({ type: "workbook", operation: "nope", source: workbook.id }),
      "user",
    ],
    [
      "a sheet action run on the workbook",
      () => ({ type: "workbook", operation: "dedupe", source: workbook.id }),
      "user",
    ],
    [
      "a workbook action run on the sheet",
      () => ({ type: "sheet", operation: "export", source: sheet.id }),
      "user",
    ],
    [
      "a workbook id given as a sheet",
      () => ({ type: "sheet", operation: "publish", source: workbook.id }),
      "user",
    ],
    [
      "an action of another space's workbook",
      () => ({ type: "workbook", operation: "publish", source: otherWorkbook.id }),
      "user",
    ],
    [
      "a document operation not mounted",
      () => ({ type: "document", operation: "export", source: documentId }),
      "user",
    ],
    ["a file operation not mounted", () => ({ type: "file", operation: "export", source: fileId }), "user"],
    ["a missing source", () => ({ type: "sheet", operation: "dedupe", source: "us_sh_missing" }), "operator"],
    [
      "an operator's job not mounted",
      () => ({ type: "workbook", operation: "nope", source: workbook.id }),
      "operator",
    ],
  ];
  for (const [name, config, role] of refused) {
    it(`${name}: 403`, async () => {
      const response = await runAs(role === "user" ? userToken : operatorToken, config());
      expect(response.status, JSON.stringify(response.body)).toBe(403);
    });
  }

  it("input that does not fit the action's form: 400 naming the field", async () => {
    for (const [input, key] of [
      [{ format: "pdf" }, "input.format"],
      [{}, "input.format"],
      [{ format: "csv", rows: "ten" }, "input.rows"],
      [{ format: "csv", rows: -5 }, "input.rows"],
      [{ format: "csv", extra: 1 }, "input.extra"],
    ] as const) {
      const response = await runAs(userToken, {
        type: "workbook",
        operation: "export",
        source: workbook.id,
        input,
      });
      expect(response.status, JSON.stringify(input)).toBe(400);
      expect(response.body.errors.map((e: Json) => e.key)).toContain(key);
    }
  });

  it("an action removed from the workbook can no longer be run", async () => {
    await server.ok("PATCH", `/workbooks/${otherWorkbook.id}`, { actions: [exportAction] });
    const response = await runAs(operatorToken, {
      type: "workbook",
      operation: "publish",
      source: otherWorkbook.id,
    });
    expect(response.status).toBe(403);
  });
});

describe("an action that cannot run now is refused with the reason the dashboard shows", () => {
  it("hasSelection without a selection: 409; with one: accepted", async () => {
    const without = await runAs(userToken, { type: "sheet", operation: "dedupe", source: sheet.id });
    expect(without.status).toBe(409);
    expect(without.body.errors[0].message).toContain("Select at least one record first");
    const empty = await runAs(userToken, {
      type: "sheet",
      operation: "dedupe",
      source: sheet.id,
      subject: { type: "collection", resource: "records", query: { ids: [] } },
    });
    expect(empty.status).toBe(409);
  });

  it("hasSelection with a select-all subject (no ids): the matching records of the sheet minus the exceptions", async () => {
    const selectAll = (
      query: Record<string, unknown>,
      params: Record<string, unknown> = { sheetId: sheet.id },
    ) =>
      runAs(userToken, {
        type: "sheet",
        operation: "dedupe",
        source: sheet.id,
        subject: { type: "collection", resource: "records", params, query },
      });
    // Every record of the sheet (2), the ones matching a search (1), or all of them but one: something is selected.
    expect((await selectAll({})).status).toBe(200);
    expect((await selectAll({ filter: "valid", searchValue: "A" }, {})).status).toBe(200);
    expect((await selectAll({ exceptions: [recordIds[0]] })).status).toBe(200);
    // An exception outside the matching records takes nothing away.
    expect((await selectAll({ searchValue: "b", exceptions: [recordIds[0]] })).status).toBe(200);

    // Nothing left: every match excepted, no match at all, or no matching error records.
    const allExcepted = await selectAll({ exceptions: recordIds });
    expect(allExcepted.status).toBe(409);
    expect(allExcepted.body.errors[0].message).toContain("Select at least one record first");
    expect((await selectAll({ searchValue: "a", exceptions: [recordIds[0]] })).status).toBe(409);
    expect((await selectAll({ searchValue: "nobody" })).status).toBe(409);
    expect((await selectAll({ filter: "error" })).status).toBe(409);
  });

  it("an error message disables the action; hasAllValid and hasData look at the records", async () => {
    const space = await createSpace(server, "Constraints");
    const token = await server.mintToken("user", space);
    const config = {
      name: "Constrained",
      spaceId: space,
      actions: [
        {
          operation: "sync",
          label: "Sync",
          messages: [{ type: "error", content: "Connect your CRM first" }],
        },
        { operation: "submit", label: "Submit", constraints: [{ type: "hasAllValid" }] },
        { operation: "count", label: "Count", constraints: [{ type: "hasData" }] },
      ],
      sheets: [
        nameSheet("People", {
          fields: [{ key: "name", type: "string", constraints: [{ type: "required" }] }],
        }),
      ],
    };
    const constrained = (await server.ok("POST", "/workbooks", config)).data;
    const run = (operation: string) => runAs(token, { type: "workbook", operation, source: constrained.id });
    const before = await server.ok("GET", `/jobs?spaceId=${space}&pageSize=100`);

    const sync = await run("sync");
    expect(sync.status).toBe(409);
    expect(sync.body.errors[0].message).toContain("Connect your CRM first");
    const count = await run("count");
    expect(count.status).toBe(409);
    expect(count.body.errors[0].message).toContain("There are no records yet");
    expect(await server.ok("GET", `/jobs?spaceId=${space}&pageSize=100`)).toEqual(before);

    const sheetId = constrained.sheets[0].id;
    const { records } = (
      await server.ok("POST", `/sheets/${sheetId}/records`, [{ name: { value: "ok" } }, {}])
    ).data;
    const submit = await run("submit");
    expect(submit.status).toBe(409);
    expect(submit.body.errors[0].message).toContain("Fix the 1 record with errors first");
    expect((await run("count")).status).toBe(200);

    await server.ok("DELETE", `/sheets/${sheetId}/records?ids=${records[1].id}`);
    expect((await run("submit")).status).toBe(200);
  });
});

describe("secret-key jobs", () => {
  it("find their space (and workbook) from a workbook, sheet, document or file source", async () => {
    const cases: [string, string, string | undefined][] = [
      ["workbook", workbook.id, workbook.id],
      ["sheet", sheet.id, workbook.id],
      ["document", documentId, undefined],
      ["file", fileId, undefined],
    ];
    for (const [type, source, workbookId] of cases) {
      const job = (await server.ok("POST", "/jobs", { type, operation: "anything", source })).data;
      expect(job.spaceId, type).toBe(own);
      expect(job.workbookId, type).toBe(workbookId);
    }
  });
});
