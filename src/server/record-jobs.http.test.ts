/* eslint-disable @typescript-eslint/no-explicit-any -- tests read response bodies loosely on purpose */
import { FlatfileClient } from "@flatfile/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRecords, waitForJob } from "./testing/imports";
import { startTestServer, type TestServer } from "./testing/test-server";

let server: TestServer;
let spaceId: string;

const FIELDS = [
  { key: "firstName", label: "First name", type: "string" },
  { key: "lastName", label: "Last name", type: "string" },
  { key: "email", label: "Email", type: "string", constraints: [{ type: "required" }] },
  { key: "age", label: "Age", type: "number" },
];

beforeAll(async () => {
  server = await startTestServer({ systemJobs: { pollIntervalMs: 200, staleAfterMs: 1_000 } });
  spaceId = (await server.ok("POST", "/spaces", { name: "Record jobs" })).data.id;
});

afterAll(async () => {
  await server?.stop();
});

/** A workbook with one Contacts sheet of `rows` records; every third has no email (invalid), every fifth is a Smith. */
async function contacts(rows: number, name = "Contacts") {
  const workbook = (
    await server.ok("POST", "/workbooks", {
      name: "CRM",
      spaceId,
      sheets: [{ name, slug: "contacts", fields: FIELDS }],
    })
  ).data;
  const sheetId = workbook.sheets[0].id as string;
  const body = Array.from({ length: rows }, (_, i) => ({
    firstName: { value: `First ${i}` },
    lastName: { value: i % 5 === 0 ? "Smith" : `Last ${i}` },
    ...(i % 3 === 0 ? {} : { email: { value: `p${i}@example.com` } }),
    age: { value: i },
  }));
  for (let i = 0; i < body.length; i += 5_000)
    await server.ok("POST", `/sheets/${sheetId}/records`, body.slice(i, i + 5_000));
  return { workbookId: workbook.id as string, sheetId };
}

const deleteJob = (workbookId: string, config: Record<string, unknown>) => ({
  type: "workbook",
  operation: "delete-records",
  source: workbookId,
  config,
});

describe("workbook:delete-records", () => {
  it("snapshots the sheet, deletes the selection in chunks with commits, and offers Undo that restores exactly", async () => {
    const { workbookId, sheetId } = await contacts(3_000);
    const before = await allRecords(server, sheetId);
    const { data: created } = await server.ok(
      "POST",
      "/jobs",
      deleteJob(workbookId, { sheet: sheetId, filter: "error" }),
    );
    expect(created).toMatchObject({
      managed: true,
      mode: "foreground",
      trigger: "immediate",
      status: "ready",
      metadata: {
        sheetName: "Contacts",
        selected: 1_000,
        snapshotLabel: "Before deleting 1,000 records from Contacts",
      },
      // The selection is the job's subject, as a grid selection is for an action.
      subject: { type: "collection", resource: "records", params: { sheetId }, query: { filter: "error" } },
    });
    const job = await waitForJob(server, created.id);
    expect(job).toMatchObject({ status: "complete", progress: 100, claimedBy: "system:worker" });
    expect(job.outcome).toMatchObject({
      heading: "Records deleted",
      message: "1,000 records deleted from Contacts.",
      next: {
        type: "snapshot",
        sheetId,
        label: "Undo",
        restore: { deleted: true, updated: false, created: false },
      },
    });
    const after = await allRecords(server, sheetId);
    expect(after.map((r: any) => r.id)).toEqual(before.filter((r: any) => r.valid).map((r: any) => r.id));

    const snapshotId = job.outcome.next.snapshotId;
    const { data: snapshot } = await server.ok("GET", `/snapshots/${snapshotId}`);
    expect(snapshot).toMatchObject({
      label: "Before deleting 1,000 records from Contacts",
      recordCount: 3_000,
    });
    const events = await server.allEvents({ spaceId });
    const commits = events.filter(
      (e) => e.topic === "commit:created" && e.context.sheetId === sheetId && e.payload.deleted > 0,
    );
    expect(commits.reduce((sum, e) => sum + e.payload.deleted, 0)).toBe(1_000);
    expect(commits.every((e) => e.context.actorId === "system:worker")).toBe(true);
    expect(events.some((e) => e.topic === "snapshot:created" && e.payload.snapshotId === snapshotId)).toBe(
      true,
    );

    await server.ok("POST", `/snapshots/${snapshotId}/restore`, job.outcome.next.restore);
    const restored = await allRecords(server, sheetId);
    const strip = (r: any) => ({ id: r.id, values: r.values, valid: r.valid, metadata: r.metadata });
    expect(new Set(restored.map((r: any) => r.id))).toEqual(new Set(before.map((r: any) => r.id)));
    const byId = new Map(restored.map((r: any) => [r.id, strip(r)]));
    for (const record of before) expect(byId.get(record.id)).toEqual(strip(record));
  });

  it("follows Flatfile's rule: ids include without a filter, exclude with one; exceptions always exclude", async () => {
    const { workbookId, sheetId } = await contacts(20);
    const ids = (await allRecords(server, sheetId)).map((r: any) => r.id);
    const run = async (config: Record<string, unknown>) => {
      const { data } = await server.ok("POST", "/jobs", deleteJob(workbookId, { sheet: sheetId, ...config }));
      return waitForJob(server, data.id);
    };
    const included = await run({ ids: ids.slice(0, 3), exceptions: [ids[1]] });
    expect(included.metadata.selected).toBe(2);
    expect(included.outcome.message).toBe("2 records deleted from Contacts.");
    const left = (await allRecords(server, sheetId)).map((r: any) => r.id);
    expect(left).toEqual([ids[1], ...ids.slice(3)]);
    // With a search, ids leave records out: every Smith except the one at 5.
    const excluded = await run({ searchValue: "smith", ids: [ids[5]] });
    expect(excluded.outcome.message).toBe("2 records deleted from Contacts.");
    expect((await allRecords(server, sheetId)).map((r: any) => r.id)).toEqual(
      left.filter((id: string) => ![ids[10], ids[15]].includes(id)),
    );
  });

  it("deletes by one field's cell with filterField", async () => {
    const { workbookId, sheetId } = await contacts(9);
    const { data } = await server.ok(
      "POST",
      "/jobs",
      deleteJob(workbookId, { sheet: sheetId, filter: "error", filterField: "email" }),
    );
    expect(data.metadata.selected).toBe(3);
    await waitForJob(server, data.id);
    expect((await allRecords(server, sheetId)).every((r: any) => r.values.email.valid)).toBe(true);
  });

  it("refuses q, unknown fields, a sheet of another workbook or space, and a read-only sheet for tokens", async () => {
    const { workbookId, sheetId } = await contacts(3);
    const other = await contacts(1);
    const refused = async (body: unknown, status: number, token?: string) => {
      const response = await server.call("POST", "/jobs", { body, token });
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      return response.body.errors[0];
    };
    expect(await refused(deleteJob(workbookId, { sheet: sheetId, q: "age > 3" }), 400)).toMatchObject({
      key: "config.q",
    });
    expect(
      await refused(deleteJob(workbookId, { sheet: sheetId, searchField: "nope", searchValue: "x" }), 400),
    ).toEqual({
      key: "config.searchField",
      message: '"nope" is not a field of sheet Contacts',
    });
    expect(await refused(deleteJob(workbookId, { sheet: other.sheetId }), 400)).toMatchObject({
      key: "source",
    });
    expect(await refused(deleteJob(workbookId, {}), 400)).toMatchObject({ key: "config.sheet" });
    const otherSpace = (await server.ok("POST", "/spaces", { name: "Elsewhere" })).data.id;
    const stranger = await server.mintToken("user", otherSpace);
    expect(await refused(deleteJob(workbookId, { sheet: sheetId }), 400, stranger)).toMatchObject({
      key: "config.sheet",
    });
    const user = await server.mintToken("user", spaceId);
    const { data: own } = await server.ok(
      "POST",
      "/jobs",
      deleteJob(workbookId, { sheet: sheetId, ids: [] }),
      user,
    );
    expect(own.createdBy).not.toBe("secret-key");
    await waitForJob(server, own.id);
    expect(await allRecords(server, sheetId)).toHaveLength(3);
  });

  it("a cancel keeps the chunks applied and the snapshot, which undoes them", async () => {
    const { workbookId, sheetId } = await contacts(30_000);
    // A filtered delete copies the sheet first (a delete of all hands it over instead: a cancel then finishes it).
    const { data: created } = await server.ok(
      "POST",
      "/jobs",
      deleteJob(workbookId, { sheet: sheetId, filter: "valid" }),
    );
    const changing = await waitForJob(
      server,
      created.id,
      (job) =>
        job.status !== "ready" &&
        job.metadata.systemCursor?.phase === "change" &&
        job.metadata.systemCursor.deleted > 0,
    );
    const snapshotId = changing.metadata.systemCursor.snapshotId;
    await server.ok("POST", `/jobs/${created.id}/cancel`);
    const job = await waitForJob(server, created.id);
    expect(job.status).toBe("canceled");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const left = (await server.ok("GET", `/sheets/${sheetId}/counts`)).data.counts;
    expect(left.total).toBeLessThan(30_000);
    const { data: snapshot } = await server.ok("GET", `/snapshots/${snapshotId}`);
    expect(snapshot.recordCount).toBe(30_000);
    await server.ok("POST", `/snapshots/${snapshotId}/restore`, {
      deleted: true,
      updated: false,
      created: false,
    });
    expect((await server.ok("GET", `/sheets/${sheetId}/counts`)).data.counts.total).toBe(30_000);
  });
});

describe("sheet:find-replace", () => {
  it("runs through Flatfile's records.findAndReplace, previews what it will change, and undoes it", async () => {
    const { sheetId } = await contacts(40);
    const before = await allRecords(server, sheetId);
    const api = new FlatfileClient({ apiUrl: server.baseUrl, token: server.secretKey });
    const config = { fieldKey: "lastName", find: "Smith", replace: "Smyth" };
    const { data: preview } = await server.ok("POST", `/sheets/${sheetId}/find-replace/preview`, config);
    expect(preview.records).toBe(8);
    expect(preview.cells).toBe(8);
    expect(preview.sample).toHaveLength(8);
    expect(preview.sample[0]).toEqual({
      id: before[0].id,
      values: { lastName: { value: "Smyth", snapshotValue: "Smith", valid: true, messages: [] } },
    });
    // Whole cells only when quoted; case-sensitive.
    const whole = await server.ok("POST", `/sheets/${sheetId}/find-replace/preview`, {
      ...config,
      find: '"Smit"',
    });
    expect(whole.data.records).toBe(0);
    const lower = await server.ok("POST", `/sheets/${sheetId}/find-replace/preview`, {
      ...config,
      find: "smith",
    });
    expect(lower.data.records).toBe(0);

    // The first Smith is left out: with a search, ids exclude.
    const response = await api.records.findAndReplace(sheetId, {
      ...config,
      searchValue: "smith",
      ids: [before[0].id],
    });
    const { versionId, jobId } = response.data as { versionId: string; jobId: string };
    const job = await waitForJob(server, jobId);
    expect(job).toMatchObject({
      status: "complete",
      metadata: {
        sheetName: "Contacts",
        selected: 7,
        fieldLabel: "Last name",
        find: "Smith",
        replace: "Smyth",
      },
      outcome: {
        message: "Smith replaced in 7 records of Contacts.",
        next: {
          type: "snapshot",
          snapshotId: versionId,
          label: "Undo",
          restore: { updated: true, deleted: false },
        },
      },
    });
    const after = await allRecords(server, sheetId);
    expect(after.filter((r: any) => r.values.lastName.value === "Smyth")).toHaveLength(7);
    expect(after[0].values.lastName.value).toBe("Smith");

    await server.ok("POST", `/snapshots/${versionId}/restore`, job.outcome.next.restore);
    const restored = await allRecords(server, sheetId);
    expect(restored.map((r: any) => [r.id, r.values])).toEqual(before.map((r: any) => [r.id, r.values]));
  });

  it("reads numbers as text and back in the field's type; a result the type cannot hold is flagged", async () => {
    const { sheetId } = await contacts(12);
    const { data } = await server.ok("PUT", `/sheets/${sheetId}/find-replace`, {
      fieldKey: "age",
      find: '"10"',
      replace: "1O",
    });
    await waitForJob(server, data.jobId);
    const { data: number } = await server.ok("PUT", `/sheets/${sheetId}/find-replace`, {
      fieldKey: "age",
      find: "1",
      replace: "2",
    });
    await waitForJob(server, number.jobId);
    const ages = (await allRecords(server, sheetId)).map((r: any) => r.values.age);
    expect(ages[11]).toMatchObject({ value: 22, valid: true });
    expect(ages[10]).toMatchObject({ value: "2O", valid: false });
  });

  it("refuses a field that does not exist, q, and another space's sheet", async () => {
    const { sheetId } = await contacts(2);
    const missing = await server.call("PUT", `/sheets/${sheetId}/find-replace`, {
      body: { fieldKey: "nope", find: "a", replace: "b" },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0]).toEqual({
      key: "config.fieldKey",
      message: '"nope" is not a field of sheet Contacts',
    });
    const q = await server.call("PUT", `/sheets/${sheetId}/find-replace?q=age%3E1`, {
      body: { fieldKey: "age", find: "a", replace: "b" },
    });
    expect(q.status).toBe(400);
    const preview = await server.call("POST", `/sheets/${sheetId}/find-replace/preview`, {
      body: { fieldKey: "nope", find: "a" },
    });
    expect(preview.status).toBe(400);
    const otherSpace = (await server.ok("POST", "/spaces", { name: "Other" })).data.id;
    const stranger = await server.mintToken("user", otherSpace);
    const hidden = await server.call("PUT", `/sheets/${sheetId}/find-replace`, {
      body: { fieldKey: "age", find: "a", replace: "b" },
      token: stranger,
    });
    expect(hidden.status).toBe(404);
  });
});

describe("sheet:validate", () => {
  it("is created by Flatfile's sheets.validate and validates every record", async () => {
    const { sheetId } = await contacts(30);
    const api = new FlatfileClient({ apiUrl: server.baseUrl, token: server.secretKey });
    const answer = await api.sheets.validate(sheetId);
    expect(answer.data?.success).toBe(true);
    const { data: jobs } = await server.ok("GET", `/jobs?spaceId=${spaceId}&operation=validate`);
    const created = jobs.find((job: any) => job.source === sheetId);
    expect(created).toMatchObject({
      type: "sheet",
      operation: "validate",
      managed: true,
      metadata: { selected: 30 },
    });
    const job = await waitForJob(server, created.id);
    expect(job.outcome.message).toBe("30 records validated in Contacts; none changed.");
  });
});

describe("sheet:mutate-records (created here, run by its own handler)", () => {
  it("is created from core's MutateJobConfig: code with the secret key only, fields that exist", async () => {
    const { sheetId } = await contacts(4);
    const mutate = (config: Record<string, unknown>) => ({
      type: "sheet",
      operation: "mutate-records",
      source: sheetId,
      config: { sheetId, ...config },
    });
    const user = await server.mintToken("user", spaceId);
    const code = "(record) => record";
    const refusedCode = await server.call("POST", "/jobs", {
      body: mutate({ mutateRecord: code }),
      token: user,
    });
    expect(refusedCode.status).toBe(403);
    const both = await server.call("POST", "/jobs", {
      body: mutate({ mutateRecord: code, bulkEdit: { fieldKey: "email", op: "trim" } }),
    });
    expect(both.status).toBe(400);
    const unknown = await server.call("POST", "/jobs", {
      body: mutate({ bulkEdit: { fieldKey: "nope", op: "trim" } }),
    });
    expect(unknown.body.errors[0]).toMatchObject({ key: "config.bulkEdit.fieldKey" });
    const { data: bulk } = await server.ok(
      "POST",
      "/jobs",
      mutate({ bulkEdit: { fieldKey: "email", op: "trim" }, filter: "valid" }),
      user,
    );
    expect(bulk).toMatchObject({
      managed: true,
      mode: "foreground",
      metadata: { sheetName: "Contacts", selected: 2, mutation: "bulkEdit", fieldLabel: "Email" },
    });
    const { data: withCode } = await server.ok("POST", "/jobs", mutate({ mutateRecord: code }));
    expect(withCode.metadata).toMatchObject({ mutation: "code", selected: 4 });
  });
});
