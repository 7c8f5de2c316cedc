import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSpace,
  createWorkbook,
  exportActionWith,
  jobEvents,
  jobIn,
  nameSheet,
} from "./testing/fixtures";
import { startTestServer, type TestServer } from "./testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/**
 * "Run again with changes": a job's `rerunOf` links it to the finished job it runs again (same space, type,
 * operation and source); `GET /jobs?rerunOf=<id>` lists a job's re-runs. Anything else is refused and creates
 * nothing.
 */

let server: TestServer;
let own: string;
let other: string;
let userToken: string;
let otherUserToken: string;
let operatorToken: string;
let workbook: Json;
let otherWorkbook: Json;

const exportAction = exportActionWith({ key: "rows", label: "Rows", type: "number" });

beforeAll(async () => {
  server = await startTestServer();
  own = await createSpace(server, "Own");
  other = await createSpace(server, "Other");
  userToken = await server.mintToken("user", own);
  otherUserToken = await server.mintToken("user", other);
  operatorToken = await server.mintToken("operator");
  const actions = [exportAction, { operation: "publish", label: "Publish", mode: "background" }];
  workbook = await createWorkbook(server, own, "Reruns", [nameSheet("Contacts")], { actions });
  otherWorkbook = await createWorkbook(server, other, "Elsewhere", [nameSheet("Contacts")], { actions });
});

afterAll(async () => {
  await server?.stop();
});

const runAs = (token: string, body: Record<string, unknown>) => server.call("POST", "/jobs", { token, body });

/** A user's export of `source` with `input`, taken by the listener and finished as `status`. */
async function finishedExport(
  status: "complete" | "failed" | "canceled",
  input: Record<string, unknown> = { format: "csv", rows: 10 },
  source: string = workbook.id,
  token: string = userToken,
): Promise<Json> {
  const created = await runAs(token, { type: "workbook", operation: "export", source, input });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const { id } = created.body.data;
  if (status === "canceled") return (await server.ok("POST", `/jobs/${id}/cancel`, {})).data;
  await server.ok("POST", `/jobs/${id}/ack`, {});
  return (await server.ok("POST", `/jobs/${id}/${status === "complete" ? "complete" : "fail"}`, {})).data;
}

const jobCount = async () => (await server.ok("GET", "/jobs?pageSize=1")).pagination.totalCount as number;

describe("a job run again", () => {
  it("links a user's action job to the failed job it runs again, with its changed input, as a new ready job", async () => {
    const old = await finishedExport("failed");
    const again = await runAs(userToken, {
      type: "workbook",
      operation: "export",
      source: workbook.id,
      input: { format: "xlsx", rows: 10 },
      rerunOf: old.id,
    });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.data).toMatchObject({
      rerunOf: old.id,
      status: "ready",
      input: { format: "xlsx", rows: 10 },
      mode: "foreground",
      spaceId: own,
    });
    expect(again.body.data.id).not.toBe(old.id);
    // The old job is as it was: running it again changes nothing of it.
    expect((await server.ok("GET", `/jobs/${old.id}`)).data).toEqual(old);
    expect((await jobEvents(server, again.body.data.id)).map((e) => e.topic)).toEqual([
      "job:created",
      "job:ready",
    ]);
  });

  it("lists a job's re-runs with GET /jobs?rerunOf, for its space's user and for operators", async () => {
    const old = await finishedExport("complete");
    const first = (
      await runAs(userToken, {
        type: "workbook",
        operation: "export",
        source: workbook.id,
        input: { format: "csv" },
        rerunOf: old.id,
      })
    ).body.data;
    const second = (
      await runAs(operatorToken, {
        type: "workbook",
        operation: "export",
        source: workbook.id,
        input: { format: "xlsx" },
        rerunOf: old.id,
      })
    ).body.data;
    const byUser = await server.call("GET", `/jobs?rerunOf=${old.id}&sortDirection=asc`, {
      token: userToken,
    });
    expect(byUser.status).toBe(200);
    expect(byUser.body.data.map((j: Json) => j.id)).toEqual([first.id, second.id]);
    expect(byUser.body.pagination.totalCount).toBe(2);
    const byOperator = await server.call("GET", `/jobs?rerunOf=${old.id}`, { token: operatorToken });
    expect(byOperator.body.data.map((j: Json) => j.id)).toEqual([second.id, first.id]);
    // Another space's user sees none of them.
    const elsewhere = await server.call("GET", `/jobs?rerunOf=${old.id}`, { token: otherUserToken });
    expect(elsewhere.body.data).toEqual([]);
    expect((await server.call("GET", "/jobs?rerunOf=", { token: userToken })).status).toBe(400);
  });

  it("runs a canceled job again, and a re-run again (each links to the one it runs again)", async () => {
    const old = await finishedExport("canceled");
    const again = await runAs(userToken, {
      type: "workbook",
      operation: "export",
      source: workbook.id,
      input: { format: "csv" },
      rerunOf: old.id,
    });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    await server.ok("POST", `/jobs/${again.body.data.id}/cancel`, {});
    const third = await runAs(userToken, {
      type: "workbook",
      operation: "export",
      source: workbook.id,
      input: { format: "csv" },
      rerunOf: again.body.data.id,
    });
    expect(third.status, JSON.stringify(third.body)).toBe(200);
    expect(third.body.data.rerunOf).toBe(again.body.data.id);
  });

  it("accepts rerunOf from the secret key for a listener's job of the same kind", async () => {
    const old = await jobIn(server, own, "complete");
    const body = {
      type: old.type,
      operation: old.operation,
      source: old.source,
      spaceId: own,
      rerunOf: old.id,
    };
    const again = await server.call("POST", "/jobs", { body });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.data.rerunOf).toBe(old.id);
  });
});

describe("the jobs that wait for a job", () => {
  it("are listed with GET /jobs?predecessorId, within what the caller may see", async () => {
    const first = await jobIn(server, own, "executing");
    const waiting = (
      await server.ok("POST", "/jobs", {
        type: "workbook",
        operation: "export",
        source: workbook.id,
        spaceId: own,
        trigger: "immediate",
        predecessorIds: [first.id],
      })
    ).data;
    expect(waiting.status).toBe("waiting");
    const listed = await server.call("GET", `/jobs?predecessorId=${first.id}`, { token: userToken });
    expect(listed.body.data.map((j: Json) => j.id)).toEqual([waiting.id]);
    await server.ok("POST", `/jobs/${first.id}/complete`, {});
    // Still listed once it no longer waits: the link is what it waited for.
    const after = await server.call("GET", `/jobs?predecessorId=${first.id}`, { token: userToken });
    expect(after.body.data.map((j: Json) => [j.id, j.status])).toEqual([[waiting.id, "ready"]]);
    const elsewhere = await server.call("GET", `/jobs?predecessorId=${first.id}`, { token: otherUserToken });
    expect(elsewhere.body.data).toEqual([]);
  });
});

describe("a re-run that is refused creates nothing", () => {
  const exportOf = (source: string, rerunOf: string, operation = "export") => ({
    type: "workbook",
    operation,
    source,
    input: { format: "csv" },
    rerunOf,
  });
  const expectRefused = async (
    token: string,
    body: Record<string, unknown>,
    status: number,
    message: RegExp,
  ) => {
    const before = await jobCount();
    const response = await runAs(token, body);
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.body.errors[0].message).toMatch(message);
    if (status === 400) expect(response.body.errors[0].key).toBe("rerunOf");
    expect(await jobCount()).toBe(before);
  };

  it("a job that does not exist: 400", async () => {
    await expectRefused(userToken, exportOf(workbook.id, "us_jb_missing0001"), 400, /not found/);
  });

  it("a job of another space, whoever asks: 400 as if missing", async () => {
    const theirs = await finishedExport("failed", { format: "csv" }, otherWorkbook.id, otherUserToken);
    await expectRefused(userToken, exportOf(workbook.id, theirs.id), 400, /not found/);
    await expectRefused(operatorToken, exportOf(workbook.id, theirs.id), 400, /not found/);
  });

  it("a job of another operation or source: 400 naming what differs", async () => {
    const old = await finishedExport("failed");
    await expectRefused(
      userToken,
      { type: "workbook", operation: "publish", source: workbook.id, rerunOf: old.id },
      400,
      /operation "export", not "publish"/,
    );
    const sheetJob = await runAs(userToken, { type: "workbook", operation: "publish", source: workbook.id });
    await server.ok("POST", `/jobs/${sheetJob.body.data.id}/cancel`, {});
    await expectRefused(
      userToken,
      exportOf(workbook.id, sheetJob.body.data.id),
      400,
      /operation "publish", not "export"/,
    );
  });

  it("a job not finished yet: 409", async () => {
    const running = await runAs(userToken, exportOf(workbook.id, (await finishedExport("complete")).id));
    expect(running.status).toBe(200);
    await expectRefused(
      userToken,
      exportOf(workbook.id, running.body.data.id),
      409,
      /is ready: a job can be run again once it has finished/,
    );
  });

  it("input the action's form refuses: 400 naming the field, as without rerunOf", async () => {
    const old = await finishedExport("failed");
    const before = await jobCount();
    const response = await runAs(userToken, { ...exportOf(workbook.id, old.id), input: { rows: 3 } });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].key).toBe("input.format");
    expect(await jobCount()).toBe(before);
  });

  it("a platform job (an export of the platform's own) with rerunOf: 400", async () => {
    const sheetId = workbook.sheets[0].id;
    const old = (
      await server.ok("POST", "/jobs", { type: "sheet", operation: "export-csv", source: sheetId })
    ).data;
    const body = { type: "sheet", operation: "export-csv", source: sheetId, rerunOf: old.id };
    const response = await server.call("POST", "/jobs", { body });
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.errors[0]).toMatchObject({
      key: "rerunOf",
      message: expect.stringMatching(/only a listener's or an action's job/),
    });
  });
});
