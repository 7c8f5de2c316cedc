/* eslint-disable @typescript-eslint/no-explicit-any -- tests read response bodies loosely on purpose */
import { strToU8, unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allRecords,
  contactsCsv,
  extractJobOf,
  uploadAndExtract,
  uploadFile,
  waitForJob,
} from "./testing/imports";
import { startTestServer, type TestServer } from "./testing/test-server";

let server: TestServer;
let spaceId: string;
let contacts: { workbookId: string; sheetId: string };

const CONTACT_FIELDS = [
  { key: "firstName", label: "First name", type: "string" },
  { key: "lastName", label: "Last name", type: "string" },
  { key: "email", label: "Email", type: "string", constraints: [{ type: "required" }] },
  { key: "age", label: "Age", type: "number" },
  {
    key: "status",
    label: "Status",
    type: "enum",
    config: {
      options: [
        { value: "active", label: "Active" },
        { value: "lead", label: "Lead" },
      ],
    },
  },
];

beforeAll(async () => {
  server = await startTestServer({ systemJobs: { pollIntervalMs: 200, staleAfterMs: 1_000 } });
  spaceId = (await server.ok("POST", "/spaces", { name: "Imports" })).data.id;
  const workbook = (
    await server.ok("POST", "/workbooks", {
      name: "CRM",
      spaceId,
      sheets: [{ name: "Contacts", slug: "contacts", fields: CONTACT_FIELDS }],
    })
  ).data;
  contacts = { workbookId: workbook.id, sheetId: workbook.sheets[0].id };
});

afterAll(async () => {
  await server?.stop();
});

const sheetsOf = async (workbookId: string) =>
  (await server.ok("GET", `/workbooks/${workbookId}`)).data.sheets;

describe("file:extract", () => {
  it("extracts an uploaded CSV into a workbook labelled file, run by the system worker", async () => {
    const uploaded = await uploadFile(server, spaceId, "contacts.csv", contactsCsv(25));
    expect(uploaded.status).toBe("partial");
    const created = await extractJobOf(server, uploaded.id);
    expect(created).toMatchObject({
      type: "file",
      operation: "extract",
      managed: true,
      config: { driver: "csv" },
    });
    const job = await waitForJob(server, created.id);
    expect(job).toMatchObject({
      status: "complete",
      progress: 100,
      claimedBy: "system:worker",
      config: { driver: "csv", detectedHeaderRow: 0 },
    });
    expect(job.outcome.message).toBe("25 rows extracted from contacts.csv.");
    const { data: file } = await server.ok("GET", `/files/${uploaded.id}`);
    expect(file.status).toBe("complete");
    const { data: workbook } = await server.ok("GET", `/workbooks/${file.workbookId}`);
    expect(workbook.labels).toEqual(["file"]);
    expect(workbook.sheets).toHaveLength(1);
    expect(workbook.sheets[0].config.fields.map((f: any) => [f.label, f.type])).toEqual([
      ["First Name", "string"],
      ["Last Name", "string"],
      ["Email Address", "string"],
      ["Age", "string"],
    ]);
    const records = await allRecords(server, workbook.sheets[0].id);
    expect(records).toHaveLength(25);
    const keys = workbook.sheets[0].config.fields.map((f: any) => f.key);
    expect(records[24].values[keys[2]].value).toBe("person-25@example.com");

    // The worker speaks as itself in the log, and the job's events tell the story in order.
    const events = await server.allEvents({ domain: "job" });
    const mine = events.filter((e: any) => e.context.jobId === job.id);
    expect(mine[0].topic).toBe("job:created");
    expect(mine.at(-1).topic).toBe("job:completed");
    expect(mine.at(-1).context.actorId).toBe("system:worker");
  });

  it("reads a title row above the header, quotes with delimiters and newlines, semicolons and a BOM", async () => {
    const csv = '\uFEFFContacts export\n\nName;Note\n"Smith; John";"two\nlines"\nAnn;plain\n';
    const { file, job } = await uploadAndExtract(server, spaceId, "semicolons.csv", csv);
    expect(job.status).toBe("complete");
    expect(job.config.detectedHeaderRow).toBe(2);
    const [sheet] = await sheetsOf(file.workbookId);
    const records = await allRecords(server, sheet.id);
    const [name, note] = sheet.config.fields.map((f: any) => f.key);
    expect(records.map((r: any) => [r.values[name].value, r.values[note].value])).toEqual([
      ["Smith; John", "two\nlines"],
      ["Ann", "plain"],
    ]);
  });

  it("extracts TSV, JSON (an array of objects) and XLSX (a sheet per worksheet)", async () => {
    const tsv = await uploadAndExtract(server, spaceId, "people.tsv", "a\tb\n1\t2\n");
    expect(tsv.job.status).toBe("complete");
    const json = await uploadAndExtract(
      server,
      spaceId,
      "people.json",
      JSON.stringify([{ a: 1 }, { a: 2, b: "x" }]),
    );
    expect(json.job.status).toBe("complete");
    const [jsonSheet] = await sheetsOf(json.file.workbookId);
    expect(jsonSheet.config.fields.map((f: any) => f.label)).toEqual(["a", "b"]);
    expect(await allRecords(server, jsonSheet.id)).toHaveLength(2);

    const xlsx = await uploadAndExtract(server, spaceId, "book.xlsx", twoSheetXlsx());
    expect(xlsx.job.status).toBe("complete");
    const sheets = await sheetsOf(xlsx.file.workbookId);
    expect(sheets.map((s: any) => s.name)).toEqual(["People", "Places"]);
    expect(await allRecords(server, sheets[1].id)).toHaveLength(1);
  });

  it("gives a file type it does not parse no job, so a listener's extractor can take it", async () => {
    const file = await uploadFile(server, spaceId, "scan.pdf", "%PDF-1.4");
    expect(file.status).toBe("complete");
    expect(await extractJobOf(server, file.id)).toBeUndefined();
    const exported = await uploadFile(server, spaceId, "out.csv", "a\n1\n", { mode: "export" });
    expect(await extractJobOf(server, exported.id)).toBeUndefined();
  });

  it("keeps a header-only file as an empty sheet, and pads ragged rows", async () => {
    const header = await uploadAndExtract(server, spaceId, "header.csv", "a,b,c\n");
    expect(header.job.status).toBe("complete");
    const [sheet] = await sheetsOf(header.file.workbookId);
    expect(sheet.recordCounts.total).toBe(0);

    const ragged = await uploadAndExtract(server, spaceId, "ragged.csv", "a,b,c\n1\n1,2,3\n");
    expect(ragged.job.status).toBe("complete");
    const [raggedSheet] = await sheetsOf(ragged.file.workbookId);
    expect(await allRecords(server, raggedSheet.id)).toHaveLength(2);
  });

  it.each([
    ["an empty file", "empty.csv", () => ""],
    ["binary data named .csv", "binary.csv", () => new Uint8Array([0, 1, 2, 0, 255, 0, 7, 0, 0, 3, 0, 1])],
    ["10,000 columns", "wide.csv", () => Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(",") + "\n"],
    ["a 5 MB cell", "huge-cell.csv", () => `a,b\n${"x".repeat(5 * 1024 * 1024)},1\n`],
    ["a zip bomb named .xlsx", "bomb.xlsx", zipBomb],
    ["JSON that is not an array of objects", "object.json", () => '{"ok":true}'],
  ])("fails %s with a reason a person can read, leaving no workbook", async (_what, name, content) => {
    const { file, job } = await uploadAndExtract(server, spaceId, name, content());
    expect(job.status).toBe("failed");
    expect(job.outcome.heading).toBe("Extraction failed");
    expect(job.outcome.message).toMatch(new RegExp(`^${name.replace(".", "\\.")} could not be read: [A-Z]`));
    expect(file.status).toBe("failed");
    expect(file.workbookId).toBeUndefined();
    const { data: workbooks } = await server.ok("GET", `/workbooks?spaceId=${spaceId}&pageSize=1000`);
    expect(workbooks.some((w: any) => w.metadata?.fileId === file.id)).toBe(false);
    // The server answered all along.
    expect((await server.call("GET", "/health")).status).toBe(200);
  });

  it("stops at the next chunk when canceled, removes what it made, and a retry extracts every row once", async () => {
    const rows = 60_000;
    const uploaded = await uploadFile(server, spaceId, "big.csv", contactsCsv(rows));
    const created = await extractJobOf(server, uploaded.id);
    await waitForJob(server, created.id, (job) => job.status === "executing" && job.progress > 0);
    await server.ok("POST", `/jobs/${created.id}/cancel`, {});
    await server.systemWorker?.idle();
    const canceled = await waitForJob(server, created.id);
    expect(canceled.status).toBe("canceled");
    const { data: afterCancel } = await server.ok("GET", `/files/${uploaded.id}`);
    expect(afterCancel.status).toBe("failed");
    expect(afterCancel.workbookId).toBeUndefined();

    await server.ok("POST", `/jobs/${created.id}/retry`);
    const retried = await waitForJob(server, created.id, undefined, 60_000);
    expect(retried.status).toBe("complete");
    const { data: file } = await server.ok("GET", `/files/${uploaded.id}`);
    const [sheet] = await sheetsOf(file.workbookId);
    expect(sheet.recordCounts.total).toBe(rows);
  });
});

describe("workbook:map", () => {
  let extracted: { workbookId: string; sheetId: string };

  beforeAll(async () => {
    const csv = [
      "E-mail,First Name,last_name,Age,Status,Notes",
      "ann@example.com,Ann,Lee,34,Active,first",
      "bob@example.com,Bob,Ray,not a number,lead,second",
      ",Cy,Doe,51,ACTIVE,third",
    ].join("\n");
    const { file } = await uploadAndExtract(server, spaceId, "people.csv", csv);
    const [sheet] = await sheetsOf(file.workbookId);
    extracted = { workbookId: file.workbookId, sheetId: sheet.id };
  });

  const createMapJob = async (token?: string) =>
    (
      await server.ok(
        "POST",
        "/jobs",
        {
          type: "workbook",
          operation: "map",
          source: extracted.workbookId,
          destination: contacts.workbookId,
          config: { sourceSheetId: extracted.sheetId, destinationSheetId: contacts.sheetId },
        },
        token,
      )
    ).data;

  it("plans on creation: planning, with a plan whose edges have previews and certainties", async () => {
    const job = await createMapJob();
    expect(job).toMatchObject({ status: "planning", managed: true, mode: "foreground" });
    expect(job.executionPlan).toBeUndefined();
    const { data } = await server.ok("GET", `/jobs/${job.id}/plan`);
    const edges = Object.fromEntries(
      data.plan.fieldMapping.map((e: any) => [
        e.destinationField.key,
        [e.sourceField.label, e.metadata.certainty],
      ]),
    );
    expect(edges).toMatchObject({
      email: ["E-mail", expect.any(String)],
      firstName: ["First Name", expect.any(String)],
      lastName: ["last_name", expect.any(String)],
      age: ["Age", "absolute"],
      status: ["Status", "absolute"],
    });
    expect(data.plan.unmappedSourceFields.map((f: any) => f.sourceField.label)).toEqual(["Notes"]);
    const status = data.plan.fieldMapping.find((e: any) => e.destinationField.key === "status");
    expect(status.preview).toEqual(["Active", "lead", "ACTIVE"]);
    expect(status.enumDetails.mapping).toEqual(
      expect.arrayContaining([{ sourceValue: "Active", destinationValue: "active" }]),
    );
  });

  it("refuses a plan naming fields that do not exist, and executing twice", async () => {
    const job = await createMapJob();
    const { data } = await server.ok("GET", `/jobs/${job.id}/plan`);
    const bad = structuredClone(data.plan.fieldMapping);
    bad[0].destinationField.key = "nope";
    const refused = await server.call("PATCH", `/jobs/${job.id}/plan`, { body: { fieldMapping: bad } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toContain('"nope"');
    await server.ok("POST", `/jobs/${job.id}/execute`);
    const again = await server.call("POST", `/jobs/${job.id}/execute`);
    expect(again.status).toBe(409);
    const late = await server.call("PATCH", `/jobs/${job.id}/plan`, {
      body: { fieldMapping: data.plan.fieldMapping },
    });
    expect(late.status).toBe(409);
    await waitForJob(server, job.id);
  });

  it("runs for a user of the space: records through the plan, bad values kept and flagged, an outcome to the sheet", async () => {
    const userToken = await server.mintToken("user", spaceId);
    const before = (await server.ok("GET", `/sheets/${contacts.sheetId}/records?pageSize=1`)).data.counts
      .total;
    const job = await createMapJob(userToken);
    await server.ok("POST", `/jobs/${job.id}/execute`, undefined, userToken);
    const done = await waitForJob(server, job.id);
    expect(done.status).toBe("complete");
    expect(done.outcome.next).toMatchObject({ type: "id", id: spaceId, path: `sheets/${contacts.sheetId}` });
    const records = (await allRecords(server, contacts.sheetId)).slice(before);
    expect(records).toHaveLength(3);
    const bob = records.find((r: any) => r.values.firstName.value === "Bob");
    expect(bob.values.age).toMatchObject({ value: "not a number", valid: false });
    expect(bob.values.status.value).toBe("lead");
    const cy = records.find((r: any) => r.values.firstName.value === "Cy");
    expect(cy.values.email.valid).toBe(false);
    expect(cy.values.status.value).toBe("active");
    expect(records.find((r: any) => r.values.firstName.value === "Ann").values.age.value).toBe(34);
  });

  it("refuses a map job over workbooks of another space or a sheet of another workbook", async () => {
    const other = (await server.ok("POST", "/spaces", { name: "Other" })).data.id;
    const userToken = await server.mintToken("user", other);
    const refused = await server.call("POST", "/jobs", {
      token: userToken,
      body: {
        type: "workbook",
        operation: "map",
        source: extracted.workbookId,
        destination: contacts.workbookId,
        config: { sourceSheetId: extracted.sheetId, destinationSheetId: contacts.sheetId },
      },
    });
    expect(refused.status).toBe(400);
    const wrongSheet = await server.call("POST", "/jobs", {
      body: {
        type: "workbook",
        operation: "map",
        source: extracted.workbookId,
        destination: contacts.workbookId,
        config: { sourceSheetId: contacts.sheetId, destinationSheetId: contacts.sheetId },
      },
    });
    expect(wrongSheet.status).toBe(400);
    expect(wrongSheet.body.errors[0].key).toBe("config.sourceSheetId");
  });
});

/** An XLSX with two worksheets, built from its XML parts. */
function twoSheetXlsx(): Uint8Array {
  const sheet = (rows: string[][]) =>
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows
      .map(
        (cells, r) =>
          `<row r="${r + 1}">${cells
            .map(
              (text, c) =>
                `<c r="${String.fromCharCode(65 + c)}${r + 1}" t="inlineStr"><is><t>${text}</t></is></c>`,
            )
            .join("")}</row>`,
      )
      .join("")}</sheetData></worksheet>`;
  return zipSync({
    "[Content_Types].xml": strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    "_rels/.rels": strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    "xl/workbook.xml": strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="People" sheetId="1" r:id="rId1"/><sheet name="Places" sheetId="2" r:id="rId2"/></sheets></workbook>',
    ),
    "xl/_rels/workbook.xml.rels": strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>',
    ),
    "xl/worksheets/sheet1.xml": strToU8(
      sheet([
        ["Name", "Age"],
        ["Ann", "34"],
        ["Bob", "40"],
      ]),
    ),
    "xl/worksheets/sheet2.xml": strToU8(sheet([["City"], ["Oslo"]])),
  });
}

/** An .xlsx that holds 40 MiB of zeros beside its worksheets: it inflates far more than any spreadsheet does. */
function zipBomb(): Uint8Array {
  const book = unzipSync(twoSheetXlsx());
  return zipSync({ "xl/media/zeros.bin": new Uint8Array(40 * 1024 * 1024), ...book });
}
