import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJob, createSpace } from "./testing/fixtures";
import { startTestServer, type TestServer } from "./testing/test-server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

describe("GET /jobs pagination", () => {
  it("counts every match on the first page and up to one past a later page, so paging to pageCount reaches the end", async () => {
    const spaceId = await createSpace(server, "paged jobs");
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await createJob(server, spaceId)).id as string);
    const page = (n: number) =>
      server.ok("GET", `/jobs?spaceId=${spaceId}&operation=export&pageSize=2&pageNumber=${n}`);

    const more = { nextCursor: expect.any(String) };
    expect((await page(1)).pagination).toEqual({ currentPage: 1, pageCount: 4, totalCount: 7, ...more });
    expect((await page(2)).pagination).toEqual({ currentPage: 2, pageCount: 3, totalCount: 5, ...more });
    expect((await page(3)).pagination).toEqual({ currentPage: 3, pageCount: 4, totalCount: 7, ...more });
    expect((await page(4)).pagination).toEqual({ currentPage: 4, pageCount: 4, totalCount: 7 });

    const seen: string[] = [];
    for (let n = 1; ; n++) {
      const body = await page(n);
      seen.push(...body.data.map((job: { id: string }) => job.id));
      if (n >= body.pagination.pageCount) break;
    }
    expect(seen).toEqual([...created].reverse());
  });
});

describe("GET /events?jobId=", () => {
  it("answers one job's events in log order, within the caller's space", async () => {
    const spaceId = await createSpace(server, "timeline");
    const otherSpace = await createSpace(server, "elsewhere");
    const job = await createJob(server, spaceId, { trigger: "immediate" });
    const other = await createJob(server, spaceId, { trigger: "immediate" });
    await server.ok("POST", `/jobs/${job.id}/ack`, { progress: 10 });
    await server.ok("POST", `/jobs/${other.id}/ack`, {});
    await server.ok("POST", `/jobs/${job.id}/complete`, {});

    const body = await server.ok("GET", `/events?jobId=${job.id}`);
    expect(body.data.map((event: { topic: string }) => event.topic)).toEqual([
      "job:created",
      "job:ready",
      "job:updated",
      "job:completed",
    ]);
    expect(body.data.every((event: { context: { jobId: string } }) => event.context.jobId === job.id)).toBe(
      true,
    );
    expect(body.pagination.totalCount).toBe(4);

    const stranger = await server.mintToken("user", otherSpace);
    const hidden = await server.call("GET", `/events?jobId=${job.id}`, { token: stranger });
    expect(hidden.status).toBe(200);
    expect(hidden.body.data).toEqual([]);
  });
});
