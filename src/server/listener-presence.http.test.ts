import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { connectSse, type SseClient } from "./testing/sse-client";
import { createJob, createSpace } from "./testing/fixtures";
import { startTestServer, type TestServer } from "./testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const GRACE_MS = 300;

let server: TestServer;
const open: SseClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ presence: { graceMs: GRACE_MS, heartbeatMs: 50 } });
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

afterAll(async () => {
  await server?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function announcement(id: string) {
  return {
    id,
    name: "exporter",
    version: "2.0.0",
    host: "worker-7",
    handles: [{ topics: ["job:ready"], filters: [{ job: "workbook:export" }] }],
    concurrency: 3,
  };
}

async function connectAs(id: string, token = server.secretKey): Promise<SseClient> {
  const client = await connectSse(`${server.baseUrl}/v1/events/stream`, {
    token,
    query: { listener: JSON.stringify(announcement(id)), topic: "job:ready" },
  });
  open.push(client);
  return client;
}

/** The listed listeners of this test (the server is shared: earlier tests' listeners may still be in their grace). */
async function listeners(ids: string[], query = "", token?: string): Promise<Json[]> {
  const { data } = await server.ok("GET", `/listeners${query}`, undefined, token);
  return (data as Json[]).filter((l) => ids.includes(l.id));
}

async function presenceEvents(id: string): Promise<Json[]> {
  return (await server.allEvents({ domain: "listener" })).filter((e) => e.payload.listener.id === id);
}

describe("listener presence", () => {
  it("lists a listener from the moment its stream opens, then disconnects it once the grace after its close is over", async () => {
    const client = await connectAs("lst_drop");
    expect(client.status).toBe(200);
    const [listed] = await listeners(["lst_drop"]);
    expect(listed).toMatchObject({
      ...announcement("lst_drop"),
      status: "connected",
      jobsInFlight: 0,
      jobsHandled: 0,
    });
    expect(listed.instance).toEqual(expect.any(String));
    const connected = await presenceEvents("lst_drop");
    expect(connected.map((e) => e.topic)).toEqual(["listener:connected"]);
    expect(connected[0].context.spaceId).toBeUndefined();

    await client.close();
    // Within the grace it is still there: a reconnect now would be the same presence.
    expect((await listeners(["lst_drop"])).map((l) => l.id)).toEqual(["lst_drop"]);
    await vi.waitFor(async () => expect(await listeners(["lst_drop"])).toEqual([]), {
      timeout: 5_000,
      interval: 50,
    });
    const events = await presenceEvents("lst_drop");
    expect(events.map((e) => [e.topic, e.payload.reason])).toEqual([
      ["listener:connected", undefined],
      ["listener:disconnected", "stream-closed"],
    ]);
    const [recent] = await listeners(["lst_drop"], "?includeDisconnected=true");
    expect(recent).toMatchObject({
      id: "lst_drop",
      status: "disconnected",
      disconnectedAt: expect.any(String),
    });
  });

  it("keeps one presence when the stream reconnects within the grace", async () => {
    const first = await connectAs("lst_flaky");
    await first.close();
    await sleep(GRACE_MS / 3);
    await connectAs("lst_flaky");
    await sleep(GRACE_MS * 2);
    expect((await listeners(["lst_flaky"])).map((l) => l.id)).toEqual(["lst_flaky"]);
    expect((await presenceEvents("lst_flaky")).map((e) => e.topic)).toEqual(["listener:connected"]);
  });

  it("counts the executing jobs a listener claimed and the jobs it finished", async () => {
    await connectAs("lst_worker");
    const spaceId = await createSpace(server, "presence jobs");
    const headers = { "x-listener-id": "lst_worker" };
    const run = async (finish: "complete" | "fail" | undefined) => {
      const job = await createJob(server, spaceId, { trigger: "immediate" });
      await server.call("POST", `/jobs/${job.id}/ack`, { body: {}, headers });
      if (finish) await server.call("POST", `/jobs/${job.id}/${finish}`, { body: {}, headers });
    };
    await run("complete");
    await run("fail");
    await run(undefined);
    const [listed] = await listeners(["lst_worker"]);
    expect(listed).toMatchObject({ id: "lst_worker", jobsInFlight: 1, jobsHandled: 2 });
  });

  it("shows user tokens who handles what, without where it runs, and lets only listeners' tokens announce", async () => {
    await connectAs("lst_private");
    const spaceId = await createSpace(server, "presence users");
    const user = await server.mintToken("user", spaceId);
    const [listed] = await listeners(["lst_private"], "", user);
    expect(listed).toMatchObject({ id: "lst_private", handles: announcement("x").handles });
    expect(listed).not.toHaveProperty("host");
    expect(listed).not.toHaveProperty("instance");

    const refused = await connectSse(`${server.baseUrl}/v1/events/stream`, {
      token: user,
      query: { listener: JSON.stringify(announcement("lst_user")) },
    });
    open.push(refused);
    expect(refused.status).toBe(403);
    const operator = await server.mintToken("operator");
    expect((await connectAs("lst_operator", operator)).status).toBe(200);
  });

  it("refuses an announcement that is not one", async () => {
    for (const listener of ["{not json", JSON.stringify({ id: "lst_x" })]) {
      const client = await connectSse(`${server.baseUrl}/v1/events/stream`, {
        token: server.secretKey,
        query: { listener },
      });
      open.push(client);
      expect(client.status).toBe(400);
    }
    expect(await listeners(["lst_x"], "?includeDisconnected=true")).toEqual([]);
  });
});
