import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeFile } from "../store/store-fixtures";
import { createSpace, createWorkbook, jobEvents, nameSheet } from "../testing/fixtures";
import { startTestServer, type TestServer } from "../testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/**
 * Finding 3 of the abuse pass: a person's `POST /jobs` for a mounted action kept fields that belong to the listener
 * (progress, info, metadata, config, managed, an outcome that then survived the listener's completion), and
 * `destination`, `fileId` and `subject` could name another space's resources.
 */

let server: TestServer;
let own: string;
let other: string;
let userToken: string;
let ownWorkbook: Json;
let otherWorkbook: Json;
let ownFileId: string;
let otherFileId: string;

const PUBLISH = { operation: "publish", label: "Publish", mode: "foreground", confirm: false };

/** What the dashboard sends to run the workbook's "Publish" action. */
const dashboardRun = () => ({
  type: "workbook",
  operation: "publish",
  source: ownWorkbook.id,
  trigger: "immediate",
  mode: "foreground",
});

async function insertFile(spaceId: string): Promise<string> {
  const now = new Date().toISOString();
  const file = makeFile({ spaceId, environmentId: "us_env_local", createdAt: now, updatedAt: now });
  await server.store.transaction((tx) => tx.insertFile(file));
  return file.id;
}

const jobCount = async () => (await server.ok("GET", "/jobs?pageSize=1")).pagination.totalCount as number;

beforeAll(async () => {
  server = await startTestServer();
  own = await createSpace(server, "Own");
  other = await createSpace(server, "Other");
  userToken = await server.mintToken("user", own);
  ownWorkbook = await createWorkbook(server, own, "Own", [nameSheet("Contacts")], { actions: [PUBLISH] });
  otherWorkbook = await createWorkbook(server, other, "Other", [nameSheet("Contacts")], {
    actions: [PUBLISH],
  });
  ownFileId = await insertFile(own);
  otherFileId = await insertFile(other);
});

afterAll(async () => {
  await server?.stop();
});

describe("a user token creates a job with only what a person chooses", () => {
  it("accepts what the dashboard sends for a mounted action", async () => {
    const { data } = await server.ok("POST", "/jobs", dashboardRun(), userToken);
    expect(data).toMatchObject({ status: "ready", spaceId: own, managed: false, progress: 0, metadata: {} });
    expect(data.outcome).toBeUndefined();
  });

  const forged: [string, () => unknown][] = [
    ["progress", () => 90],
    ["info", () => "Almost there"],
    ["metadata", () => ({ approvedBy: "the boss" })],
    ["config", () => ({ target: "elsewhere" })],
    ["managed", () => true],
    [
      "outcome",
      () => ({
        message: "Done",
        next: { type: "download", url: "https://elsewhere.example/payload.exe", label: "Download" },
      }),
    ],
    ["status", () => "planning"],
    ["estimatedCompletionAt", () => "2030-01-01T00:00:00.000Z"],
    ["destination", () => ownWorkbook.id],
    ["fileId", () => ownFileId],
    ["parentId", () => "us_jb_parent"],
    ["spaceId", () => own],
  ];
  for (const [field, value] of forged) {
    it(`refuses ${field} with a 400 naming it, and writes no job`, async () => {
      const before = await jobCount();
      const response = await server.call("POST", "/jobs", {
        token: userToken,
        body: { ...dashboardRun(), [field]: value() },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.errors[0].key).toBe(field);
      expect(await jobCount()).toBe(before);
    });
  }

  it("refuses a subject naming another space's sheet", async () => {
    const cases: [unknown, string][] = [
      [{ type: "resource", id: otherWorkbook.sheets[0].id }, "subject.id"],
      [
        { type: "collection", resource: "records", params: { sheetId: otherWorkbook.sheets[0].id } },
        "subject.params.sheetId",
      ],
    ];
    for (const [subject, key] of cases) {
      const response = await server.call("POST", "/jobs", {
        token: userToken,
        body: { ...dashboardRun(), subject },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.errors[0].key).toBe(key);
    }
  });
});

describe("an outcome set at creation never speaks for the listener", () => {
  it("a listener completing without an outcome leaves none", async () => {
    const outcome = { message: "Set at creation", next: { type: "url", url: "https://elsewhere.example" } };
    const { data: job } = await server.ok("POST", "/jobs", {
      type: "workbook",
      operation: "publish",
      source: ownWorkbook.id,
      trigger: "immediate",
      outcome,
    });
    await server.ok("POST", `/jobs/${job.id}/ack`, {});
    const { data: completed } = await server.ok("POST", `/jobs/${job.id}/complete`, {});
    expect(completed.status).toBe("complete");
    expect(completed.outcome).toBeUndefined();
    expect((await server.ok("GET", `/jobs/${job.id}`)).data.outcome).toBeUndefined();
    const finished = (await jobEvents(server, job.id)).find((e) => e.topic === "job:completed");
    expect(finished.payload.outcome).toBeUndefined();
  });

  it("a listener failing without an outcome leaves none either", async () => {
    const { data: job } = await server.ok("POST", "/jobs", {
      type: "workbook",
      operation: "publish",
      source: ownWorkbook.id,
      trigger: "immediate",
      outcome: { message: "Set at creation" },
    });
    const { data: failed } = await server.ok("POST", `/jobs/${job.id}/fail`, {});
    expect(failed.outcome).toBeUndefined();
  });
});

describe("every caller's job names resources of its own space", () => {
  const base = () => ({ type: "workbook", operation: "publish", source: ownWorkbook.id });
  const crossSpace: [string, () => Record<string, unknown>][] = [
    ["destination", () => ({ destination: otherWorkbook.id })],
    ["fileId", () => ({ fileId: otherFileId })],
    ["subject.id", () => ({ subject: { type: "resource", id: otherWorkbook.sheets[0].id } })],
    ["source", () => ({ spaceId: own, source: otherWorkbook.id })],
  ];
  for (const [key, extra] of crossSpace) {
    it(`the secret key: ${key} in another space is a 400 naming it, and no job is written`, async () => {
      const before = await jobCount();
      const response = await server.call("POST", "/jobs", { body: { ...base(), ...extra() } });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.errors[0]).toMatchObject({ key, message: expect.stringMatching(/not found/) });
      expect(await jobCount()).toBe(before);
    });
  }

  it("the secret key: resources of the job's own space are accepted", async () => {
    const { data } = await server.ok("POST", "/jobs", {
      ...base(),
      destination: ownWorkbook.id,
      fileId: ownFileId,
      subject: { type: "resource", id: ownWorkbook.sheets[0].id },
    });
    expect(data).toMatchObject({ spaceId: own, destination: ownWorkbook.id, fileId: ownFileId });
  });

  it("a user token's import into another space's workbook is refused", async () => {
    const response = await server.call("POST", "/jobs", {
      token: userToken,
      body: {
        type: "workbook",
        operation: "map",
        source: ownWorkbook.id,
        destination: otherWorkbook.id,
        config: { sourceSheetId: ownWorkbook.sheets[0].id, destinationSheetId: otherWorkbook.sheets[0].id },
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].key).toBe("destination");
  });
});
