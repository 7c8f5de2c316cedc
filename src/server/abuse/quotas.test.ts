/* eslint-disable @typescript-eslint/no-explicit-any -- tests read response bodies loosely on purpose */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cell, createJob, createSpace, createWorkbook, nameSheet } from "../testing/fixtures";
import { startTestServer, type TestServer } from "../testing/test-server";

/** Finding 1: no quota at all (a user token made 1,000 jobs in 3.2 s; the database grew to 605 MB). */
describe("per-space quotas", () => {
  let server: TestServer;
  let spaceId: string;
  let workbook: any;

  beforeAll(async () => {
    server = await startTestServer({
      quotas: { jobsPerMinute: 3, recordsPerSheet: 5, fileBytesPerSpace: 100 },
      systemJobs: false,
    });
    spaceId = await createSpace(server, "Quotas");
    workbook = await createWorkbook(server, spaceId, "Book", [nameSheet("People")], {
      actions: [{ operation: "submit", label: "Submit", mode: "background" }],
    });
  });
  afterAll(() => server.stop());

  it("jobs a minute: a token's fourth job in the space is 429 naming the quota; the secret key is not counted", async () => {
    const token = await server.mintToken("user", spaceId);
    const submit = { type: "workbook", operation: "submit", source: workbook.id };
    for (let i = 0; i < 3; i++)
      expect((await server.call("POST", "/jobs", { token, body: submit })).status).toBe(200);
    const before = (await server.ok("GET", `/jobs?spaceId=${spaceId}`)).data.length;
    const refused = await server.call("POST", "/jobs", { token, body: submit });
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].message).toMatch(/quota of 3 jobs a minute/);
    expect((await server.ok("GET", `/jobs?spaceId=${spaceId}`)).data.length).toBe(before);
    // The backend's own jobs are not throttled by the space's quota.
    expect((await createJob(server, spaceId)).id).toMatch(/^us_jb_/);
  });

  it("records a sheet: a write past the quota is 409 naming it, and nothing is written", async () => {
    const sheetId = workbook.sheets[0].id;
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ name: cell(`p${i}`) }));
    expect((await server.call("POST", `/sheets/${sheetId}/records`, { body: rows(3) })).status).toBe(200);
    const refused = await server.call("POST", `/sheets/${sheetId}/records`, { body: rows(3) });
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].message).toMatch(/quota of 5 records would be exceeded: it holds 3/);
    expect((await server.ok("GET", `/sheets/${sheetId}/records`)).data.records).toHaveLength(3);
  });

  it("stored bytes a space: an upload past the quota is 409 naming it, and nothing is stored", async () => {
    const upload = (content: string) => {
      const form = new FormData();
      form.append("spaceId", spaceId);
      form.append("mode", "export");
      form.append("file", new Blob([content]), "notes.txt");
      return fetch(`${server.baseUrl}/v1/files`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.secretKey}` },
        body: form,
      });
    };
    expect((await upload("x".repeat(60))).status).toBe(200);
    const refused = await upload("y".repeat(60));
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as any;
    expect(body.errors[0].message).toMatch(
      /quota of 100 bytes of stored files would be exceeded: it holds 60 bytes/,
    );
    const files = await server.ok("GET", `/files?spaceId=${spaceId}&mode=export`);
    expect(files.data).toHaveLength(1);
  });
});
