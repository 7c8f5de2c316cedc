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

const ids = (body: { data: { id: string }[] }) => body.data.map((job) => job.id);

describe("GET /jobs search", () => {
  it("finds jobs by a word of their outcome message or by id, only in the caller's space", async () => {
    const spaceId = await createSpace(server, "searched");
    const otherSpace = await createSpace(server, "elsewhere");
    const done = await createJob(server, spaceId, { trigger: "immediate" });
    await server.ok("POST", `/jobs/${done.id}/ack`, {});
    await server.ok("POST", `/jobs/${done.id}/complete`, {
      outcome: { message: "Sent 3 invoices to Brightwater Ltd" },
    });
    const elsewhere = await createJob(server, otherSpace, { trigger: "immediate" });
    await server.ok("POST", `/jobs/${elsewhere.id}/ack`, {});
    await server.ok("POST", `/jobs/${elsewhere.id}/complete`, { outcome: { message: "Brightwater again" } });

    expect(ids(await server.ok("GET", `/jobs?spaceId=${spaceId}&q=brightw`))).toEqual([done.id]);
    expect(ids(await server.ok("GET", "/jobs?q=BRIGHTWATER&sortDirection=asc"))).toEqual([
      done.id,
      elsewhere.id,
    ]);
    expect(ids(await server.ok("GET", `/jobs?q=${done.id}`))).toEqual([done.id]);
    expect(ids(await server.ok("GET", "/jobs?q=invoices%20ltd"))).toEqual([done.id]);
    expect(ids(await server.ok("GET", "/jobs?q=voices"))).toEqual([]);

    const user = await server.mintToken("user", otherSpace);
    const asUser = await server.call("GET", "/jobs?q=brightwater", { token: user });
    expect(ids(asUser.body)).toEqual([elsewhere.id]);
  });

  it("filters by creator, source and creation time, with any offset", async () => {
    const spaceId = await createSpace(server, "filtered");
    const job = await createJob(server, spaceId, { source: "us_wb_filtered" });
    const created = new Date(job.createdAt as string);
    const offset = (ms: number) => new Date(created.getTime() + ms).toISOString().replace("Z", "+00:00");
    const list = (query: string) =>
      server.ok("GET", `/jobs?spaceId=${spaceId}&operation=export&${query}`).then(ids);
    expect(await list("createdBy=secret-key&source=us_wb_filtered")).toEqual([job.id]);
    expect(await list("createdBy=someone")).toEqual([]);
    expect(await list(`createdFrom=${encodeURIComponent(offset(0))}`)).toEqual([job.id]);
    expect(await list(`createdTo=${encodeURIComponent(offset(0))}`)).toEqual([]);
    expect(await list(`finishedFrom=${encodeURIComponent(offset(-1000))}`)).toEqual([]);
    const bad = await server.call("GET", "/jobs?createdFrom=yesterday");
    expect(bad.status).toBe(400);
  });
});

describe("GET /jobs keyset pages", () => {
  it("answers a nextCursor while more jobs follow, and the pages it leads to hold every job once", async () => {
    const spaceId = await createSpace(server, "keyset");
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await createJob(server, spaceId)).id as string);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const body = await server.ok(
        "GET",
        `/jobs?spaceId=${spaceId}&operation=export&pageSize=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      seen.push(...ids(body));
      if (pages === 0) expect(body.pagination.totalCount).toBe(5);
      else expect(body.pagination.totalCount).toBeLessThanOrEqual(3);
      cursor = body.pagination.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([...created].reverse());

    const bad = await server.call("GET", "/jobs?cursor=not-a-cursor");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("cursor");
  });
});
