import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSpace, jobIn } from "./testing/fixtures";
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

const range = () => {
  const now = Date.now();
  return `from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now + 3_600_000).toISOString()}`;
};
const metrics = async (query: string, token?: string) =>
  (await server.ok("GET", `/metrics/jobs?${range()}&bucket=day${query}`, undefined, token)).data;
const sums = (data: Json) =>
  (data.buckets as Json[]).reduce(
    (sum, b) => ({
      created: sum.created + b.created,
      completed: sum.completed + b.completed,
      failed: sum.failed + b.failed,
      canceled: sum.canceled + b.canceled,
    }),
    { created: 0, completed: 0, failed: 0, canceled: 0 },
  );

type Sums = ReturnType<typeof sums>;
const minus = (a: Sums, b: Sums): Sums => ({
  created: a.created - b.created,
  completed: a.completed - b.completed,
  failed: a.failed - b.failed,
  canceled: a.canceled - b.canceled,
});

describe("GET /v1/metrics/jobs", () => {
  it("counts a space's jobs created and ended, with run and wait times", async () => {
    const spaceId = await createSpace(server, "metrics");
    // Creating a space may start a job of its own: count from here.
    const before = sums(await metrics(`&spaceId=${spaceId}`));
    for (const status of ["complete", "complete", "failed", "canceled", "executing", "created"])
      await jobIn(server, spaceId, status);
    const data = await metrics(`&spaceId=${spaceId}`);
    expect(data).toMatchObject({ bucketSeconds: 86_400, spaceId });
    expect(minus(sums(data), before)).toEqual({ created: 6, completed: 2, failed: 1, canceled: 1 });
    const bucket = data.buckets.find((b: Json) => b.completed > 0);
    expect(bucket.runMs.p50).toEqual(expect.any(Number));
    expect(bucket.waitMs.p95).toEqual(expect.any(Number));
  });

  it("keeps a user token to its own space; operators see every space", async () => {
    const own = await createSpace(server, "metrics own");
    const other = await createSpace(server, "metrics other");
    const user = await server.mintToken("user", own);
    const operator = await server.mintToken("operator");
    const mineBefore = sums(await metrics("", user));
    const otherBefore = sums(await metrics(`&spaceId=${other}`, operator));
    await jobIn(server, own, "complete");
    await jobIn(server, other, "failed");
    const mine = await metrics("", user);
    expect(mine.spaceId).toBe(own);
    expect(minus(sums(mine), mineBefore)).toEqual({ created: 1, completed: 1, failed: 0, canceled: 0 });
    const refused = await server.call("GET", `/metrics/jobs?${range()}&spaceId=${other}`, { token: user });
    expect(refused.status).toBe(404);
    const all = await metrics("", operator);
    expect(all.spaceId).toBeUndefined();
    expect(sums(all).created).toBeGreaterThanOrEqual(2);
    const others = minus(sums(await metrics(`&spaceId=${other}`, operator)), otherBefore);
    expect(others).toEqual({ created: 1, completed: 0, failed: 1, canceled: 0 });
  });

  it("refuses a range of too many buckets and a range that ends before it starts", async () => {
    const from = "2026-01-01T00:00:00Z";
    const tooMany = await server.call(
      "GET",
      `/metrics/jobs?from=${from}&to=2026-03-01T00:00:00Z&bucket=minute`,
    );
    expect(tooMany.status).toBe(400);
    const backwards = await server.call("GET", `/metrics/jobs?from=${from}&to=2025-12-01T00:00:00Z`);
    expect(backwards.status).toBe(400);
  });
});

describe("GET /metrics", () => {
  let scraped: TestServer;
  const token = "metrics-" + crypto.randomUUID();

  beforeAll(async () => {
    scraped = await startTestServer({ metricsToken: token });
  });

  afterAll(async () => {
    await scraped?.stop();
  });

  const scrape = (bearer: string | undefined) =>
    fetch(`${scraped.baseUrl}/metrics`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

  it("answers Prometheus text of the jobs to the metrics token or the secret key", async () => {
    const spaceId = await createSpace(scraped, "scraped");
    await jobIn(scraped, spaceId, "complete");
    await jobIn(scraped, spaceId, "ready");
    const response = await scrape(token);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await response.text();
    const value = (series: string) =>
      Number(
        text
          .split("\n")
          .find((line) => line.startsWith(`${series} `))
          ?.split(" ")[1],
      );
    const operation = JSON.stringify((await jobIn(scraped, spaceId, "created")).operation);
    expect(value(`jobs_finished_total{operation=${operation},status="complete"}`)).toBeGreaterThanOrEqual(1);
    expect(value(`job_run_seconds_count{operation=${operation}}`)).toBeGreaterThanOrEqual(1);
    expect(value('jobs{status="ready"}')).toBeGreaterThanOrEqual(1);
    expect((await scrape(scraped.secretKey)).status).toBe(200);
  });

  it("refuses no token, another token, and access tokens", async () => {
    expect((await scrape(undefined)).status).toBe(401);
    expect((await scrape("metrics-wrong")).status).toBe(401);
    expect((await scrape(await scraped.mintToken("operator"))).status).toBe(403);
  });
});
