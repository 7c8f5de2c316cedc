/* eslint-disable @typescript-eslint/no-explicit-any -- tests read response bodies loosely on purpose */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRecords, waitForJob } from "../../testing/imports";
import { startTestServer, type TestServer } from "../../testing/test-server";

let server: TestServer;
let spaceId: string;

const FIELDS = [
  { key: "name", label: "Name", type: "string" },
  { key: "email", label: "Email", type: "string", constraints: [{ type: "unique" }] },
  { key: "age", label: "Age", type: "number" },
];

beforeAll(async () => {
  server = await startTestServer({ systemJobs: { pollIntervalMs: 200, staleAfterMs: 1_000 } });
  spaceId = (await server.ok("POST", "/spaces", { name: "Mutations" })).data.id;
});

afterAll(async () => {
  await server?.stop();
});

async function people(rows: number) {
  const workbook = (
    await server.ok("POST", "/workbooks", {
      name: "People",
      spaceId,
      sheets: [{ name: "People", slug: "people", fields: FIELDS }],
    })
  ).data;
  const sheetId = workbook.sheets[0].id as string;
  const body = Array.from({ length: rows }, (_, i) => ({
    name: { value: `  person ${i}  ` },
    email: { value: `p${i}@example.com` },
    age: { value: i },
  }));
  await server.ok("POST", `/sheets/${sheetId}/records`, body);
  return { workbookId: workbook.id as string, sheetId };
}

const mutateJob = (sheetId: string, config: Record<string, unknown>) => ({
  type: "sheet",
  operation: "mutate-records",
  source: sheetId,
  config: { sheetId, ...config },
});

const values = (records: any[], key: string) => records.map((r) => r.values[key]?.value);

describe("sheet:mutate-records", () => {
  it("runs a mutateRecord function in the sandbox over the selection, with commits and an Undo that restores", async () => {
    const { sheetId } = await people(500);
    const before = await allRecords(server, sheetId);
    const code = `function (record) {
      record.values.email.value = record.values.email.value.toUpperCase();
      return record;
    }`;
    const { data: created } = await server.ok("POST", "/jobs", mutateJob(sheetId, { mutateRecord: code }));
    expect(created).toMatchObject({ managed: true, mode: "foreground", metadata: { selected: 500 } });
    const job = await waitForJob(server, created.id);
    expect(job).toMatchObject({ status: "complete", progress: 100, claimedBy: "system:worker" });
    expect(job.outcome).toMatchObject({
      heading: "Mutation complete",
      message: "500 records changed in People.",
      next: { type: "snapshot", label: "Undo", restore: { updated: true, deleted: false, created: false } },
    });
    const after = await allRecords(server, sheetId);
    expect(values(after, "email")).toEqual(values(before, "email").map((e: string) => e.toUpperCase()));
    expect(values(after, "name")).toEqual(values(before, "name"));
    const commits = (await server.allEvents({ spaceId, topic: "commit:created" })).filter(
      (e) => e.context.sheetId === sheetId && e.context.actorId === "system:worker",
    );
    expect(commits.reduce((sum, e) => sum + e.payload.updated, 0)).toBe(500);

    await server.ok("POST", `/snapshots/${job.outcome.next.snapshotId}/restore`, job.outcome.next.restore);
    expect(values(await allRecords(server, sheetId), "email")).toEqual(values(before, "email"));
  });

  it("applies a person's bulk edit to the selection only (ids without a filter), from a user token", async () => {
    const { sheetId } = await people(20);
    const before = await allRecords(server, sheetId);
    const user = await server.mintToken("user", spaceId);
    const ids = before.slice(0, 5).map((r) => r.id);
    const { data: created } = await server.ok(
      "POST",
      "/jobs",
      mutateJob(sheetId, { bulkEdit: { fieldKey: "name", op: "trim" }, ids }),
      user,
    );
    expect(created.metadata).toMatchObject({ selected: 5 });
    const job = await waitForJob(server, created.id);
    expect(job.status).toBe("complete");
    const after = await allRecords(server, sheetId);
    expect(values(after, "name")).toEqual(
      values(before, "name").map((name: string, i: number) => (i < 5 ? name.trim() : name)),
    );
  });

  it("a user may not submit code; bad functions fail the job with a readable reason and change nothing", async () => {
    const { sheetId } = await people(50);
    const before = await allRecords(server, sheetId);
    const user = await server.mintToken("user", spaceId);
    const refused = await server.call("POST", "/jobs", {
      token: user,
      body: mutateJob(sheetId, { mutateRecord: "function (r) { return r; }" }),
    });
    expect(refused.status).toBe(403);

    const failures: [string, RegExp][] = [
      ["function (r) { for (;;) {} }", /time|long/i],
      ["function (r) { const a = []; for (;;) a.push(new Array(1e5).fill(1)); }", /memory/i],
      ["function (r) { throw new Error('no thanks'); }", /no thanks/],
      ["function (r) { return 42; }", /record/i],
      ["function (r) { return require('fs'); }", /require/],
      ["function (r) { process.exit(1); }", /process/],
    ];
    for (const [code, reason] of failures) {
      const { data } = await server.ok("POST", "/jobs", mutateJob(sheetId, { mutateRecord: code }));
      const job = await waitForJob(server, data.id);
      expect(job.status, code).toBe("failed");
      expect(job.outcome?.message ?? job.info, code).toMatch(reason);
    }
    // The server still answers at once, and no record changed.
    const health = await server.call("GET", "/health", { token: null });
    expect(health.status).toBe(200);
    expect(await allRecords(server, sheetId)).toEqual(before);
  });
});
