import { describe, expect, it } from "vitest";
import { until } from "../testing/helpers";
import { useServerProcess } from "../testing/server-process";
import { createApiClient } from "./client";
import { createClient } from "./create-client";
import { responsesAsSent } from "./response-reader";
import {
  ApiError,
  AuthError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  PayloadTooLargeError,
  UnexpectedResponseError,
  ValidationError,
} from "./errors";

/** The rejection of `call`, which must be an instance of `type`. */
async function refusal<T extends ApiError>(
  call: Promise<unknown>,
  type: abstract new (...args: never[]) => T,
): Promise<T> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

const ctx = useServerProcess();

describe("ApiError.from", () => {
  it.each([
    [400, ValidationError],
    [401, AuthError],
    [403, AuthError],
    [404, NotFoundError],
    [409, ConflictError],
    [413, PayloadTooLargeError],
  ])("maps %i to its class", (status, type) => {
    const error = ApiError.from(status, { errors: [{ key: "field", message: "is wrong" }] });
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(status);
    expect(error.errors).toEqual([{ key: "field", message: "is wrong" }]);
    expect(error.message).toBe(`${status} field: is wrong`);
  });

  it("keeps other statuses as a plain ApiError, and reads a body that is not the error shape", () => {
    const error = ApiError.from(500, "upstream exploded");
    expect(error.constructor).toBe(ApiError);
    expect(error.errors).toEqual([{ message: "upstream exploded" }]);
    expect(ApiError.from(502, undefined).message).toBe("502 Request failed");
  });
});

describe("createClient against a real server", () => {
  it("reads health and mints tokens", async () => {
    expect(await ctx.api.health()).toEqual({ status: "ok", version: expect.any(String) });
    const token = await ctx.api.auth.createToken({ role: "operator", expiresIn: 600 });
    expect(token.role).toBe("operator");
    expect(token.token).toEqual(expect.any(String));
    expect(Date.parse(token.expiresAt)).toBeGreaterThan(Date.now());
  });

  it("accepts a baseUrl with a trailing slash or /v1", async () => {
    for (const baseUrl of [
      `${ctx.server.baseUrl}/`,
      `${ctx.server.baseUrl}/v1`,
      `${ctx.server.baseUrl}/v1/`,
    ]) {
      const client = createClient({ baseUrl, token: ctx.server.secretKey });
      expect((await client.health()).status).toBe("ok");
    }
  });

  it("runs the spaces calls", async () => {
    const space = await ctx.api.spaces.create({ name: "Client space", metadata: { team: "a" } });
    expect(space.id).toMatch(/^us_sp_/);
    expect(await ctx.api.spaces.get(space.id)).toEqual(space);
    const renamed = await ctx.api.spaces.update(space.id, { name: "Renamed" });
    expect(renamed.name).toBe("Renamed");
    const page = await ctx.api.spaces.list({ pageSize: 100 });
    expect(page.data.map((s) => s.id)).toContain(space.id);
    expect(page.pagination.currentPage).toBe(1);
    expect(await ctx.api.spaces.delete(space.id)).toEqual({ success: true });
    await refusal(ctx.api.spaces.get(space.id), NotFoundError);
  });

  it("runs a job through its lifecycle, every call typed and parsed", async () => {
    const space = await ctx.api.spaces.create({ name: "Jobs" });
    const job = await ctx.api.jobs.create({
      type: "workbook",
      operation: "export",
      source: "us_wb_client1",
      spaceId: space.id,
      trigger: "immediate",
      input: { format: "csv" },
    });
    expect(job).toMatchObject({ status: "ready", progress: 0, operation: "export", spaceId: space.id });

    const acked = await ctx.api.jobs.ack(job.id, { info: "Starting", progress: 10 });
    expect(acked.status).toBe("executing");
    expect(acked.startedAt).toEqual(expect.any(String));
    const updated = await ctx.api.jobs.update(job.id, {
      progress: 60,
      info: "Most of it",
      metadata: { rows: 3 },
    });
    expect(updated).toMatchObject({ progress: 60, info: "Most of it", metadata: { rows: 3 } });
    const completed = await ctx.api.jobs.complete(job.id, {
      outcome: { message: "Done", acknowledge: true, next: { type: "url", url: "https://example.com" } },
    });
    expect(completed).toMatchObject({ status: "complete", progress: 100 });
    expect((await ctx.api.jobs.ackOutcome(job.id)).outcomeAcknowledgedAt).toEqual(expect.any(String));
    expect((await ctx.api.jobs.get(job.id)).status).toBe("complete");

    const manual = await ctx.api.jobs.create({
      type: "workbook",
      operation: "later",
      source: "us_wb_client1",
      spaceId: space.id,
    });
    expect(manual.status).toBe("created");
    expect((await ctx.api.jobs.execute(manual.id)).status).toBe("ready");
    expect((await ctx.api.jobs.fail(manual.id, { outcome: { message: "no" } })).status).toBe("failed");
    expect((await ctx.api.jobs.retry(manual.id)).status).toBe("ready");
    expect((await ctx.api.jobs.cancel(manual.id, { info: "not needed" })).status).toBe("canceled");

    const list = await ctx.api.jobs.list({ spaceId: space.id, operation: "export", sortDirection: "asc" });
    expect(list.data.map((j) => j.id)).toEqual([job.id]);
    expect(list.pagination.totalCount).toBe(1);
    expect(await ctx.api.jobs.delete(manual.id)).toEqual({ success: true, id: manual.id });
    await refusal(ctx.api.jobs.get(manual.id), NotFoundError);
  });

  it("lists, reads and acks events", async () => {
    const space = await ctx.api.spaces.create({ name: "Events" });
    const { data } = await ctx.api.events.list({ spaceId: space.id, topic: "space:created" });
    expect(data).toHaveLength(1);
    const event = data[0]!;
    expect(event).toMatchObject({ topic: "space:created", context: { spaceId: space.id } });
    expect(await ctx.api.events.get(event.id)).toEqual(event);
    expect((await ctx.api.events.ack(event.id)).acknowledgedAt).toEqual(expect.any(String));
    expect(ctx.api.events.streamUrl({ spaceId: space.id, topic: ["job:*", "space:created"] })).toBe(
      `${ctx.server.baseUrl}/v1/events/stream?spaceId=${space.id}&topic=job%3A*%2Cspace%3Acreated`,
    );
  });

  it("claims a job for the X-Listener-Id that acks it first", async () => {
    const space = await ctx.api.spaces.create({ name: "Claims" });
    const first = createClient({
      baseUrl: ctx.server.baseUrl,
      token: ctx.server.secretKey,
      listenerId: "listener-a",
    });
    const second = createClient({
      baseUrl: ctx.server.baseUrl,
      token: ctx.server.secretKey,
      listenerId: "listener-b",
    });
    const job = await ctx.api.jobs.create({
      type: "space",
      operation: "claimed",
      source: space.id,
      trigger: "immediate",
    });
    expect((await first.jobs.ack(job.id)).claimedBy).toBe("listener-a");
    const error = await refusal(second.jobs.complete(job.id), ConflictError);
    expect(error.firstMessage).toMatch(/another listener/);
    expect((await first.jobs.complete(job.id)).status).toBe("complete");
  });

  describe("typed errors", () => {
    it("404 → NotFoundError", async () => {
      const error = await refusal(ctx.api.jobs.get("us_jb_missing"), NotFoundError);
      expect(error.status).toBe(404);
      expect(error.errors[0]?.message).toMatch(/us_jb_missing/);
    });

    it("409 → ConflictError naming the job's status", async () => {
      const space = await ctx.api.spaces.create({ name: "Conflicts" });
      const job = await ctx.api.jobs.create({
        type: "space",
        operation: "x",
        source: space.id,
        trigger: "immediate",
      });
      await ctx.api.jobs.cancel(job.id);
      const error = await refusal(ctx.api.jobs.complete(job.id), ConflictError);
      expect(error.status).toBe(409);
      expect(error.message).toMatch(/canceled/);
    });

    it("400 → ValidationError with the field's key", async () => {
      const error = await refusal(
        ctx.api.jobs.create({ type: "space", operation: "x", source: "us_sp_x", progress: 150 }),
        ValidationError,
      );
      expect(error.status).toBe(400);
      expect(error.fieldErrors("progress")).toEqual(["must be between 0 and 100"]);
      const query = await refusal(ctx.api.jobs.list({ pageSize: 0 }), ValidationError);
      expect(query.errors[0]?.key).toBe("query.pageSize");
    });

    it("401 → AuthError for a bad token, 403 → AuthError for a token without the right", async () => {
      const stranger = createClient({ baseUrl: ctx.server.baseUrl, token: "not-a-token" });
      const unauthenticated = await refusal(stranger.jobs.list(), AuthError);
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.isUnauthenticated).toBe(true);
      await refusal(createClient({ baseUrl: ctx.server.baseUrl }).spaces.list(), AuthError);

      const space = await ctx.api.spaces.create({ name: "Users" });
      const { token } = await ctx.api.auth.createToken({ role: "user", spaceId: space.id });
      const user = createClient({ baseUrl: ctx.server.baseUrl, token: () => token });
      const job = await ctx.api.jobs.create({
        type: "space",
        operation: "x",
        source: space.id,
        trigger: "immediate",
      });
      const forbidden = await refusal(user.jobs.ack(job.id), AuthError);
      expect(forbidden.status).toBe(403);
      expect(forbidden.isUnauthenticated).toBe(false);
    });

    it("413 → PayloadTooLargeError", async () => {
      const error = await refusal(
        ctx.api.spaces.create({ name: "Big", metadata: { blob: "x".repeat(1_100_000) } }),
        PayloadTooLargeError,
      );
      expect(error.status).toBe(413);
    });

    it("no server → ConnectionError, with the cause", async () => {
      const offline = createClient({ baseUrl: "http://127.0.0.1:1", token: "sk_x" });
      const error = await refusal(offline.jobs.list(), ConnectionError);
      expect(error.status).toBeUndefined();
      expect(error.cause).toBeInstanceOf(Error);
    });

    it("a success body of the wrong shape → UnexpectedResponseError", async () => {
      const odd = createClient({
        baseUrl: ctx.server.baseUrl,
        fetch: async () => Response.json({ data: { id: 1 } }),
      });
      const error = await refusal(odd.jobs.get("us_jb_x"), UnexpectedResponseError);
      expect(error.message).toMatch(/GET \/jobs\/us_jb_x/);
    });

    it("a client reading answers as sent (the dashboard's) takes the same body as it is", async () => {
      const asSent = createApiClient(
        { baseUrl: ctx.server.baseUrl, fetch: async () => Response.json({ data: { id: 1 } }) },
        responsesAsSent,
      );
      expect(await asSent.jobs.get("us_jb_x")).toEqual({ id: 1 });
      const job = await ctx.api.jobs.create({
        type: "workbook",
        operation: "as-sent",
        source: "us_wb_assent1",
      });
      const trusting = createApiClient(ctx.api.options, responsesAsSent);
      expect(await trusting.jobs.get(job.id)).toEqual(job);
    });

    it("a caller's abort rejects with the signal's reason, not a ConnectionError", async () => {
      const controller = new AbortController();
      controller.abort(new Error("caller gave up"));
      await expect(ctx.api.jobs.list({}, { signal: controller.signal })).rejects.toThrow("caller gave up");
    });
  });

  it("runs the workbook, sheet, record, snapshot and document calls", async () => {
    const space = await ctx.api.spaces.create({ name: "Data" });
    const workbook = await ctx.api.workbooks.create({
      name: "October Report Workbook",
      spaceId: space.id,
      sheets: [
        {
          name: "Contacts",
          slug: "contacts",
          fields: [
            { key: "name", type: "string", constraints: [{ type: "required" }] },
            { key: "age", type: "number" },
          ],
        },
      ],
      actions: [
        { operation: "export", label: "Export Data", description: "Send data to destination system" },
      ],
    });
    expect(workbook.sheets.map((s) => s.slug)).toEqual(["contacts"]);
    const sheet = workbook.sheets[0]!;
    expect(await ctx.api.workbooks.get(workbook.id)).toMatchObject({ id: workbook.id, name: workbook.name });
    expect((await ctx.api.workbooks.list({ spaceId: space.id })).data.map((w) => w.id)).toEqual([
      workbook.id,
    ]);
    expect((await ctx.api.workbooks.update(workbook.id, { name: "Renamed" })).name).toBe("Renamed");

    expect((await ctx.api.sheets.list({ workbookId: workbook.id })).map((s) => s.id)).toEqual([sheet.id]);
    expect((await ctx.api.sheets.get(sheet.id)).slug).toBe("contacts");
    expect((await ctx.api.sheets.update(sheet.id, { name: "People" })).name).toBe("People");

    const inserted = await ctx.api.records.insert(sheet.id, [
      { name: { value: "Ada" }, age: { value: 36 } },
      { name: { value: "" }, age: { value: 7 } },
    ]);
    expect(inserted.records).toHaveLength(2);
    expect(inserted.counts).toEqual({ total: 2, valid: 1, error: 1 });
    expect((await ctx.api.sheets.counts(sheet.id)).counts).toEqual({ total: 2, valid: 1, error: 1 });
    const [ada, nameless] = inserted.records;
    const csv = await ctx.api.sheets.downloadCsv(sheet.id, { fields: ["age", "name"], ids: [ada!.id] });
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="People\.csv"/);
    expect(await csv.text()).toBe("age,name\r\n36,Ada\r\n");
    await expect(ctx.api.sheets.downloadCsv(sheet.id, { fields: ["nope"] })).rejects.toThrow(ValidationError);

    const snapshot = await ctx.api.snapshots.create({ sheetId: sheet.id, label: "before" });
    expect(snapshot.recordCount).toBe(2);
    expect((await ctx.api.snapshots.list({ sheetId: sheet.id })).map((s) => s.id)).toEqual([snapshot.id]);
    expect(await ctx.api.snapshots.get(snapshot.id)).toEqual(snapshot);

    const updated = await ctx.api.records.update(sheet.id, [
      { id: nameless!.id, values: { name: { value: "Bo" } } },
    ]);
    expect(updated.counts).toEqual({ total: 2, valid: 2, error: 0 });
    const read = await ctx.api.records.get(sheet.id, { filter: "valid", ids: [ada!.id, nameless!.id] });
    expect(read.records.map((r) => r.values.name?.value).sort()).toEqual(["Ada", "Bo"]);
    expect(read.pagination.totalCount).toBe(2);
    expect((await ctx.api.records.get(sheet.id, { searchValue: "ada" })).records.map((r) => r.id)).toEqual([
      ada!.id,
    ]);

    const diff = await ctx.api.snapshots.diff(snapshot.id);
    expect(diff.counts).toEqual({ added: 0, removed: 0, changed: 1 });
    expect(diff.changed[0]?.fields).toEqual(["name"]);
    expect((await ctx.api.snapshots.records(snapshot.id, { pageSize: 1 })).pagination).toEqual({
      currentPage: 1,
      pageCount: 2,
      totalCount: 2,
    });
    const deleted = await ctx.api.records.delete(sheet.id, [ada!.id]);
    expect(deleted).toMatchObject({ success: true, deleted: 1, counts: { total: 1 } });
    await ctx.api.snapshots.restore(snapshot.id);
    expect((await ctx.api.sheets.counts(sheet.id)).counts).toEqual({ total: 2, valid: 1, error: 1 });
    expect(await ctx.api.snapshots.delete(snapshot.id)).toEqual({ success: true });

    const document = await ctx.api.documents.create(space.id, { title: "Welcome", body: "# Hello" });
    expect(await ctx.api.documents.get(space.id, document.id)).toEqual(document);
    expect((await ctx.api.documents.list(space.id)).map((d) => d.id)).toEqual([document.id]);
    expect((await ctx.api.documents.update(space.id, document.id, { title: "Hi" })).title).toBe("Hi");
    expect(await ctx.api.documents.delete(space.id, document.id)).toEqual({ success: true });

    expect(await ctx.api.sheets.delete(sheet.id)).toEqual({ success: true });
    expect(await ctx.api.workbooks.delete(workbook.id)).toEqual({ success: true });
    await refusal(ctx.api.workbooks.get(workbook.id), NotFoundError);
  });

  it("previews and starts the record jobs: find and replace, mutation, validation", async () => {
    const space = await ctx.api.spaces.create({ name: "Record jobs" });
    const workbook = await ctx.api.workbooks.create({
      name: "People",
      spaceId: space.id,
      sheets: [
        {
          name: "Contacts",
          slug: "contacts",
          fields: [
            { key: "name", type: "string", constraints: [{ type: "required" }] },
            { key: "city", type: "string" },
          ],
        },
      ],
    });
    const sheet = workbook.sheets[0]!;
    const { records } = await ctx.api.records.insert(sheet.id, [
      { name: { value: "Ada" }, city: { value: "London" } },
      { name: { value: "Alan" }, city: { value: "London" } },
      { name: { value: "Grace" }, city: { value: "New York" } },
    ]);
    const [ada, alan, grace] = records;

    const london = (id: string) => ({
      id,
      values: { city: { value: "Paris", snapshotValue: "London", valid: true, messages: [] } },
    });
    expect(
      await ctx.api.sheets.previewFindReplace(sheet.id, {
        fieldKey: "city",
        find: "London",
        replace: "Paris",
      }),
    ).toEqual({ records: 2, cells: 2, sample: [london(ada!.id), london(alan!.id)] });
    // Ids without a filter are the records: Grace alone has no London.
    expect(
      await ctx.api.sheets.previewFindReplace(sheet.id, {
        fieldKey: "city",
        find: "London",
        replace: "Paris",
        ids: [grace!.id],
      }),
    ).toEqual({ records: 0, cells: 0, sample: [] });

    const cleared = await ctx.api.jobs.previewMutation({
      sheetId: sheet.id,
      bulkEdit: { fieldKey: "name", op: "clear" },
      filter: "valid",
      ids: [alan!.id, grace!.id],
    });
    expect(cleared).toEqual([
      {
        id: ada!.id,
        values: {
          name: {
            value: null,
            snapshotValue: "Ada",
            valid: false,
            messages: [expect.objectContaining({ type: "error" })],
          },
        },
      },
    ]);
    const coded = await ctx.api.jobs.previewMutation({
      sheetId: sheet.id,
      mutateRecord: "(r) => { r.values.city.value = r.values.city.value.toUpperCase(); return r }",
      ids: [grace!.id],
    });
    expect(coded).toEqual([
      {
        id: grace!.id,
        values: { city: { value: "NEW YORK", snapshotValue: "New York", valid: true, messages: [] } },
      },
    ]);
    await expect(
      ctx.api.jobs.previewMutation({ sheetId: sheet.id, mutateRecord: "(r) => { throw new Error('no') }" }),
    ).rejects.toThrow(ValidationError);

    const replaced = await ctx.api.sheets.findAndReplace(sheet.id, {
      fieldKey: "city",
      find: "London",
      replace: "Paris",
      ids: [ada!.id, grace!.id],
    });
    expect(replaced).toEqual({ versionId: expect.stringMatching(/^us_ss_/), jobId: expect.any(String) });
    const job = await ctx.api.jobs.get(replaced.jobId);
    expect(job).toMatchObject({
      type: "sheet",
      operation: "find-replace",
      source: sheet.id,
      managed: true,
      config: { fieldKey: "city", find: "London", replace: "Paris", ids: [ada!.id, grace!.id] },
    });
    await until(
      () => ctx.api.jobs.get(replaced.jobId),
      (read) => read.status === "complete",
      "the find-replace job to complete",
    );
    const after = await ctx.api.records.get(sheet.id);
    expect(after.records.map((r) => r.values.city?.value)).toEqual(["Paris", "London", "New York"]);
    expect((await ctx.api.snapshots.get(replaced.versionId)).sheetId).toBe(sheet.id);
    await expect(
      ctx.api.sheets.findAndReplace(sheet.id, { fieldKey: "nope", find: "a", replace: "b" }),
    ).rejects.toThrow(ValidationError);

    expect(await ctx.api.sheets.validate(sheet.id)).toEqual({ success: true });
    const validations = await ctx.api.jobs.list({ spaceId: space.id, operation: "validate" });
    expect(validations.data.map((j) => [j.type, j.source])).toEqual([["sheet", sheet.id]]);
  });

  it("uploads, lists, updates, downloads and deletes files", async () => {
    const space = await ctx.api.spaces.create({ name: "Files" });
    const csv = "name,age\nAda,36\n";
    const file = await ctx.api.files.upload({
      spaceId: space.id,
      file: new Blob([csv], { type: "text/csv" }),
      name: "people.csv",
      actions: [{ operation: "import", label: "Import" }],
    });
    // An import the platform extracts: partial until its extract job has read it.
    expect(file).toMatchObject({ name: "people.csv", size: csv.length, mode: "import", status: "partial" });
    expect(file.actions.map((a) => a.operation)).toEqual(["import"]);

    const form = new FormData();
    form.set("spaceId", space.id);
    form.set("mode", "export");
    form.set("file", new File(["{}"], "report.json", { type: "application/json" }));
    const exported = await ctx.api.files.upload(form);
    expect(exported.mode).toBe("export");

    expect((await ctx.api.files.list({ spaceId: space.id })).data.map((f) => f.id)).toEqual([file.id]);
    expect((await ctx.api.files.list({ spaceId: space.id, mode: "export" })).data.map((f) => f.id)).toEqual([
      exported.id,
    ]);
    const { status: _status, workbookId: _workbook, sheetId: _sheet, updatedAt: _at, ...uploaded } = file;
    expect(await ctx.api.files.get(file.id)).toMatchObject(uploaded);
    expect((await ctx.api.files.update(file.id, { description: "People" })).description).toBe("People");

    const response = await ctx.api.files.download(file.id);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="people.csv"/);
    expect(await response.text()).toBe(csv);
    const blob = await ctx.api.files.download(file.id, { as: "blob" });
    expect(await blob.text()).toBe(csv);

    await expect(ctx.api.files.upload({ spaceId: space.id, file: new Blob(["x"]) })).rejects.toThrow(/name/);
    expect(await ctx.api.files.delete(file.id)).toEqual({ success: true });
    await refusal(ctx.api.files.download(file.id), NotFoundError);
  });
});
