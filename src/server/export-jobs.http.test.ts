import { readdirSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cell, createSpace, createWorkbook } from "./testing/fixtures";
import { waitForJob } from "./testing/imports";
import { startTestServer, type TestServer } from "./testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

let server: TestServer;
let spaceId: string;
let workbookId: string;
let sheetId: string;
let tagsId: string;
let ids: string[];
let userToken: string;

const TODAY = new Date().toISOString().slice(0, 10);

async function download(path: string, token = server.secretKey): Promise<Uint8Array> {
  const response = await fetch(`${server.baseUrl}/v1${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

/** Creates an export job and waits for it to end; answers the job. */
async function runExport(body: Record<string, unknown>, token?: string): Promise<Json> {
  const { data: created } = await server.ok("POST", "/jobs", body, token);
  return waitForJob(server, created.id);
}

const sheetExport = (options: Record<string, unknown> = {}, source = sheetId) => ({
  type: "sheet",
  operation: "export-csv",
  source,
  config: { options },
});

/** The file an export job's outcome offers, its row and bytes. */
async function exportedFile(job: Json): Promise<{ file: Json; bytes: Uint8Array }> {
  expect(job.status).toBe("complete");
  expect(job.outcome.next.type).toBe("files");
  const [{ fileId }] = job.outcome.next.files;
  const { data: file } = await server.ok("GET", `/files/${fileId}`);
  return { file, bytes: await download(`/files/${fileId}/download`) };
}

beforeAll(async () => {
  server = await startTestServer();
  spaceId = await createSpace(server, "Exports");
  const workbook = await createWorkbook(server, spaceId, "People", [
    {
      name: "Contacts",
      fields: [
        { key: "name", label: "Full name", type: "string", constraints: [{ type: "required" }] },
        { key: "email", label: "E-mail", type: "string" },
        { key: "age", type: "number" },
      ],
    },
    { name: "Tags", fields: [{ key: "tag", type: "string" }] },
  ]);
  workbookId = workbook.id;
  sheetId = workbook.sheets[0].id;
  tagsId = workbook.sheets[1].id;
  const inserted = await server.ok("POST", `/sheets/${sheetId}/records`, [
    { name: cell("Ann"), email: cell("ann@example.com"), age: cell(36) },
    { name: cell("Bob"), email: cell('says "hi", then, leaves'), age: cell(41) },
    { email: cell("cy@example.com"), age: cell(29) },
    { name: cell("Dan"), email: cell("dan@example.com"), age: cell("old") },
    { name: cell("Émile"), email: cell("line one\nline two") },
  ]);
  ids = inserted.data.records.map((r: Json) => r.id);
  await server.ok("POST", `/sheets/${tagsId}/records`, [{ tag: cell("vip") }, { tag: cell("lead") }]);
  userToken = await server.mintToken("user", spaceId);
});

afterAll(async () => {
  await server?.stop();
});

describe("sheet:export-csv", () => {
  it("writes the CSV a download answers into an export file of the space, and offers it", async () => {
    const job = await runExport(sheetExport({ bom: true }), userToken);
    expect(job).toMatchObject({
      type: "sheet",
      operation: "export-csv",
      managed: true,
      mode: "background",
      trigger: "immediate",
      spaceId,
      workbookId,
      metadata: { sheetName: "Contacts" },
      progress: 100,
    });
    expect(job.outcome.heading).toBe("Export ready");
    expect(job.outcome.message).toBe(`5 rows of Contacts are in Contacts ${TODAY}.csv.`);
    const { file, bytes } = await exportedFile(job);
    expect(file).toMatchObject({
      name: `Contacts ${TODAY}.csv`,
      mode: "export",
      status: "complete",
      mimetype: "text/csv",
      spaceId,
      workbookId,
      sheetId,
      size: bytes.byteLength,
    });
    expect(bytes).toEqual(await download(`/sheets/${sheetId}/download?bom=true`));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(strFromU8(bytes)).toMatch(/^Full name,E-mail,age\r\nAnn,/);
    // A person's list of the space's exports shows it; the import list (the default) does not.
    const { data: exports } = await server.ok(
      "GET",
      `/files?spaceId=${spaceId}&mode=export`,
      undefined,
      userToken,
    );
    expect(exports.map((f: Json) => f.id)).toContain(file.id);
    const { data: imports } = await server.ok("GET", `/files?spaceId=${spaceId}`);
    expect(imports.map((f: Json) => f.id)).not.toContain(file.id);
    const events = await server.allEvents({ topic: "file:created" });
    expect(events.find((e: Json) => e.context.fileId === file.id)?.context.actorId).toBe("system:worker");
  });

  it("exports what the options select, sorted, in the chosen columns, as the download does", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ filter: "error" }, "filter=error"],
      [
        { searchValue: "EXAMPLE.com", sortField: "age", sortDirection: "desc" },
        "searchValue=EXAMPLE.com&sortField=age&sortDirection=desc",
      ],
      [
        { searchValue: "an", searchField: "name", fields: ["age", "name"] },
        "searchValue=an&searchField=name&fields=age,name",
      ],
      [{ filter: "valid", filterField: "age" }, "filter=valid&filterField=age"],
      [{ ids: [ids[3], ids[0]] }, `ids=${ids[3]},${ids[0]}`],
    ];
    for (const [options, query] of cases) {
      const { bytes } = await exportedFile(await runExport(sheetExport(options)));
      expect(strFromU8(bytes), query).toBe(strFromU8(await download(`/sheets/${sheetId}/download?${query}`)));
    }
  });

  it("leaves out the given ids once a filter or a search applies (Flatfile's rule)", async () => {
    const { bytes } = await exportedFile(
      await runExport(sheetExport({ filter: "all", ids: [ids[1], ids[2]] })),
    );
    const lines = strFromU8(bytes).trimEnd().split("\r\n");
    expect(lines[0]).toBe("Full name,E-mail,age");
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(["Ann", "Dan", "Émile"]);
  });

  it("refuses what it cannot export with a 400 naming the option, and another space's sheet", async () => {
    const refusals: [Record<string, unknown>, string][] = [
      [sheetExport({ fields: ["nope"] }), "fields"],
      [sheetExport({ sortField: "nope" }), "config.options.sortField"],
      [sheetExport({ q: "name like 'A%'" }), "config.options.q"],
      [sheetExport({ commitId: "us_vr_1" }), "config.options.commitId"],
      [sheetExport({ filter: "none" }), "config.options.filter"],
      [{ ...sheetExport(), config: { options: { bom: "yes" } } }, "config.options.bom"],
      [
        {
          type: "workbook",
          operation: "export-csv",
          source: workbookId,
          config: { options: { filter: "valid" } },
        },
        "config.options.filter",
      ],
    ];
    for (const [body, key] of refusals) {
      const response = await server.call("POST", "/jobs", { body, token: userToken });
      expect(response.status, key).toBe(400);
      expect(response.body.errors[0].key, key).toBe(key);
    }
    const otherSpace = await createSpace(server, "Elsewhere");
    const stranger = await server.mintToken("user", otherSpace);
    const response = await server.call("POST", "/jobs", { body: sheetExport(), token: stranger });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ key: "source", message: `sheet ${sheetId} not found` });
  });

  it("leaves `workbook:export` to the listeners that mount it", async () => {
    // Not mounted in this space: a person may not run it, and it is no system job.
    const refused = await server.call("POST", "/jobs", {
      body: { type: "workbook", operation: "export", source: workbookId },
      token: userToken,
    });
    expect(refused.status).toBe(403);
    const { data: listenerJob } = await server.ok("POST", "/jobs", {
      type: "workbook",
      operation: "export",
      source: workbookId,
      trigger: "immediate",
    });
    expect(listenerJob.managed).toBe(false);
    await server.systemWorker?.idle();
    expect((await server.ok("GET", `/jobs/${listenerJob.id}`)).data.status).toBe("ready");
  });
});

describe("workbook:export-csv", () => {
  it("writes every sheet's CSV into one zip of the space", async () => {
    const job = await runExport(
      { type: "workbook", operation: "export-csv", source: workbookId, config: { options: { bom: true } } },
      userToken,
    );
    expect(job.metadata).toMatchObject({ workbookName: "People" });
    expect(job.outcome.message).toBe(`2 sheets, 7 rows of People are in People ${TODAY}.zip.`);
    const { file, bytes } = await exportedFile(job);
    expect(file).toMatchObject({ name: `People ${TODAY}.zip`, mode: "export", mimetype: "application/zip" });
    const entries = unzipSync(bytes);
    expect(Object.keys(entries)).toEqual(["Contacts.csv", "Tags.csv"]);
    expect(entries["Contacts.csv"]).toEqual(await download(`/sheets/${sheetId}/download?bom=true`));
    expect(entries["Tags.csv"]).toEqual(await download(`/sheets/${tagsId}/download?bom=true`));
  });

  it("writes an empty workbook as an empty zip", async () => {
    const { data: empty } = await server.ok("POST", "/workbooks", { spaceId, name: "Empty", sheets: [] });
    const job = await runExport({ type: "workbook", operation: "export-csv", source: empty.id });
    const { bytes } = await exportedFile(job);
    expect(Object.keys(unzipSync(bytes))).toEqual([]);
  });
});

describe("canceling an export", () => {
  it("stops at its next progress report, leaving no file and no bytes", async () => {
    const { data: big } = await server.ok("POST", "/workbooks", {
      spaceId,
      name: "Big",
      sheets: [
        {
          name: "Rows",
          slug: "rows",
          fields: [
            { key: "n", type: "number" },
            { key: "t", type: "string" },
          ],
        },
      ],
    });
    const bigSheet = big.sheets[0].id;
    for (let start = 0; start < 100_000; start += 10_000) {
      const rows = Array.from({ length: 10_000 }, (_, i) => ({
        n: cell(start + i),
        t: cell(`row ${start + i}`),
      }));
      await server.ok("POST", `/sheets/${bigSheet}/records`, rows);
    }
    const filesBefore = readdirSync(join(server.dataDir, "files")).length;
    const { data: created } = await server.ok("POST", "/jobs", sheetExport({}, bigSheet));
    await waitForJob(server, created.id, (job) => job.status === "executing" && job.progress > 0);
    await server.ok("POST", `/jobs/${created.id}/cancel`, {});
    await server.systemWorker?.idle();
    const canceled = await waitForJob(server, created.id);
    expect(canceled.status).toBe("canceled");
    const { data: exports } = await server.ok("GET", `/files?spaceId=${spaceId}&mode=export&pageSize=100`);
    expect(exports.some((f: Json) => f.sheetId === bigSheet)).toBe(false);
    expect(readdirSync(join(server.dataDir, "files"))).toHaveLength(filesBefore);

    await server.ok("POST", `/jobs/${created.id}/retry`);
    const { bytes } = await exportedFile(await waitForJob(server, created.id, undefined, 60_000));
    expect(bytes).toEqual(await download(`/sheets/${bigSheet}/download`));
  }, 60_000);
});
