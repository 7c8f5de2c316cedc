import { FlatfileClient, type Flatfile } from "@flatfile/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSpace, jobEvents } from "./testing/fixtures";
import { expectApiError, startFlatfileTestServer } from "./testing/flatfile-env";
import type { TestServer } from "./testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

let server: TestServer;
let api: FlatfileClient;
let spaceId: string;

beforeAll(async () => {
  server = await startFlatfileTestServer();
  api = new FlatfileClient();
  spaceId = await createSpace(server, "split");
});

afterAll(async () => {
  await server?.stop();
});

/** An executing job of the listener, as a job that is about to split is. */
async function executingJob(extra: Partial<Flatfile.JobConfig> = {}): Promise<Flatfile.Job> {
  const { data } = await api.jobs.create({
    type: "space",
    operation: "load-batches",
    source: spaceId,
    trigger: "immediate",
    input: { batch: "all" },
    ...extra,
  });
  await api.jobs.ack(data.id, { info: "started" });
  return data;
}

async function partsOf(parentId: string): Promise<Flatfile.Job[]> {
  const { data } = await api.jobs.list({ parentId, sortDirection: "asc", pageSize: 1000 });
  return data.sort((a, b) => (a.part ?? 0) - (b.part ?? 0));
}

const partsCompleted = async (parentId: string) =>
  (await jobEvents(server, parentId)).filter((e: Json) => e.topic === "job:parts-completed");

describe("POST /v1/jobs/{id}/split through @flatfile/api 1.9.19", () => {
  it("splits into parallel parts that copy the parent, and publishes job:parts-completed once they all end", async () => {
    const parent = await executingJob();
    const { data: split } = await api.jobs.split(parent.id, {
      parts: [{ rows: "1-100" }, { rows: "101-200" }, { rows: "201-250" }],
      runInParallel: true,
    });
    expect(split).toMatchObject({ id: parent.id, status: "executing", progress: 0 });
    expect((split as Json).partCounts).toEqual({ total: 3, complete: 0, failed: 0, canceled: 0 });

    const parts = await partsOf(parent.id);
    expect(parts.map((p) => [p.part, p.partData, p.status, p.partExecution])).toEqual([
      [0, { rows: "1-100" }, "ready", "parallel"],
      [1, { rows: "101-200" }, "ready", "parallel"],
      [2, { rows: "201-250" }, "ready", "parallel"],
    ]);
    for (const part of parts)
      expect(part).toMatchObject({
        type: "space",
        operation: "load-batches",
        source: spaceId,
        input: { batch: "all" },
        parentId: parent.id,
      });
    // Listed with its parent unless the list leaves the parts out.
    const { data: tops } = await api.jobs.list({ spaceId, excludeChildJobs: true, pageSize: 1000 });
    expect(tops.map((j) => j.id)).not.toContain(parts[0]?.id);

    for (const part of parts) await api.jobs.ack(part.id);
    await api.jobs.complete(parts[0]!.id, { outcome: { message: "100 rows" } });
    const { data: third } = await api.jobs.get(parent.id);
    expect(third.progress).toBe(33);
    expect((third as Json).partCounts).toEqual({ total: 3, complete: 1, failed: 0, canceled: 0 });
    await api.jobs.fail(parts[1]!.id, { outcome: { message: "bad rows" } });
    expect(await partsCompleted(parent.id)).toEqual([]);
    await api.jobs.complete(parts[2]!.id);

    const events = await partsCompleted(parent.id);
    expect(events).toHaveLength(1);
    expect(events[0].context.jobId).toBe(parent.id);
    expect(events[0].payload).toMatchObject({
      job: "space:load-batches",
      status: "executing",
      progress: 100,
      parts: { total: 3, complete: 2, failed: 1, canceled: 0 },
    });
    // Flatfile's topic, as its client names it.
    const { data: listed } = await api.events.list({
      spaceId,
      topic: "job:parts-completed" as Flatfile.EventTopic,
    });
    expect(listed.map((e) => e.id)).toContain(events[0].id);
    // The parent's listener decides how the whole ends.
    const { data: done } = await api.jobs.complete(parent.id, {
      outcome: { message: "2 of 3 batches loaded" },
    });
    expect(done.status).toBe("complete");
  });

  it("runs parts one after another by default, and a part that fails cancels the ones after it", async () => {
    const parent = await executingJob();
    await api.jobs.split(parent.id, { parts: 3 });
    let parts = await partsOf(parent.id);
    expect(parts.map((p) => [p.part, p.status, p.partExecution, p.partData])).toEqual([
      [0, "ready", "sequential", undefined],
      [1, "waiting", "sequential", undefined],
      [2, "waiting", "sequential", undefined],
    ]);
    expect(parts[2]!.predecessorIds).toEqual([parts[1]!.id]);

    await api.jobs.ack(parts[0]!.id);
    await api.jobs.complete(parts[0]!.id);
    parts = await partsOf(parent.id);
    expect(parts.map((p) => p.status)).toEqual(["complete", "ready", "waiting"]);

    await api.jobs.ack(parts[1]!.id);
    await api.jobs.fail(parts[1]!.id, { outcome: { message: "source gone" } });
    parts = await partsOf(parent.id);
    expect(parts.map((p) => p.status)).toEqual(["complete", "failed", "canceled"]);
    expect(parts[2]!.info).toBe("Canceled: part 1 before it failed");

    const { data: after } = await api.jobs.get(parent.id);
    expect(after).toMatchObject({ status: "executing", progress: 100 });
    expect((after as Json).partCounts).toEqual({ total: 3, complete: 1, failed: 1, canceled: 1 });
    const events = await partsCompleted(parent.id);
    expect(events.map((e: Json) => e.payload.parts)).toEqual([
      { total: 3, complete: 1, failed: 1, canceled: 1 },
    ]);
  });

  it("publishes job:parts-completed exactly once when many parts end at the same moment", async () => {
    const parent = await executingJob();
    await api.jobs.split(parent.id, { parts: 12, runInParallel: true });
    const parts = await partsOf(parent.id);
    expect(parts).toHaveLength(12);
    await Promise.all(parts.map((p) => api.jobs.ack(p.id)));
    await Promise.all(parts.map((p) => api.jobs.complete(p.id)));
    const { data: after } = await api.jobs.get(parent.id);
    expect((after as Json).partCounts).toEqual({ total: 12, complete: 12, failed: 0, canceled: 0 });
    expect(await partsCompleted(parent.id)).toHaveLength(1);
  });

  it("refuses a job that is not executing, a part, a second split, a person's token and no parts", async () => {
    const { data: ready } = await api.jobs.create({
      type: "space",
      operation: "load-batches",
      source: spaceId,
      trigger: "immediate",
    });
    expect((await expectApiError(() => api.jobs.split(ready.id, { parts: 2 }), 409)).message).toBeDefined();

    const parent = await executingJob();
    await api.jobs.split(parent.id, { parts: 1, runInParallel: true });
    await expectApiError(() => api.jobs.split(parent.id, { parts: 2 }), 409);
    const [part] = await partsOf(parent.id);
    await api.jobs.ack(part!.id);
    await expectApiError(() => api.jobs.split(part!.id, { parts: 2 }), 409);

    const other = await executingJob();
    await expectApiError(() => api.jobs.split(other.id, { parts: 0 }), 400);
    await expectApiError(() => api.jobs.split(other.id, { parts: [] }), 400);
    const operator = await server.mintToken("operator");
    const refused = await server.call("POST", `/jobs/${other.id}/split`, {
      token: operator,
      body: { parts: 2 },
    });
    expect(refused.status).toBe(403);
    expect((await partsOf(other.id)).length).toBe(0);
    await expectApiError(() => api.jobs.split("us_jb_missing", { parts: 2 }), 404);
  });
});
