import { FlatfileClient } from "@flatfile/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFlatfileEnv } from "./testing/flatfile-env";
import { createJob, createSpace, jobEvents } from "./testing/fixtures";
import { startTestServer, type TestServer } from "./testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

let server: TestServer;
let spaceId: string;

beforeAll(async () => {
  server = await startTestServer();
  spaceId = await createSpace(server, "retries");
});

afterAll(async () => {
  await server?.stop();
});

const RETRY = { attempts: 3, backoff: { type: "fixed", delaySeconds: 30 } };

async function runningJob(retry: Json = RETRY): Promise<Json> {
  const job = await createJob(server, spaceId, { trigger: "immediate", retry });
  await server.ok("POST", `/jobs/${job.id}/ack`);
  return job;
}

describe("automatic retries over HTTP", () => {
  it("schedules a failed attempt again with its time, numbering the attempt in the job and its events", async () => {
    const job = await runningJob();
    expect(job).toMatchObject({ attempt: 1, maxAttempts: 3, retry: RETRY });
    const before = Date.now();
    const { data } = await server.ok("POST", `/jobs/${job.id}/fail`, { outcome: { message: "CRM down" } });
    expect(data).toMatchObject({ status: "scheduled", attempt: 2, maxAttempts: 3, progress: 0 });
    expect(data).not.toHaveProperty("outcome");
    const wait = Date.parse(data.nextAttemptAt) - before;
    expect(wait).toBeGreaterThanOrEqual(29_000);
    expect(wait).toBeLessThanOrEqual(31_000);
    expect(data.attempts).toEqual([
      expect.objectContaining({ attempt: 1, status: "failed", reason: "CRM down" }),
    ]);
    const events = await jobEvents(server, job.id);
    expect(events.map((e: Json) => [e.topic, e.payload.attempt])).toEqual([
      ["job:created", 1],
      ["job:ready", 1],
      ["job:updated", 1],
      ["job:scheduled", 2],
    ]);
    expect(events[3].payload.failedAttempt).toMatchObject({ attempt: 1, reason: "CRM down" });
    // Cancel between attempts stops the rest.
    const canceled = await server.ok("POST", `/jobs/${job.id}/cancel`);
    expect(canceled.data.status).toBe("canceled");
    expect(canceled.data).not.toHaveProperty("nextAttemptAt");
  });

  it("fails for good when the listener says the failure is not worth retrying", async () => {
    const job = await runningJob();
    const { data } = await server.ok("POST", `/jobs/${job.id}/fail`, {
      outcome: { message: "bad credentials" },
      retry: false,
    });
    expect(data).toMatchObject({ status: "failed", attempt: 1 });
    expect((await jobEvents(server, job.id)).map((e: Json) => e.topic)).toContain("job:failed");
  });

  it("stamps log lines with the attempt they were written in and reads one attempt's lines", async () => {
    const job = await runningJob();
    await server.ok("POST", `/jobs/${job.id}/logs`, { lines: [{ message: "first try" }] });
    await server.ok("POST", `/jobs/${job.id}/fail`, { outcome: { message: "timeout" } });
    await server.ok("POST", `/jobs/${job.id}/logs`, { lines: [{ message: "waiting" }] });
    const all = await server.ok("GET", `/jobs/${job.id}/logs`);
    expect(all.data.lines.map((l: Json) => [l.message, l.attempt])).toEqual([
      ["first try", 1],
      ["waiting", 2],
    ]);
    const first = await server.ok("GET", `/jobs/${job.id}/logs?attempt=1`);
    expect(first.data.lines.map((l: Json) => l.message)).toEqual(["first try"]);
    expect((await server.call("GET", `/jobs/${job.id}/logs?attempt=0`)).status).toBe(400);
  });

  it("gives a job the secret key creates for a mounted action the action's policy, unless it gives one", async () => {
    const { data: workbook } = await server.ok("POST", "/workbooks", {
      name: "Billing",
      spaceId,
      sheets: [{ name: "Contacts", slug: "contacts", fields: [{ key: "name", type: "string" }] }],
      actions: [{ operation: "sync-billing", label: "Sync to billing", retry: RETRY }],
    });
    const config = { type: "workbook", operation: "sync-billing", source: workbook.id, trigger: "immediate" };
    const { data: job } = await server.ok("POST", "/jobs", config);
    expect(job).toMatchObject({ retry: RETRY, attempt: 1, maxAttempts: 3 });
    await server.ok("POST", `/jobs/${job.id}/ack`);
    const { data: failed } = await server.ok("POST", `/jobs/${job.id}/fail`, {
      outcome: { message: "busy" },
    });
    expect(failed).toMatchObject({ status: "scheduled", attempt: 2, maxAttempts: 3 });

    const once = { attempts: 1, backoff: { type: "fixed", delaySeconds: 1 } };
    const { data: own } = await server.ok("POST", "/jobs", { ...config, retry: once });
    expect(own).toMatchObject({ retry: once, maxAttempts: 1 });

    // Flatfile's client knows no `retry` (its serializer would strip one): the action's policy is the only one.
    const restoreEnv = useFlatfileEnv(server.baseUrl, server.secretKey);
    try {
      const { data: created } = await new FlatfileClient().jobs.create({
        type: "workbook",
        operation: "sync-billing",
        source: workbook.id,
        trigger: "immediate",
      });
      expect(created).toMatchObject({ retry: RETRY, attempt: 1, maxAttempts: 3 });
    } finally {
      restoreEnv();
    }
  });

  it("refuses a retry policy out of bounds, naming the field", async () => {
    for (const retry of [
      { attempts: 0, backoff: { type: "fixed", delaySeconds: 1 } },
      { attempts: 11, backoff: { type: "fixed", delaySeconds: 1 } },
      { attempts: 2, backoff: { type: "fixed", delaySeconds: 0 } },
      { attempts: 2, backoff: { type: "linear", delaySeconds: 5 } },
    ]) {
      const res = await server.call("POST", "/jobs", {
        body: { type: "workbook", operation: "export", source: "us_wb_x", spaceId, retry },
      });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain("retry");
    }
  });
});
