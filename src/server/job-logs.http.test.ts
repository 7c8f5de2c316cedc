import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOB_LOG_LIMITS } from "../core";
import { createJob, createSpace, jobEvents, jobIn } from "./testing/fixtures";
import { startTestServer, type TestServer } from "./testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

const logPath = (jobId: string, query = "") => `/jobs/${jobId}/logs${query}`;
const post = (
  jobId: string,
  lines: Json[],
  options: { token?: string; headers?: Record<string, string> } = {},
) => server.call("POST", logPath(jobId), { body: { lines }, ...options });
const read = async (jobId: string, query = "", token?: string) =>
  (await server.ok("GET", logPath(jobId, query), undefined, token)).data;
const numbered = (from: number, to: number, extra: Json = {}) =>
  Array.from({ length: to - from }, (_, i) => ({ message: `line ${from + i}`, ...extra }));

describe("POST and GET /v1/jobs/{id}/logs", () => {
  it("appends a batch in order, with the server's time when none is sent, and reads it back", async () => {
    const spaceId = await createSpace(server, "logs");
    const job = await jobIn(server, spaceId, "executing");
    const before = Date.now();
    const appended = await post(job.id, [
      { level: "warn", message: "first", time: "2025-03-01T10:00:00+02:00", data: { row: 3 } },
      { message: "second" },
    ]);
    expect(appended).toMatchObject({
      status: 200,
      body: { data: { firstSeq: 1, lastSeq: 2, count: 2, dropped: 0 } },
    });
    const page = await read(job.id);
    expect(page).toMatchObject({ hasMore: false, lastSeq: 2, dropped: 0 });
    expect(page.lines).toEqual([
      {
        seq: 1,
        level: "warn",
        message: "first",
        time: "2025-03-01T08:00:00.000Z",
        data: { row: 3 },
        attempt: 1,
      },
      { seq: 2, level: "info", message: "second", time: expect.any(String), attempt: 1 },
    ]);
    expect(Date.parse(page.lines[1].time)).toBeGreaterThanOrEqual(before - 1_000);
  });

  it("publishes one job:logs-appended event per batch, with the seqs and the highest level but not the lines", async () => {
    const spaceId = await createSpace(server, "logs");
    const job = await jobIn(server, spaceId, "executing");
    await post(job.id, [
      { level: "debug", message: "a" },
      { level: "error", message: "b" },
      { message: "c" },
    ]);
    await post(job.id, [{ message: "d" }]);
    const events = (await jobEvents(server, job.id)).filter((e) => e.topic === "job:logs-appended");
    expect(events.map((e) => e.payload)).toEqual([
      { firstSeq: 1, lastSeq: 3, count: 3, dropped: 0, level: "error" },
      { firstSeq: 4, lastSeq: 4, count: 1, dropped: 0, level: "info" },
    ]);
    expect(events[0]).toMatchObject({ domain: "job", context: { spaceId, jobId: job.id } });
  });

  it("pages oldest first with after, newest first with before, and filters by level and text", async () => {
    const spaceId = await createSpace(server, "logs");
    const job = await jobIn(server, spaceId, "executing");
    await post(job.id, numbered(0, 6));
    await post(job.id, [
      { level: "error", message: "Upload FAILED" },
      { level: "debug", message: "retry failed quietly" },
    ]);
    const seqs = (page: Json) => page.lines.map((line: Json) => line.seq);
    const first = await read(job.id, "?pageSize=3");
    expect([seqs(first), first.hasMore]).toEqual([[1, 2, 3], true]);
    const next = await read(job.id, `?pageSize=3&after=${first.lines[2].seq}`);
    expect(seqs(next)).toEqual([4, 5, 6]);
    const end = await read(job.id, "?pageSize=3&after=6");
    expect([seqs(end), end.hasMore, end.lastSeq]).toEqual([[7, 8], false, 8]);
    expect(seqs(await read(job.id, "?order=desc&pageSize=2"))).toEqual([8, 7]);
    expect(seqs(await read(job.id, "?order=desc&pageSize=2&before=7"))).toEqual([6, 5]);
    expect(seqs(await read(job.id, "?level=warn"))).toEqual([7]);
    expect(seqs(await read(job.id, "?q=FAILED"))).toEqual([7, 8]);
    expect(seqs(await read(job.id, "?q=failed&level=info"))).toEqual([7]);
    // Following the log: nothing new after the last seq until the next batch.
    expect(seqs(await read(job.id, "?after=8"))).toEqual([]);
    await post(job.id, [{ message: "later" }]);
    expect(seqs(await read(job.id, "?after=8"))).toEqual([9]);
  });

  it("keeps the newest lines of a job within the line limit, with the marker line first", async () => {
    const spaceId = await createSpace(server, "logs");
    const job = await jobIn(server, spaceId, "executing");
    const batch = JOB_LOG_LIMITS.linesPerBatch;
    const batches = JOB_LOG_LIMITS.linesPerJob / batch + 1;
    for (let b = 0; b < batches; b++) {
      const response = await post(job.id, numbered(b * batch, (b + 1) * batch));
      expect(response.status).toBe(200);
    }
    const total = batches * batch;
    const dropped = total - JOB_LOG_LIMITS.linesPerJob;
    const first = await read(job.id, "?pageSize=2");
    expect(first).toMatchObject({ lastSeq: total, dropped, hasMore: true });
    expect(first.lines).toEqual([
      {
        seq: dropped,
        level: "warn",
        message: `${dropped} earlier lines dropped`,
        time: expect.any(String),
        dropped,
      },
      expect.objectContaining({ seq: dropped + 1, message: `line ${dropped}` }),
    ]);
    const newest = await read(job.id, "?order=desc&pageSize=1");
    expect(newest.lines[0]).toMatchObject({ seq: total, message: `line ${total - 1}` });
  });

  it("keeps the newest lines of a job within the byte limit", async () => {
    const spaceId = await createSpace(server, "logs");
    const job = await jobIn(server, spaceId, "executing");
    const big = "x".repeat(JOB_LOG_LIMITS.messageLength);
    // 65 lines of 8 KiB make 520 KiB; twice that is 16 KiB over the limit: the first two lines go.
    const lines = Array.from({ length: 65 }, () => ({ message: big }));
    expect((await post(job.id, lines)).status).toBe(200);
    expect((await post(job.id, lines)).body.data).toEqual({
      firstSeq: 66,
      lastSeq: 130,
      count: 65,
      dropped: 2,
    });
    const page = await read(job.id, "?pageSize=2");
    expect(page.lines.map((line: Json) => [line.seq, line.dropped])).toEqual([
      [2, 2],
      [3, undefined],
    ]);
  });

  it("answers 400 naming the field for bad input, and writes nothing", async () => {
    const spaceId = await createSpace(server, "logs");
    const job = await jobIn(server, spaceId, "executing");
    const cases: [Json, string][] = [
      [{ lines: [] }, "lines"],
      [{ lines: numbered(0, JOB_LOG_LIMITS.linesPerBatch + 1) }, "lines"],
      [{ lines: [{ message: "ok" }, { level: "fatal", message: "x" }] }, "lines.1.level"],
      [{ lines: [{ message: "x".repeat(JOB_LOG_LIMITS.messageLength + 1) }] }, "lines.0.message"],
      [{ lines: [{ message: "x", time: "yesterday" }] }, "lines.0.time"],
      [{ lines: [{ message: "x", data: { blob: "y".repeat(JOB_LOG_LIMITS.dataBytes) } }] }, "lines.0.data"],
      [{ lines: [{ message: "x", data: [1, 2] }] }, "lines.0.data"],
      [{ lines: [{ level: "info" }] }, "lines.0.message"],
    ];
    for (const [body, key] of cases) {
      const response = await server.call("POST", logPath(job.id), { body });
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(response.body.errors[0].key).toBe(key);
      expect(response.body.errors[0].message).toBeTruthy();
    }
    expect(await read(job.id)).toEqual({ lines: [], hasMore: false, lastSeq: 0, dropped: 0 });
    const badQuery = await server.call("GET", logPath(job.id, "?level=loud"));
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.errors[0].key).toBe("query.level");
    expect(
      (await server.call("GET", logPath(job.id, `?pageSize=${JOB_LOG_LIMITS.pageSizeMax + 1}`))).status,
    ).toBe(400);
  });

  it("lets whoever may update a job write its log and whoever may read it read it; 404 for an unknown job", async () => {
    const spaceId = await createSpace(server, "logs");
    const otherSpace = await createSpace(server, "logs elsewhere");
    const job = await jobIn(server, spaceId, "executing");
    await post(job.id, [{ message: "by the listener" }]);
    const operator = await server.mintToken("operator");
    const user = await server.mintToken("user", spaceId);
    const stranger = await server.mintToken("user", otherSpace);
    for (const token of [operator, user]) {
      expect((await post(job.id, [{ message: "no" }], { token })).status).toBe(403);
      expect((await read(job.id, "", token)).lines).toHaveLength(1);
    }
    expect((await post(job.id, [{ message: "no" }], { token: stranger })).status).toBe(404);
    expect((await server.call("GET", logPath(job.id), { token: stranger })).status).toBe(404);
    expect((await post("us_jb_missing", [{ message: "x" }])).status).toBe(404);
    expect((await server.call("GET", logPath("us_jb_missing"))).status).toBe(404);
    expect((await server.call("GET", logPath(job.id), { token: null })).status).toBe(401);
  });

  it("refuses lines from a listener other than the one that claimed the job, and takes them in any status", async () => {
    const spaceId = await createSpace(server, "logs");
    const job = await createJob(server, spaceId, { trigger: "immediate" });
    await server.call("POST", `/jobs/${job.id}/ack`, {
      body: {},
      headers: { "x-listener-id": "listener-a" },
    });
    const other = await post(job.id, [{ message: "x" }], { headers: { "x-listener-id": "listener-b" } });
    expect(other.status).toBe(409);
    expect(other.body.errors[0].message).toMatch(/another listener/);
    expect(
      (await post(job.id, [{ message: "mine" }], { headers: { "x-listener-id": "listener-a" } })).status,
    ).toBe(200);
    const done = await jobIn(server, spaceId, "complete");
    expect((await post(done.id, [{ message: "late line" }])).status).toBe(200);
  });

  it("deletes a job's lines with the job", async () => {
    const spaceId = await createSpace(server, "logs");
    const job = await jobIn(server, spaceId, "complete");
    await post(job.id, [{ message: "kept as long as the job" }]);
    await server.ok("DELETE", `/jobs/${job.id}`);
    expect((await server.call("GET", logPath(job.id))).status).toBe(404);
  });
});
