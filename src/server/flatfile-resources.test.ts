/**
 * Wire compatibility with Flatfile's own TypeScript client for the resources around jobs: workbooks, sheets, records,
 * documents and snapshots, through the real, unmodified `@flatfile/api@1.9.19` against a real server configured only
 * through `FLATFILE_API_URL` and `FLATFILE_API_KEY`. The workbook is the one of Flatfile's "Jobs" guide
 * (../../shared/seed/flatfile-jobs.txt), whose "Export Data" action an end user then clicks with a user token.
 *
 * What the 1.9.19 client does (besides what flatfile-compat.test.ts lists for jobs):
 * - Method names: `sheets.getRecordCounts` (not `counts`), `snapshots.createSnapshot|getSnapshot|listSnapshots|
 *   getSnapshotRecords|restoreSnapshot|deleteSnapshot` (not `create|get|...`), `documents.*(spaceId, ...)` with the
 *   space first; the guide's `api.workbook.create` is `api.workbooks.create`.
 * - `api.records` is the wrapper's `Records` (wrapper/RecordsClient): `insert(sheetId, RecordData[], {
 *   compressRequestBody? })` (gzip when asked; not used here), `get(sheetId, GetRecordsRequest)`,
 *   `update(sheetId, Record_[])`, `delete(sheetId, { ids })` (ids go out as repeated query keys).
 * - `records.update` is typed to answer `VersionResponse` (`{ data: { versionId } }`); this server answers
 *   `{ success, records, counts }`, which the client passes through untouched (it parses responses with
 *   `skipValidation`), so `data.versionId` is undefined.
 * - `snapshots.getSnapshot` requires `{ includeSummary }` and always sends it; the server ignores it (no `summary`).
 * - `snapshots.restoreSnapshot`'s `RestoreOptions` needs all three of created, updated, deleted (a partial object is
 *   refused client-side); with no options object it sends no body, which restores everything.
 * - A unique constraint goes out as `{ type: "unique", config: { caseSensitive } }` (its serializer strips a top-level
 *   `caseSensitive`).
 * - Response times (`createdAt`, `updatedAt`) become `Date`s; fields its types lack (`spaceId` of a sheet, `counts`
 *   of an insert's answer) pass through as JSON.
 */
import { gzipSync } from "node:zlib";
import { FlatfileClient, type Flatfile } from "@flatfile/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filterMatches, type Event } from "../core";
import { expectApiError, startFlatfileTestServer } from "./testing/flatfile-env";
import { startTestServer, type TestServer } from "./testing/test-server";

/** The action of the guide's workbook, exactly as the guide writes it. */
const EXPORT_ACTION: Flatfile.Action = {
  label: "Export Data",
  description: "Send data to destination system",
  operation: "export",
  type: "file",
};

const CONTACTS: Flatfile.SheetConfig = {
  name: "Contacts",
  slug: "contacts",
  fields: [
    { key: "firstName", label: "First Name", type: "string" },
    { key: "lastName", label: "Last Name", type: "string", constraints: [{ type: "required" }] },
    {
      key: "email",
      label: "Email",
      type: "string",
      constraints: [{ type: "unique", config: { caseSensitive: false } }],
    },
    { key: "age", label: "Age", type: "number" },
    {
      key: "status",
      label: "Status",
      type: "enum",
      config: {
        options: [
          { value: "lead", label: "Lead" },
          { value: "customer", label: "Customer" },
          { value: "churned", label: "Churned" },
        ],
      },
    },
  ],
};

type Row = { firstName?: string; lastName?: string; email?: string; age?: number; status?: string };
const recordData = (row: Row): Flatfile.RecordData =>
  Object.fromEntries(Object.entries(row).map(([key, value]) => [key, { value }]));
const valueOf = (record: { values: Record<string, { value?: unknown }> }, key: string) =>
  record.values[key]?.value;
const errorsOf = (record: Flatfile.RecordWithLinks, key: string) =>
  (record.values[key]?.messages ?? []).filter((m) => m.type === "error").map((m) => m.message);

/** One event the flows must have published, in order, with what its context and payload must say. */
type Expected = { topic: string; check?: (event: Event) => void };

describe("@flatfile/api@1.9.19: workbooks, sheets, records, documents, snapshots", () => {
  let server: TestServer;
  let api: FlatfileClient;
  /** A dashboard user of the space: a user token, as the dashboard holds it. */
  let userApi: FlatfileClient;
  const expected: Expected[] = [];
  const expectEvents = (...events: (string | Expected)[]) =>
    expected.push(...events.map((e) => (typeof e === "string" ? { topic: e } : e)));

  let spaceId = "";
  let workbookId = "";
  let sheetId = "";
  let snapshotId = "";
  let documentId = "";
  /** Record ids by the contact's first name. */
  const ids: Record<string, string> = {};

  const sheetEventContext = (event: Event) => {
    expect(event.context).toMatchObject({
      spaceId,
      workbookId,
      sheetId,
      sheetSlug: "contacts",
      slugs: { sheet: "contacts" },
    });
  };
  const commit =
    (counts: { inserted: number; updated: number; deleted: number }, recordIds?: () => string[]) =>
    (event: Event) => {
      sheetEventContext(event);
      expect(event.domain).toBe("workbook");
      expect(event.payload).toMatchObject({ sheetId, ...counts });
      if (recordIds) expect([...(event.payload.recordIds as string[])].sort()).toEqual(recordIds().sort());
    };

  async function allRecords(): Promise<Flatfile.RecordWithLinks[]> {
    return (await api.records.get(sheetId, { pageSize: 100 })).data.records;
  }

  /** The user clicks a workbook action: what the dashboard sends for it. */
  async function click(operation: string): Promise<Flatfile.Job> {
    const { data } = await userApi.jobs.create({
      type: "workbook",
      operation,
      source: workbookId,
      trigger: "immediate",
    });
    return data;
  }

  beforeAll(async () => {
    server = await startFlatfileTestServer();
    api = new FlatfileClient();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("creates the guide's workbook, with its Export Data action and a contacts sheet", async () => {
    const { data: space } = await api.spaces.create({ name: "October reports" });
    spaceId = space.id;
    expectEvents({ topic: "space:created" }, "job:created", "job:ready");

    // As in the guide, with the spaceId and sheets a real workbook needs.
    const { data: workbook } = await api.workbooks.create({
      name: "October Report Workbook",
      spaceId,
      sheets: [CONTACTS],
      actions: [
        {
          label: "Export Data",
          description: "Send data to destination system",
          operation: "export",
          type: "file",
        },
      ],
    });
    workbookId = workbook.id;
    expect(workbook.id).toMatch(/^us_wb_/);
    expect(workbook.name).toBe("October Report Workbook");
    expect(workbook.spaceId).toBe(spaceId);
    expect(workbook.createdAt).toBeInstanceOf(Date);
    // Every field of the action comes back, `type` included.
    expect(workbook.actions).toEqual([EXPORT_ACTION]);
    const sheet = workbook.sheets?.[0];
    expect(sheet?.id).toMatch(/^us_sh_/);
    expect(sheet?.slug).toBe("contacts");
    expect(sheet?.workbookId).toBe(workbookId);
    expect(sheet?.config.fields.map((f) => `${f.key}:${f.type}`)).toEqual([
      "firstName:string",
      "lastName:string",
      "email:string",
      "age:number",
      "status:enum",
    ]);
    expect(sheet?.config.fields[2]?.constraints).toEqual([
      { type: "unique", config: { caseSensitive: false } },
    ]);
    expect(sheet?.recordCounts).toEqual({ total: 0, valid: 0, error: 0 });
    sheetId = sheet?.id ?? "";
    expectEvents(
      {
        topic: "workbook:created",
        check: (event) => {
          expect(event.domain).toBe("workbook");
          expect(event.context).toMatchObject({ spaceId, workbookId });
          expect(event.context.sheetId).toBeUndefined();
          expect(event.payload).toMatchObject({ workbookId, sheetIds: [sheetId] });
          // No sheet slug in a workbook's own event: a `{ sheet }` filter does not match it.
          expect(filterMatches({ sheet: "contacts" }, event)).toBe(false);
        },
      },
      { topic: "sheet:created", check: sheetEventContext },
    );
  });

  it("gets and lists workbooks and sheets, and counts a sheet's records", async () => {
    const { data: workbook } = await api.workbooks.get(workbookId);
    expect(workbook.actions).toEqual([EXPORT_ACTION]);
    expect(workbook.updatedAt).toBeInstanceOf(Date);

    const { data: workbooks } = await api.workbooks.list({ spaceId });
    expect(workbooks.map((w) => w.id)).toEqual([workbookId]);
    expect(workbooks[0]?.sheets?.map((s) => s.slug)).toEqual(["contacts"]);

    const { data: sheet } = await api.sheets.get(sheetId);
    expect(sheet.name).toBe("Contacts");
    expect(sheet.config.fields.find((f) => f.key === "status")?.type).toBe("enum");
    expect((sheet as Flatfile.Sheet & { spaceId?: string }).spaceId).toBe(spaceId);

    const { data: sheets } = await api.sheets.list({ workbookId });
    expect(sheets.map((s) => s.id)).toEqual([sheetId]);

    const { data: counts } = await api.sheets.getRecordCounts(sheetId);
    expect(counts).toEqual({ success: true, counts: { total: 0, valid: 0, error: 0 } });
  });

  it("inserts records, validated against the sheet's fields", async () => {
    const { data } = await api.records.insert(sheetId, [
      recordData({
        firstName: "Ada",
        lastName: "Lovelace",
        email: "ada@example.com",
        age: 36,
        status: "customer",
      }),
      recordData({
        firstName: "Grace",
        lastName: "Hopper",
        email: "grace@example.com",
        age: 85,
        status: "lead",
      }),
      // lastName is required.
      recordData({ firstName: "Alan", email: "alan@example.com", age: 41, status: "lead" }),
      // Not an option of the enum.
      recordData({
        firstName: "Katherine",
        lastName: "Johnson",
        email: "katherine@example.com",
        age: 101,
        status: "astronaut",
      }),
    ]);
    const records = data.records ?? [];
    expect(records).toHaveLength(4);
    for (const record of records) {
      expect(record.id).toMatch(/^us_rc_/);
      ids[String(valueOf(record, "firstName"))] = record.id;
    }
    expect(records.map((r) => r.valid)).toEqual([true, true, false, false]);
    expect(errorsOf(records[2] as Flatfile.RecordWithLinks, "lastName")).toEqual(["Last Name is required"]);
    expect(errorsOf(records[3] as Flatfile.RecordWithLinks, "status")[0]).toMatch(/Status must be one of/);
    expect(data.counts).toEqual({ total: 4, valid: 2, error: 2 });
    expectEvents({
      topic: "commit:created",
      check: commit({ inserted: 4, updated: 0, deleted: 0 }, () => Object.values(ids)),
    });

    const { data: counts } = await api.sheets.getRecordCounts(sheetId);
    expect(counts.counts).toEqual({ total: 4, valid: 2, error: 2 });
    expect((await api.sheets.get(sheetId)).data.recordCounts).toEqual({ total: 4, valid: 2, error: 2 });
  });

  it("reads records: paged, filtered, searched, sorted and by id", async () => {
    const page2 = await api.records.get(sheetId, { pageSize: 2, pageNumber: 2 });
    expect(page2.data.records.map((r) => valueOf(r, "firstName"))).toEqual(["Alan", "Katherine"]);
    expect(page2.data.counts).toEqual({ total: 4, valid: 2, error: 2 });

    const invalid = await api.records.get(sheetId, { filter: "error" });
    expect(invalid.data.records.map((r) => valueOf(r, "firstName"))).toEqual(["Alan", "Katherine"]);
    const valid = await api.records.get(sheetId, { filter: "valid" });
    expect(valid.data.records.map((r) => valueOf(r, "firstName"))).toEqual(["Ada", "Grace"]);

    const found = await api.records.get(sheetId, { searchValue: "HOPPER" });
    expect(found.data.records.map((r) => r.id)).toEqual([ids.Grace]);
    const inField = await api.records.get(sheetId, { searchField: "email", searchValue: "alan@" });
    expect(inField.data.records.map((r) => r.id)).toEqual([ids.Alan]);

    const oldestFirst = await api.records.get(sheetId, { sortField: "age", sortDirection: "desc" });
    expect(oldestFirst.data.records.map((r) => valueOf(r, "age"))).toEqual([101, 85, 41, 36]);

    const some = await api.records.get(sheetId, { ids: [ids.Katherine as string, ids.Ada as string] });
    expect(some.data.records.map((r) => r.id).sort()).toEqual([ids.Ada, ids.Katherine].sort());

    const badSort = await expectApiError(() => api.records.get(sheetId, { sortField: "nope" }), 400);
    expect((badSort.body as { errors: { key?: string }[] }).errors[0]?.key).toBe("sortField");
  });

  it("updates records by id; unique values are checked across the sheet", async () => {
    const { data } = await api.records.update(sheetId, [
      { id: ids.Alan as string, values: { lastName: { value: "Turing" } } },
      // Ada's address in other case: a duplicate (the constraint is not case-sensitive).
      { id: ids.Grace as string, values: { email: { value: "ADA@example.com" } } },
    ]);
    // Typed as VersionResponse; this server answers the written records and the counts.
    const answer = data as unknown as { versionId?: string; records: Flatfile.RecordWithLinks[] };
    expect(answer.versionId).toBeUndefined();
    expect(answer.records.map((r) => r.id)).toEqual([ids.Alan, ids.Grace]);
    expectEvents({
      topic: "commit:created",
      check: commit({ inserted: 0, updated: 3, deleted: 0 }, () => [
        ids.Alan as string,
        ids.Grace as string,
        ids.Ada as string,
      ]),
    });

    const byName = new Map((await allRecords()).map((r) => [valueOf(r, "firstName"), r]));
    const alan = byName.get("Alan") as Flatfile.RecordWithLinks;
    expect(alan.valid).toBe(true);
    // Fields the update did not name keep their values.
    expect(valueOf(alan, "email")).toBe("alan@example.com");
    for (const name of ["Ada", "Grace"]) {
      const record = byName.get(name) as Flatfile.RecordWithLinks;
      expect(record.valid).toBe(false);
      expect(errorsOf(record, "email")).toEqual(["Email must be unique; another record has this value"]);
    }
    expect((await api.sheets.getRecordCounts(sheetId)).data.counts).toEqual({
      total: 4,
      valid: 1,
      error: 3,
    });

    const unknown = await expectApiError(
      () => api.records.update(sheetId, [{ id: "us_rc_notthere", values: { age: { value: 1 } } }]),
      400,
    );
    expect((unknown.body as { errors: { key?: string }[] }).errors[0]?.key).toBe("0.id");
  });

  it("snapshots the sheet, changes it, and restores the snapshot", async () => {
    const { data: snapshot } = await api.snapshots.createSnapshot({ sheetId, label: "Before cleanup" });
    snapshotId = snapshot.id;
    expect(snapshot.id).toMatch(/^us_ss_/);
    expect(snapshot.sheetId).toBe(sheetId);
    expect(snapshot.label).toBe("Before cleanup");
    expect(snapshot.createdAt).toBeInstanceOf(Date);
    expect((snapshot as Flatfile.Snapshot & { recordCount?: number }).recordCount).toBe(4);
    expectEvents({
      topic: "snapshot:created",
      check: (event) => {
        sheetEventContext(event);
        expect(event.context.snapshotId).toBe(snapshotId);
        expect(event.payload).toMatchObject({ sheetId, snapshotId, label: "Before cleanup", recordCount: 4 });
      },
    });

    const { data: deleted } = await api.records.delete(sheetId, { ids: [ids.Katherine as string] });
    expect(deleted?.success).toBe(true);
    expect((deleted as { deleted?: number } | undefined)?.deleted).toBe(1);
    expectEvents({
      topic: "commit:created",
      check: commit({ inserted: 0, updated: 0, deleted: 1 }, () => [ids.Katherine as string]),
    });
    await api.records.update(sheetId, [{ id: ids.Ada as string, values: { age: { value: 37 } } }]);
    expectEvents({
      topic: "commit:created",
      check: commit({ inserted: 0, updated: 1, deleted: 0 }, () => [ids.Ada as string]),
    });
    expect((await allRecords()).map((r) => valueOf(r, "firstName"))).toEqual(["Ada", "Grace", "Alan"]);

    // 1.9.19 requires includeSummary; this server has no summary to give.
    const { data: got } = await api.snapshots.getSnapshot(snapshotId, { includeSummary: true });
    expect(got.id).toBe(snapshotId);
    expect(got.label).toBe("Before cleanup");
    expect(got.summary).toBeUndefined();

    const { data: listed } = await api.snapshots.listSnapshots({ sheetId });
    expect(listed.map((s) => s.id)).toEqual([snapshotId]);

    const { data: frozen } = await api.snapshots.getSnapshotRecords(snapshotId, { pageSize: 10 });
    expect(frozen.map((r) => valueOf(r, "firstName"))).toEqual(["Ada", "Grace", "Alan", "Katherine"]);
    expect(valueOf(frozen[0] as Flatfile.DiffRecord, "age")).toBe(36);
    const { data: secondPage } = await api.snapshots.getSnapshotRecords(snapshotId, {
      pageSize: 3,
      pageNumber: 2,
    });
    expect(secondPage.map((r) => r.id)).toEqual([ids.Katherine]);

    // RestoreOptions needs all three flags in 1.9.19; a partial object never leaves the client.
    await expect(
      api.snapshots.restoreSnapshot(snapshotId, { deleted: true } as Flatfile.RestoreOptions),
    ).rejects.toThrow(/created|updated/);

    const { data: restored } = await api.snapshots.restoreSnapshot(snapshotId, {
      created: true,
      updated: true,
      deleted: true,
    });
    expect(restored.id).toBe(snapshotId);
    expectEvents(
      {
        topic: "commit:created",
        check: commit({ inserted: 1, updated: 1, deleted: 0 }, () => [
          ids.Katherine as string,
          ids.Ada as string,
        ]),
      },
      {
        topic: "sheet:updated",
        check: (event) => {
          sheetEventContext(event);
          expect(event.payload).toMatchObject({ snapshotId, restored: true });
        },
      },
    );
    const after = await allRecords();
    expect(after.map((r) => r.id)).toEqual([ids.Ada, ids.Grace, ids.Alan, ids.Katherine]);
    expect(valueOf(after[0] as Flatfile.RecordWithLinks, "age")).toBe(36);
    expect((await api.sheets.getRecordCounts(sheetId)).data.counts).toEqual({
      total: 4,
      valid: 1,
      error: 3,
    });
  });

  it("creates, gets, lists and updates a document; new actions publish action events", async () => {
    const body = "# October reports\n\nReview the contacts, then click **Export Data**.";
    const { data: created } = await api.documents.create(spaceId, { title: "Getting started", body });
    documentId = created.id;
    expect(created.id).toMatch(/^us_dc_/);
    expect(created.spaceId).toBe(spaceId);
    expect(created.createdAt).toBeInstanceOf(Date);
    const documentEvent = (topic: string) => ({
      topic,
      check: (event: Event) => {
        expect(event.domain).toBe("document");
        expect(event.context).toMatchObject({ spaceId, documentId });
      },
    });
    expectEvents(documentEvent("document:created"));

    const { data: got } = await api.documents.get(spaceId, documentId);
    expect(got.body).toBe(body);
    const { data: listed } = await api.documents.list(spaceId);
    expect(listed.map((d) => d.id)).toEqual([documentId]);

    const submit: Flatfile.Action = {
      operation: "submit",
      label: "Submit",
      mode: "foreground",
      primary: true,
      description: "Send the reviewed contacts on",
    };
    // DocumentConfig is the update's type too: title and body always go out.
    const { data: updated } = await api.documents.update(spaceId, documentId, {
      title: "Start here",
      body,
      actions: [submit],
    });
    expect(updated.title).toBe("Start here");
    expect(updated.actions).toEqual([submit]);
    expectEvents(documentEvent("document:updated"), {
      topic: "action:created",
      check: (event) => {
        expect(event.domain).toBe("document");
        expect(event.context).toMatchObject({ spaceId, documentId, actionName: "submit" });
        expect(event.payload).toMatchObject({ actionName: "submit", resourceId: documentId, action: submit });
      },
    });
    expect((await api.documents.get(spaceId, documentId)).data.title).toBe("Start here");
  });

  it("lets a user token click the mounted export action: a ready job in the action's mode", async () => {
    const userToken = await server.mintToken("user", spaceId);
    userApi = new FlatfileClient({ apiUrl: server.baseUrl, token: userToken });

    // The user reads the workbook it clicks in.
    expect((await userApi.workbooks.get(workbookId)).data.actions).toEqual([EXPORT_ACTION]);

    const job = await click("export");
    expect(job.status).toBe("ready");
    expect(job.type).toBe("workbook");
    expect(job.operation).toBe("export");
    expect(job.source).toBe(workbookId);
    expect(job.trigger).toBe("immediate");
    // The guide's action names no mode: the default.
    expect(job.mode).toBe("background");
    const jobEvent = (topic: string, mode: string, jobId: string) => ({
      topic,
      check: (event: Event) => {
        expect(event.context).toMatchObject({ spaceId, workbookId, jobId, actionName: "workbook:export" });
        expect(event.payload).toMatchObject({ job: "workbook:export", operation: "export", mode });
        expect(filterMatches({ job: "workbook:export" }, event)).toBe(true);
      },
    });
    expectEvents(jobEvent("job:created", "background", job.id), jobEvent("job:ready", "background", job.id));

    // The user may not change the workbook, nor run what is not mounted.
    await expectApiError(() => userApi.workbooks.update(workbookId, { name: "Mine now" }), 403);
    const refused = await expectApiError(() => click("import"), 403);
    expect((refused.body as { errors: { message: string }[] }).errors[0]?.message).toContain(
      '"workbook:import" is not mounted',
    );
  });

  it("updates the workbook's actions (action events), and clicks follow the new actions", async () => {
    const exportForeground: Flatfile.Action = { ...EXPORT_ACTION, mode: "foreground", primary: true };
    const archive: Flatfile.Action = {
      operation: "archive",
      label: "Archive",
      mode: "toolbarBlocking",
      confirm: true,
    };
    const { data: updated } = await api.workbooks.update(workbookId, {
      actions: [exportForeground, archive],
    });
    expect(updated.actions).toEqual([exportForeground, archive]);
    // The sheets are untouched by an update that names none.
    expect(updated.sheets?.map((s) => s.id)).toEqual([sheetId]);
    const workbookActionEvent = (topic: string, action: Flatfile.Action) => ({
      topic,
      check: (event: Event) => {
        expect(event.domain).toBe("workbook");
        expect(event.context).toMatchObject({ spaceId, workbookId, actionName: action.operation });
        expect(event.payload).toMatchObject({ actionName: action.operation, resourceId: workbookId, action });
      },
    });
    expectEvents(
      {
        topic: "workbook:updated",
        check: (event) => expect(event.payload).toMatchObject({ workbookId, changed: ["actions"] }),
      },
      workbookActionEvent("action:updated", exportForeground),
      workbookActionEvent("action:created", archive),
    );

    const exported = await click("export");
    expect(exported.status).toBe("ready");
    expect(exported.mode).toBe("foreground");
    const archived = await click("archive");
    expect(archived.mode).toBe("toolbarBlocking");
    expectEvents("job:created", "job:ready", "job:created", "job:ready");

    const { data: trimmed } = await api.workbooks.update(workbookId, { actions: [exportForeground] });
    expect(trimmed.actions).toEqual([exportForeground]);
    expectEvents("workbook:updated", workbookActionEvent("action:deleted", archive));
    // Unmounted now: refused, and nothing published.
    await expectApiError(() => click("archive"), 403);
  });

  it("published exactly the spec's events, in order, with their context ids and slugs", async () => {
    const log: Event[] = await server.allEvents({ pageSize: 100 });
    const positions = log.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(log.map((e) => e.id)).size).toBe(log.length);

    expect(log.map((e) => e.topic)).toEqual(expected.map((e) => e.topic));
    log.forEach((event, i) => {
      expect(event.id).toMatch(/^us_evt_/);
      expect(event.context.spaceId).toBe(spaceId);
      expected[i]?.check?.(event);
    });

    // A listener's `{ sheet: "contacts" }` filter (the guide's custom job example) catches every commit.
    const commits = log.filter((e) => e.topic === "commit:created");
    expect(commits).toHaveLength(5);
    for (const event of commits) expect(filterMatches({ sheet: "contacts" }, event)).toBe(true);
    expect(filterMatches({ sheet: "leads" }, commits[0] as Event)).toBe(false);
  });
});

describe("@flatfile/api@1.9.19: what the records wrapper and the field types send", () => {
  let server: TestServer;
  let api: FlatfileClient;
  let sheetId = "";

  beforeAll(async () => {
    server = await startTestServer();
    api = new FlatfileClient({ apiUrl: server.baseUrl, token: server.secretKey });
    const { data: space } = await api.spaces.create({ name: "Wrapper" });
    const { data: workbook } = await api.workbooks.create({
      name: "Wrapper",
      spaceId: space.id,
      sheets: [
        {
          name: "Logins",
          fields: [
            { key: "name", type: "string" },
            {
              key: "login",
              type: "string",
              constraints: [{ type: "unique", config: { caseSensitive: true } }],
            },
          ],
        },
      ],
    });
    sheetId = workbook.sheets?.[0]?.id ?? "";
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("inserts a gzip body (records.insert with compressRequestBody)", async () => {
    const { data } = await api.records.insert(
      sheetId,
      [
        { name: { value: "Ada" }, login: { value: "ada" } },
        { name: { value: "ADA" }, login: { value: "ADA" } },
      ],
      { compressRequestBody: true },
    );
    expect(data.records?.map((r) => r.values.name?.value)).toEqual(["Ada", "ADA"]);
    // caseSensitive: true (sent as Flatfile's `config.caseSensitive`): "ada" and "ADA" are different logins.
    expect(data.records?.map((r) => r.valid)).toEqual([true, true]);

    const { data: again } = await api.records.insert(sheetId, [{ login: { value: "ada" } }], {
      compressRequestBody: true,
    });
    expect(again.records?.[0]?.valid).toBe(false);
    expect(data.counts).toEqual({ total: 2, valid: 2, error: 0 });
    expect(again.counts).toEqual({ total: 3, valid: 1, error: 2 });
  });

  it("limits a gzip body as sent and as it inflates; refuses what it cannot inflate", async () => {
    const post = (body: Uint8Array<ArrayBuffer>, encoding: string) =>
      fetch(`${server.baseUrl}/v1/sheets/${sheetId}/records`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${server.secretKey}`,
          "content-type": "application/json",
          "content-encoding": encoding,
        },
        body,
      });
    // 40 MiB of blanks inflate past the 32 MiB a record write reads, from a few KiB on the wire.
    const bomb = new Uint8Array(gzipSync(Buffer.alloc(40 * 1024 * 1024, " ")));
    expect(bomb.length).toBeLessThan(100_000);
    expect((await post(bomb, "gzip")).status).toBe(413);

    const broken = await post(new TextEncoder().encode('[{"name":{"value":"x"}}]'), "gzip");
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { errors: { key?: string }[] }).errors[0]?.key).toBe("content-encoding");
    expect((await post(new TextEncoder().encode("[]"), "br")).status).toBe(400);

    const { data } = await api.sheets.getRecordCounts(sheetId);
    expect(data.counts.total).toBe(3);
  });
});
