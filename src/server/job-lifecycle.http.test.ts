import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJob, createSpace, JOB_SOURCE, jobEvents, jobIn } from "./testing/fixtures";
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

const topics = (events: Json[]) => events.map((e) => e.topic as string);

describe("creating and reading jobs", () => {
  it("creates a manual job in status created and publishes job:created only", async () => {
    const spaceId = await createSpace(server, "lifecycle");
    const job = await createJob(server, spaceId, { info: "hello", metadata: { a: 1 } });
    expect(job).toMatchObject({
      type: "workbook",
      operation: "export",
      source: JOB_SOURCE,
      status: "created",
      trigger: "manual",
      progress: 0,
      mode: "background",
      spaceId,
      info: "hello",
      metadata: { a: 1 },
    });
    expect(job.id).toMatch(/^us_jb_/);
    expect(Date.parse(job.createdAt)).not.toBeNaN();
    const events = await jobEvents(server, job.id);
    expect(topics(events)).toEqual(["job:created"]);
    expect(events[0]).toMatchObject({
      domain: "job",
      context: { spaceId, jobId: job.id, workbookId: JOB_SOURCE },
      payload: {
        job: "workbook:export",
        operation: "export",
        status: "created",
        progress: 0,
        mode: "background",
      },
    });
  });

  it("creates an immediate job straight to ready, publishing job:created then job:ready", async () => {
    const spaceId = await createSpace(server, "lifecycle");
    const job = await createJob(server, spaceId, { trigger: "immediate", mode: "foreground" });
    expect(job).toMatchObject({ status: "ready", trigger: "immediate", mode: "foreground" });
    const events = await jobEvents(server, job.id);
    expect(topics(events)).toEqual(["job:created", "job:ready"]);
    expect(events[0].position).toBeLessThan(events[1].position);
    expect(events[0].payload.status).toBe("created");
    expect(events[1].payload.status).toBe("ready");
  });

  it("gets a job by id, and 404s an unknown one", async () => {
    const spaceId = await createSpace(server, "lifecycle");
    const job = await createJob(server, spaceId);
    const got = await server.ok("GET", `/jobs/${job.id}`);
    expect(got.data).toEqual(job);
    const missing = await server.call("GET", "/jobs/us_jb_doesnotexist");
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0].message).toMatch(/not found/);
  });
});

describe("listing jobs", () => {
  let spaceId: string;
  let other: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    spaceId = await createSpace(server, "list");
    other = await createSpace(server, "other");
    // The space:configure job of `spaceId` is part of the space too.
    ids.configure = (await server.ok("GET", `/jobs?spaceId=${spaceId}`)).data[0].id;
    ids.parent = (
      await createJob(server, spaceId, { type: "workbook", operation: "import", source: "us_wb_one" })
    ).id;
    ids.child = (
      await createJob(server, spaceId, {
        type: "sheet",
        operation: "enrich",
        source: "us_sh_one",
        parentId: ids.parent,
        mode: "foreground",
      })
    ).id;
    ids.ready = (
      await createJob(server, spaceId, {
        type: "file",
        operation: "extract",
        source: "us_fl_one",
        trigger: "immediate",
      })
    ).id;
    ids.toolbar = (
      await createJob(server, spaceId, {
        type: "workbook",
        operation: "export",
        source: "us_wb_two",
        mode: "toolbarBlocking",
      })
    ).id;
    ids.elsewhere = (
      await createJob(server, other, { type: "workbook", operation: "import", source: "us_wb_one" })
    ).id;
  });

  async function listIds(query: string): Promise<string[]> {
    const body = await server.ok("GET", `/jobs?pageSize=1000&${query}`);
    return (body.data as Json[]).map((j) => j.id as string).sort();
  }
  const sorted = (...names: string[]) => names.map((n) => ids[n] as string).sort();

  it("filters by spaceId", async () => {
    expect(await listIds(`spaceId=${spaceId}`)).toEqual(
      sorted("configure", "parent", "child", "ready", "toolbar"),
    );
    const otherIds = await listIds(`spaceId=${other}`);
    expect(otherIds).toContain(ids.elsewhere);
    expect(otherIds).not.toContain(ids.parent);
  });

  it("filters by status", async () => {
    expect(await listIds(`spaceId=${spaceId}&status=ready`)).toEqual(sorted("configure", "ready"));
    expect(await listIds(`spaceId=${spaceId}&status=created`)).toEqual(sorted("parent", "child", "toolbar"));
    expect(await listIds(`spaceId=${spaceId}&status=complete`)).toEqual([]);
  });

  it("filters by operation", async () => {
    expect(await listIds(`spaceId=${spaceId}&operation=import`)).toEqual(sorted("parent"));
    expect(await listIds(`operation=import`)).toEqual(expect.arrayContaining(sorted("parent", "elsewhere")));
  });

  it("filters by type", async () => {
    expect(await listIds(`spaceId=${spaceId}&type=sheet`)).toEqual(sorted("child"));
    expect(await listIds(`spaceId=${spaceId}&type=space`)).toEqual(sorted("configure"));
    expect(await listIds(`spaceId=${spaceId}&type=workbook`)).toEqual(sorted("parent", "toolbar"));
  });

  it("filters by mode", async () => {
    expect(await listIds(`spaceId=${spaceId}&mode=toolbarBlocking`)).toEqual(sorted("toolbar"));
    // space:configure runs in the foreground, as does the child.
    expect(await listIds(`spaceId=${spaceId}&mode=foreground`)).toEqual(sorted("configure", "child"));
    expect(await listIds(`spaceId=${spaceId}&mode=background`)).toEqual(sorted("parent", "ready"));
  });

  it("filters by parentId", async () => {
    expect(await listIds(`parentId=${ids.parent}`)).toEqual(sorted("child"));
  });

  it("filters by workbookId", async () => {
    expect(await listIds(`workbookId=us_wb_one`)).toEqual(sorted("parent", "elsewhere"));
    expect(await listIds(`spaceId=${spaceId}&workbookId=us_wb_two`)).toEqual(sorted("toolbar"));
  });

  it("filters by fileId (the job's fileId or a file source)", async () => {
    expect(await listIds(`spaceId=${spaceId}&fileId=us_fl_one`)).toEqual(sorted("ready"));
  });

  it("pages with pageSize/pageNumber, reports pagination, and sorts both ways", async () => {
    const pageSpace = await createSpace(server, "paging");
    const created = [(await server.ok("GET", `/jobs?spaceId=${pageSpace}`)).data[0].id as string];
    for (let i = 0; i < 6; i++) created.push((await createJob(server, pageSpace, { info: `job ${i}` })).id);

    const pages: string[][] = [];
    for (let page = 1; page <= 3; page++) {
      const body = await server.ok(
        "GET",
        `/jobs?spaceId=${pageSpace}&pageSize=3&pageNumber=${page}&sortDirection=asc`,
      );
      const { nextCursor, ...counts } = body.pagination;
      expect(counts).toEqual({ currentPage: page, pageCount: 3, totalCount: 7 });
      // A cursor to the next page while one follows.
      expect(typeof nextCursor).toBe(page < 3 ? "string" : "undefined");
      pages.push(body.data.map((j: Json) => j.id));
    }
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(created);

    const beyond = await server.ok("GET", `/jobs?spaceId=${pageSpace}&pageSize=3&pageNumber=4`);
    expect(beyond.data).toEqual([]);
    expect(beyond.pagination).toEqual({ currentPage: 4, pageCount: 3, totalCount: 7 });

    const desc = await server.ok("GET", `/jobs?spaceId=${pageSpace}&pageSize=100&sortDirection=desc`);
    expect(desc.data.map((j: Json) => j.id)).toEqual([...created].reverse());
    // Newest first by default.
    const byDefault = await server.ok("GET", `/jobs?spaceId=${pageSpace}&pageSize=2`);
    expect(byDefault.data.map((j: Json) => j.id)).toEqual([created[6], created[5]]);
  });
});

describe("the lifecycle calls", () => {
  let spaceId: string;
  beforeAll(async () => {
    spaceId = await createSpace(server, "calls");
  });

  it("update changes progress, info, metadata and the estimate, publishing job:updated", async () => {
    const job = await jobIn(server, spaceId, "executing");
    const estimate = new Date(Date.now() + 60_000).toISOString();
    const { data } = await server.ok("PATCH", `/jobs/${job.id}`, {
      progress: 42,
      info: "halfway",
      metadata: { rows: 10 },
      estimatedCompletionAt: estimate,
    });
    expect(data).toMatchObject({
      status: "executing",
      progress: 42,
      info: "halfway",
      metadata: { rows: 10 },
    });
    expect(Date.parse(data.estimatedCompletionAt)).toBe(Date.parse(estimate));
    const events = await jobEvents(server, job.id);
    expect(topics(events).slice(-1)).toEqual(["job:updated"]);
    expect(events.at(-1).payload).toMatchObject({ progress: 42, info: "halfway", status: "executing" });
    expect((await server.ok("GET", `/jobs/${job.id}`)).data.progress).toBe(42);
  });

  it("execute moves a created job to ready with job:ready", async () => {
    const job = await jobIn(server, spaceId, "created");
    const { data } = await server.ok("POST", `/jobs/${job.id}/execute`);
    expect(data.status).toBe("ready");
    expect(topics(await jobEvents(server, job.id))).toEqual(["job:created", "job:ready"]);
  });

  it("execute moves a planning job to ready", async () => {
    const job = await jobIn(server, spaceId, "planning");
    expect(job.status).toBe("planning");
    expect((await server.ok("POST", `/jobs/${job.id}/execute`)).data.status).toBe("ready");
  });

  it("ack moves ready to executing (setting startedAt once) and later acks are progress ticks", async () => {
    const job = await jobIn(server, spaceId, "ready");
    const first = (await server.ok("POST", `/jobs/${job.id}/ack`, { info: "starting", progress: 5 })).data;
    expect(first).toMatchObject({ status: "executing", info: "starting", progress: 5 });
    expect(first.startedAt).toBeTruthy();
    const tick = (await server.ok("POST", `/jobs/${job.id}/ack`, { progress: 50, info: "half" })).data;
    expect(tick).toMatchObject({
      status: "executing",
      progress: 50,
      info: "half",
      startedAt: first.startedAt,
    });
    // An ack with no body at all is accepted, as Flatfile's client sends it.
    const bare = await server.call("POST", `/jobs/${job.id}/ack`);
    expect(bare.status).toBe(200);
    expect(topics(await jobEvents(server, job.id))).toEqual([
      "job:created",
      "job:ready",
      "job:updated",
      "job:updated",
      "job:updated",
    ]);
  });

  it("complete sets progress 100, finishedAt and the outcome, publishing job:completed", async () => {
    const job = await jobIn(server, spaceId, "executing");
    const outcome = {
      heading: "Done",
      message: "All rows exported",
      next: { type: "url", url: "https://example.com/x" },
    };
    const { data } = await server.ok("POST", `/jobs/${job.id}/complete`, { outcome, info: "finished" });
    expect(data).toMatchObject({ status: "complete", progress: 100, outcome, info: "finished" });
    expect(data.finishedAt).toBeTruthy();
    const events = await jobEvents(server, job.id);
    expect(topics(events).slice(-1)).toEqual(["job:completed"]);
    expect(events.at(-1).payload).toMatchObject({ status: "complete", progress: 100 });
  });

  it("complete works straight from ready", async () => {
    const job = await jobIn(server, spaceId, "ready");
    const { data } = await server.ok("POST", `/jobs/${job.id}/complete`);
    expect(data.status).toBe("complete");
    expect(data.startedAt).toBeTruthy();
  });

  it("fail sets finishedAt, publishing job:failed, and never job:completed", async () => {
    const job = await jobIn(server, spaceId, "executing");
    const { data } = await server.ok("POST", `/jobs/${job.id}/fail`, {
      outcome: { message: "bad file" },
      info: "oops",
    });
    expect(data).toMatchObject({ status: "failed", outcome: { message: "bad file" }, info: "oops" });
    expect(data.finishedAt).toBeTruthy();
    const refused = await server.call("POST", `/jobs/${job.id}/complete`);
    expect(refused.status).toBe(409);
    const t = topics(await jobEvents(server, job.id));
    expect(t.filter((x) => x === "job:failed")).toHaveLength(1);
    expect(t).not.toContain("job:completed");
  });

  it.each(["created", "planning", "waiting", "ready", "executing"])(
    "cancel works from %s",
    async (status) => {
      const job = await jobIn(server, spaceId, status);
      expect(job.status).toBe(status);
      const { data } = await server.ok("POST", `/jobs/${job.id}/cancel`, { info: "stop" });
      expect(data).toMatchObject({ status: "canceled", info: "stop" });
      const last = (await jobEvents(server, job.id)).at(-1);
      expect(last).toMatchObject({ topic: "job:updated", payload: { status: "canceled" } });
    },
  );

  it("accepts the alias cancelled as a status move", async () => {
    const job = await jobIn(server, spaceId, "ready");
    expect((await server.ok("PATCH", `/jobs/${job.id}`, { status: "cancelled" })).data.status).toBe(
      "canceled",
    );
  });

  it.each(["failed", "canceled"])(
    "retry moves a %s job to ready and clears progress, info, outcome and finishedAt",
    async (status) => {
      const job = await jobIn(server, spaceId, status);
      const { data } = await server.ok("POST", `/jobs/${job.id}/retry`);
      expect(data.status).toBe("ready");
      expect(data.progress).toBe(0);
      expect(data.info).toBeUndefined();
      expect(data.outcome).toBeUndefined();
      expect(data.finishedAt).toBeUndefined();
      expect(topics(await jobEvents(server, job.id)).at(-1)).toBe("job:ready");
      // And the retried job runs again.
      await server.ok("POST", `/jobs/${job.id}/ack`);
      expect((await server.ok("POST", `/jobs/${job.id}/complete`)).data.status).toBe("complete");
    },
  );

  it("outcome/ack is idempotent: the second call is 200 and only one event is published", async () => {
    const job = await jobIn(server, spaceId, "complete");
    const first = await server.ok("POST", `/jobs/${job.id}/outcome/ack`);
    expect(first.data.outcomeAcknowledgedAt).toBeTruthy();
    const second = await server.ok("POST", `/jobs/${job.id}/outcome/ack`);
    expect(second.data.outcomeAcknowledgedAt).toBe(first.data.outcomeAcknowledgedAt);
    const acked = (await jobEvents(server, job.id)).filter((e) => e.topic === "job:outcome-acknowledged");
    expect(acked).toHaveLength(1);
    expect(acked[0].payload.status).toBe("complete");
  });

  it.each(["failed", "canceled"])(
    "outcome/ack of a %s job names that status in its event",
    async (status) => {
      const job = await jobIn(server, spaceId, status);
      await server.ok("POST", `/jobs/${job.id}/outcome/ack`);
      const acked = (await jobEvents(server, job.id)).filter((e) => e.topic === "job:outcome-acknowledged");
      expect(acked.map((e) => e.payload.status)).toEqual([status]);
    },
  );

  it("delete is refused while executing (409 naming the status) and works afterwards, publishing job:deleted", async () => {
    const job = await jobIn(server, spaceId, "executing");
    const refused = await server.call("DELETE", `/jobs/${job.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].message).toContain("executing");
    expect((await server.ok("GET", `/jobs/${job.id}`)).data.status).toBe("executing");
    await server.ok("POST", `/jobs/${job.id}/complete`);
    const deleted = await server.ok("DELETE", `/jobs/${job.id}`);
    expect(deleted.data).toMatchObject({ success: true, id: job.id });
    expect((await server.call("GET", `/jobs/${job.id}`)).status).toBe(404);
    expect(topics(await jobEvents(server, job.id)).at(-1)).toBe("job:deleted");
    expect((await server.call("DELETE", `/jobs/${job.id}`)).status).toBe(404);
  });
});

describe("refused calls: 409 naming the status", () => {
  // Allowed-from sets of the spec's table; every other (status, call) pair must be refused.
  const allowed: Record<string, string[]> = {
    execute: ["created", "planning"],
    ack: ["ready", "executing"],
    update: ["created", "planning", "waiting", "ready", "executing"],
    complete: ["ready", "executing"],
    fail: ["ready", "executing"],
    cancel: ["created", "planning", "waiting", "ready", "executing"],
    retry: ["failed", "canceled"],
    "outcome/ack": ["complete", "failed", "canceled"],
    delete: ["created", "planning", "waiting", "ready", "complete", "failed", "canceled"],
  };
  const statuses = ["created", "planning", "waiting", "ready", "executing", "complete", "failed", "canceled"];
  const cases = Object.entries(allowed).flatMap(([call, from]) =>
    statuses.filter((s) => !from.includes(s)).map((status) => ({ call, status })),
  );

  let spaceId: string;
  beforeAll(async () => {
    spaceId = await createSpace(server, "refusals");
  });

  it.each(cases)("$call from $status", async ({ call, status }) => {
    const job = await jobIn(server, spaceId, status);
    expect(job.status).toBe(status);
    const before = await jobEvents(server, job.id);
    const response =
      call === "update"
        ? await server.call("PATCH", `/jobs/${job.id}`, { body: { progress: 10 } })
        : call === "delete"
          ? await server.call("DELETE", `/jobs/${job.id}`)
          : await server.call("POST", `/jobs/${job.id}/${call}`, { body: {} });
    expect(response.status).toBe(409);
    expect(response.body.errors[0].message).toContain(status);
    expect((await server.ok("GET", `/jobs/${job.id}`)).data).toEqual(job);
    expect(await jobEvents(server, job.id)).toEqual(before);
  });
});

describe("predecessors", () => {
  it("an immediate job with an unfinished predecessor waits, and becomes ready when it completes", async () => {
    const spaceId = await createSpace(server, "chain");
    const first = await createJob(server, spaceId, { trigger: "immediate", operation: "first" });
    const second = await createJob(server, spaceId, {
      trigger: "immediate",
      operation: "second",
      predecessorIds: [first.id],
    });
    expect(second.status).toBe("waiting");
    expect(topics(await jobEvents(server, second.id))).toEqual(["job:created"]);

    await server.ok("POST", `/jobs/${first.id}/ack`);
    expect((await server.ok("GET", `/jobs/${second.id}`)).data.status).toBe("waiting");
    await server.ok("POST", `/jobs/${first.id}/complete`);

    expect((await server.ok("GET", `/jobs/${second.id}`)).data.status).toBe("ready");
    const secondEvents = await jobEvents(server, second.id);
    expect(topics(secondEvents)).toEqual(["job:created", "job:ready"]);
    const completed = (await jobEvents(server, first.id)).find((e) => e.topic === "job:completed");
    expect(secondEvents[1].position).toBeGreaterThan(completed.position);
  });

  it("waits for every predecessor, and a failed predecessor does not release it", async () => {
    const spaceId = await createSpace(server, "fan-in");
    const a = await createJob(server, spaceId, { trigger: "immediate", operation: "a" });
    const b = await createJob(server, spaceId, { trigger: "immediate", operation: "b" });
    const c = await createJob(server, spaceId, {
      trigger: "immediate",
      operation: "c",
      predecessorIds: [a.id, b.id],
    });
    expect(c.status).toBe("waiting");
    await server.ok("POST", `/jobs/${a.id}/complete`);
    expect((await server.ok("GET", `/jobs/${c.id}`)).data.status).toBe("waiting");
    await server.ok("POST", `/jobs/${b.id}/fail`);
    expect((await server.ok("GET", `/jobs/${c.id}`)).data.status).toBe("waiting");
    await server.ok("POST", `/jobs/${b.id}/retry`);
    await server.ok("POST", `/jobs/${b.id}/complete`);
    expect((await server.ok("GET", `/jobs/${c.id}`)).data.status).toBe("ready");
  });

  it("a job whose predecessors are already complete is ready at once", async () => {
    const spaceId = await createSpace(server, "done-before");
    const a = await jobIn(server, spaceId, "complete");
    const b = await createJob(server, spaceId, { trigger: "immediate", predecessorIds: [a.id] });
    expect(b.status).toBe("ready");
  });

  it("an unknown predecessor is a 400", async () => {
    const spaceId = await createSpace(server, "bad-pred");
    const response = await server.call("POST", "/jobs", {
      body: { type: "workbook", operation: "x", source: "us_wb_1", spaceId, predecessorIds: ["us_jb_nope"] },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].key).toBe("predecessorIds.0");
  });
});

describe("spaces", () => {
  it("create publishes space:created and a ready space:configure job with job:created and job:ready", async () => {
    const before = (await server.allEvents()).length;
    const { data: space } = await server.ok("POST", "/spaces", {
      name: "Configured",
      metadata: { team: "ops" },
    });
    expect(space).toMatchObject({ name: "Configured", metadata: { team: "ops" }, actions: [] });
    expect(space.id).toMatch(/^us_sp_/);

    const jobs = (await server.ok("GET", `/jobs?spaceId=${space.id}`)).data;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      type: "space",
      operation: "configure",
      source: space.id,
      trigger: "immediate",
      status: "ready",
      spaceId: space.id,
    });

    const events = (await server.allEvents()).slice(before);
    expect(topics(events)).toEqual(["space:created", "job:created", "job:ready"]);
    expect(events[0]).toMatchObject({ domain: "space", context: { spaceId: space.id } });
    expect(events[1].context.jobId).toBe(jobs[0].id);
    expect(events[2].context.jobId).toBe(jobs[0].id);
    expect(events[1].payload).toMatchObject({ job: "space:configure", status: "created" });
    expect(events[2].payload).toMatchObject({ job: "space:configure", status: "ready" });
  });

  it("lists, gets and updates spaces (space:updated)", async () => {
    const id = await createSpace(server, "Before");
    const list = await server.ok("GET", "/spaces?pageSize=1000");
    expect(list.data.map((s: Json) => s.id)).toContain(id);
    expect(list.pagination.totalCount).toBe(list.data.length);
    expect((await server.ok("GET", `/spaces/${id}`)).data.name).toBe("Before");

    const { data: updated } = await server.ok("PATCH", `/spaces/${id}`, { name: "After" });
    expect(updated.name).toBe("After");
    expect((await server.ok("GET", `/spaces/${id}`)).data.name).toBe("After");
    const spaceEvents = await server.allEvents({ spaceId: id, domain: "space" });
    expect(topics(spaceEvents)).toEqual(["space:created", "space:updated"]);
    expect((await server.call("GET", "/spaces/us_sp_nope")).status).toBe(404);
  });

  it("delete publishes space:deleted and removes the space's jobs", async () => {
    const id = await createSpace(server, "Doomed");
    const job = await createJob(server, id);
    const configure = (await server.ok("GET", `/jobs?spaceId=${id}&type=space`)).data[0];
    const response = await server.ok("DELETE", `/spaces/${id}`);
    expect(response.data).toEqual({ success: true });
    expect((await server.call("GET", `/spaces/${id}`)).status).toBe(404);
    expect((await server.call("GET", `/jobs/${job.id}`)).status).toBe(404);
    expect((await server.call("GET", `/jobs/${configure.id}`)).status).toBe(404);
    expect((await server.ok("GET", `/jobs?spaceId=${id}`)).data).toEqual([]);
    expect(topics(await server.allEvents({ spaceId: id, domain: "space" }))).toEqual([
      "space:created",
      "space:deleted",
    ]);
    expect((await server.call("DELETE", `/spaces/${id}`)).status).toBe(404);
  });
});

describe("events", () => {
  let spaceId: string;
  let otherSpace: string;
  let jobId: string;

  beforeAll(async () => {
    spaceId = await createSpace(server, "events");
    otherSpace = await createSpace(server, "events-other");
    const job = await jobIn(server, spaceId, "complete");
    jobId = job.id;
  });

  it("filters by spaceId", async () => {
    const events = await server.allEvents({ spaceId });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.context.spaceId === spaceId)).toBe(true);
    expect(events.some((e) => e.context.spaceId === otherSpace)).toBe(false);
    expect(topics(events)).toEqual([
      "space:created",
      "job:created",
      "job:ready",
      "job:created",
      "job:ready",
      "job:updated",
      "job:completed",
    ]);
    const positions = events.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it("filters by domain", async () => {
    const space = await server.allEvents({ spaceId, domain: "space" });
    expect(topics(space)).toEqual(["space:created"]);
    const job = await server.allEvents({ spaceId, domain: "job" });
    expect(job.every((e) => e.domain === "job")).toBe(true);
    expect(job).toHaveLength(6);
  });

  it("filters by topic, exact and glob", async () => {
    expect(topics(await server.allEvents({ spaceId, topic: "job:completed" }))).toEqual(["job:completed"]);
    expect(topics(await server.allEvents({ spaceId, topic: "job:*" }))).toHaveLength(6);
    expect(topics(await server.allEvents({ spaceId, topic: "*:ready" }))).toEqual(["job:ready", "job:ready"]);
    expect(topics(await server.allEvents({ spaceId, topic: "**" }))).toHaveLength(7);
    expect(await server.allEvents({ spaceId, topic: "*" })).toEqual([]);
  });

  it("filters by since", async () => {
    const last = (await server.allEvents({ spaceId })).at(-1);
    await new Promise((resolve) => setTimeout(resolve, 15));
    const since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 15));
    await server.ok("PATCH", `/spaces/${spaceId}`, { name: "events (renamed)" });
    const after = await server.allEvents({ spaceId, since });
    expect(topics(after)).toEqual(["space:updated"]);
    const fromLast = await server.allEvents({ spaceId, since: last.createdAt });
    expect(fromLast[0].createdAt >= last.createdAt).toBe(true);
    expect(fromLast.map((e) => e.id)).toContain(last.id);
  });

  it("reads since as a point in time, whatever its offset or precision", async () => {
    const events = await server.allEvents({ spaceId });
    const target = events.at(-1);
    const instant = new Date(target.createdAt);
    // The same instant written with a +05:30 offset.
    const shifted = new Date(instant.getTime() + 5.5 * 3600_000)
      .toISOString()
      .replace(/\.(\d{3})Z$/, ".$1+05:30");
    const withOffset = await server.allEvents({ spaceId, since: shifted });
    expect(withOffset.map((e) => e.id)).toEqual(
      events.filter((e) => e.createdAt >= target.createdAt).map((e) => e.id),
    );
    expect(withOffset.map((e) => e.id)).toContain(target.id);
    // A second-precision time one second earlier includes the event; one second later excludes it.
    const earlier = new Date(Math.floor(instant.getTime() / 1000) * 1000 - 1000)
      .toISOString()
      .replace(".000Z", "Z");
    const later = new Date(Math.floor(instant.getTime() / 1000) * 1000 + 1000)
      .toISOString()
      .replace(".000Z", "Z");
    expect((await server.allEvents({ spaceId, since: earlier })).map((e) => e.id)).toContain(target.id);
    expect((await server.allEvents({ spaceId, since: later })).map((e) => e.id)).not.toContain(target.id);
    // Exactly the event's second, without milliseconds, still includes an event at .000 of that second or later.
    const sameSecond = new Date(Math.floor(instant.getTime() / 1000) * 1000)
      .toISOString()
      .replace(".000Z", "Z");
    expect((await server.allEvents({ spaceId, since: sameSecond })).map((e) => e.id)).toContain(target.id);
  });

  it("pages events with pagination", async () => {
    const all = await server.allEvents({ spaceId });
    const pageSize = 3;
    const pageCount = Math.ceil(all.length / pageSize);
    const seen: string[] = [];
    for (let page = 1; page <= pageCount; page++) {
      const body = await server.ok(
        "GET",
        `/events?spaceId=${spaceId}&includeAcknowledged=true&pageSize=${pageSize}&pageNumber=${page}`,
      );
      // Every match on the first page; on a later one, up to one past it (see the route's description).
      const totalCount = page === 1 ? all.length : Math.min(all.length, page * pageSize + 1);
      expect(body.pagination).toEqual({
        currentPage: page,
        pageCount: Math.ceil(totalCount / pageSize),
        totalCount,
      });
      seen.push(...body.data.map((e: Json) => e.id));
    }
    expect(seen).toEqual(all.map((e) => e.id));
  });

  it("gets an event, acks it, and includeAcknowledged decides whether acknowledged events are listed", async () => {
    const [event] = await server.allEvents({ spaceId, topic: "job:completed" });
    expect(event.context.jobId).toBe(jobId);
    const got = await server.ok("GET", `/events/${event.id}`);
    expect(got.data).toEqual(event);
    expect(got.data.acknowledgedAt).toBeUndefined();

    const acked = await server.ok("POST", `/events/${event.id}/ack`);
    expect(acked.data.acknowledgedAt).toBeTruthy();
    // Acknowledging again keeps the first time.
    expect((await server.ok("POST", `/events/${event.id}/ack`)).data.acknowledgedAt).toBe(
      acked.data.acknowledgedAt,
    );
    expect((await server.ok("GET", `/events/${event.id}`)).data.acknowledgedAt).toBe(
      acked.data.acknowledgedAt,
    );

    const hidden = await server.ok(
      "GET",
      `/events?spaceId=${spaceId}&includeAcknowledged=false&pageSize=1000`,
    );
    expect(hidden.data.map((e: Json) => e.id)).not.toContain(event.id);
    const shown = await server.ok("GET", `/events?spaceId=${spaceId}&includeAcknowledged=true&pageSize=1000`);
    expect(shown.data.map((e: Json) => e.id)).toContain(event.id);
    expect(shown.pagination.totalCount).toBe(hidden.pagination.totalCount + 1);

    expect((await server.call("GET", "/events/us_evt_nope")).status).toBe(404);
    expect((await server.call("POST", "/events/us_evt_nope/ack")).status).toBe(404);
  });
});
