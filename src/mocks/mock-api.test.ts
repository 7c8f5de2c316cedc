import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { JOB_LOG_LIMITS } from "../core";
import { createClient } from "../sdk";
import { createMockApi, INJECTED_ERROR_MESSAGE, type MockApi } from "./mock-api";

const ORIGIN = "http://mock.test";

describe("the mock API's faults", () => {
  let mock: MockApi = createMockApi();
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  beforeEach(() => {
    mock = createMockApi();
    server.resetHandlers(...mock.handlers);
  });
  afterAll(() => server.close());

  const admin = () => createClient({ baseUrl: ORIGIN, token: mock.secretKey });
  const operatorToken = async () =>
    (await admin().auth.createToken({ role: "operator", subject: "t" })).token;
  const get = (path: string, token: string, signal?: AbortSignal) =>
    fetch(`${ORIGIN}${path}`, { headers: { authorization: `Bearer ${token}` }, signal });

  it("answers the dashboard's next call, and only that one, with a 500 in the API's error shape", async () => {
    const token = await operatorToken();
    const answered = mock.faults.failNextCall();

    // A caller with the secret key (the listener) is not the dashboard: its calls go through.
    expect((await get("/v1/spaces", mock.secretKey)).status).toBe(200);

    const failed = await get("/v1/spaces", token);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ errors: [{ message: INJECTED_ERROR_MESSAGE }] });
    await expect(answered).resolves.toEqual({ method: "GET", path: "/v1/spaces" });

    expect((await get("/v1/spaces", token)).status).toBe(200);
  });

  it("cuts open event streams and refuses new ones while the stream is down, then serves them again", async () => {
    const token = await operatorToken();
    const response = await get("/v1/events/stream", token);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain(": connected");
    expect(mock.faults.openStreams()).toBe(1);

    expect(mock.faults.dropStreams({ downForMs: 200 })).toBe(1);
    await expect(reader.read()).rejects.toThrow(/dropped/);
    expect(mock.faults.openStreams()).toBe(0);

    const refused = await get("/v1/events/stream", token);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ errors: [{ message: expect.stringMatching(/down/) as string }] });

    await new Promise((resolve) => setTimeout(resolve, 250));
    const closing = new AbortController();
    const again = await get("/v1/events/stream", token, closing.signal);
    expect(again.status).toBe(200);
    expect(mock.faults.openStreams()).toBe(1);
    // A client that closes its stream ends the subscription.
    const reader2 = again.body!.getReader();
    closing.abort();
    await expect(
      (async () => {
        for (;;) if ((await reader2.read()).done) return "ended";
      })(),
    ).rejects.toThrow();
    expect(mock.faults.openStreams()).toBe(0);
  });

  it("still answers everything else as the real app does", async () => {
    const refused = await get("/v1/spaces", "not-a-token");
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ errors: [{ message: expect.any(String) as string }] });
  });
});

describe("the platform's own jobs in mock mode", () => {
  const server = setupServer();
  const mock = createMockApi();
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());

  it("extracts an uploaded CSV with the system worker running in the page, as the server does", async () => {
    server.resetHandlers(...mock.handlers);
    const worker = mock.startSystemWorker();
    try {
      const admin = createClient({ baseUrl: ORIGIN, token: mock.secretKey });
      const space = await admin.spaces.create({ name: "Mock imports" });
      const file = await admin.files.upload({
        spaceId: space.id,
        file: new File(["Name,Email\nAnn,ann@example.com\nBob,bob@example.com\n"], "people.csv"),
      });
      expect(file.status).toBe("partial");
      let extracted = await admin.files.get(file.id);
      for (let i = 0; i < 200 && extracted.status === "partial"; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        extracted = await admin.files.get(file.id);
      }
      expect(extracted.status).toBe("complete");
      const workbook = await admin.workbooks.get(extracted.workbookId as string);
      expect(workbook.labels).toEqual(["file"]);
      expect(workbook.sheets.map((sheet) => sheet.recordCounts?.total)).toEqual([2]);
    } finally {
      await worker.stop();
    }
  });
});

describe("job logs in mock mode", () => {
  const server = setupServer();
  const mock = createMockApi();
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());

  it("keeps, trims and pages a job's lines with the server's limits, and refuses what the server refuses", async () => {
    server.resetHandlers(...mock.handlers);
    const admin = createClient({ baseUrl: ORIGIN, token: mock.secretKey });
    const space = await admin.spaces.create({ name: "Mock logs" });
    const job = await admin.jobs.create({
      type: "workbook",
      operation: "export",
      source: "us_wb_mock",
      spaceId: space.id,
      trigger: "immediate",
    });
    const batch = JOB_LOG_LIMITS.linesPerBatch;
    const batches = JOB_LOG_LIMITS.linesPerJob / batch + 1;
    for (let b = 0; b < batches; b++)
      await admin.jobs.log(
        job.id,
        Array.from({ length: batch }, (_, i) => ({
          level: "info" as const,
          message: `line ${b * batch + i}`,
        })),
      );
    const dropped = batch;
    const first = await admin.jobs.logs(job.id, { pageSize: 2 });
    expect(first).toMatchObject({ lastSeq: batches * batch, dropped, hasMore: true });
    expect(first.lines.map((line) => [line.seq, line.dropped ?? null, line.message])).toEqual([
      [dropped, dropped, `${dropped} earlier lines dropped`],
      [dropped + 1, null, `line ${dropped}`],
    ]);
    const newest = await admin.jobs.logs(job.id, { order: "desc", pageSize: 1, q: "LINE 5499" });
    expect(newest.lines.map((line) => line.seq)).toEqual([batches * batch]);

    const refused = await fetch(`${ORIGIN}/v1/jobs/${job.id}/logs`, {
      method: "POST",
      headers: { authorization: `Bearer ${mock.secretKey}`, "content-type": "application/json" },
      body: JSON.stringify({ lines: [{ level: "loud", message: "x" }] }),
    });
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors[0].key).toBe("lines.0.level");
  });
});
