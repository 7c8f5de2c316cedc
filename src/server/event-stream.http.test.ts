import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connectSse, type SseClient, type SseConnectOptions } from "./testing/sse-client";
import { createJob, createSpace } from "./testing/fixtures";
import { startTestServer, type TestServer } from "./testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const HEARTBEAT_MS = 200;

let server: TestServer;
const open: SseClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ stream: { heartbeatMs: HEARTBEAT_MS, batchSize: 4 } });
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

afterAll(async () => {
  await server?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function connect(options: SseConnectOptions = {}): Promise<SseClient> {
  const client = await connectSse(`${server.baseUrl}/v1/events/stream`, {
    token: server.secretKey,
    ...options,
  });
  open.push(client);
  return client;
}

async function lastPosition(): Promise<number> {
  return (await server.allEvents()).at(-1)?.position ?? 0;
}

async function runJob(spaceId: string, how: "complete" | "fail" = "complete"): Promise<string> {
  const job = await createJob(server, spaceId, { trigger: "immediate" });
  await server.ok("POST", `/jobs/${job.id}/ack`, { progress: 10 });
  await server.ok("PATCH", `/jobs/${job.id}`, { progress: 50 });
  await server.ok("POST", `/jobs/${job.id}/${how}`, {});
  return job.id as string;
}

describe("connection", () => {
  it("answers with text/event-stream, X-Accel-Buffering: no, and a comment before any event", async () => {
    await createSpace(server, "so there is something to replay");
    const client = await connect({ lastEventId: 0 });
    expect(client.status).toBe(200);
    expect(client.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(client.headers.get("x-accel-buffering")).toBe("no");
    await client.waitFor((c) => c.events().length > 0, 5_000, "replayed events");
    const text = client.chunks.join("");
    expect(text.startsWith(":")).toBe(true);
    expect(text.indexOf("\nid:")).toBeGreaterThan(text.indexOf(":"));
    expect(client.comments.length).toBeGreaterThan(0);
  });

  it("sends the comment at once, even with nothing to send", async () => {
    const client = await connect();
    await client.waitFor((c) => c.comments.length > 0, 2_000, "the first comment");
    // The first comment is the greeting, not a heartbeat that happened to come first.
    expect(client.comments[0]).toBe("connected");
    expect(client.messages).toEqual([]);
  });

  it("sends heartbeat comments", async () => {
    const client = await connect();
    await client.waitFor((c) => c.comments.length >= 1, 2_000, "the first comment");
    const first = client.comments.length;
    await client.waitFor((c) => c.comments.length >= first + 2, HEARTBEAT_MS * 10, "two heartbeats");
    expect(client.comments.slice(first)).toEqual(expect.arrayContaining(["ping"]));
    expect(client.messages).toEqual([]);
  });

  it("accepts ?token= and answers 401 to a bad or missing token", async () => {
    const viaQuery = await connectSse(`${server.baseUrl}/v1/events/stream`, {
      query: { token: server.secretKey },
    });
    open.push(viaQuery);
    expect(viaQuery.status).toBe(200);
    const operator = await server.mintToken("operator");
    const operatorStream = await connectSse(`${server.baseUrl}/v1/events/stream`, {
      query: { token: operator },
    });
    open.push(operatorStream);
    expect(operatorStream.status).toBe(200);

    for (const query of [
      { token: "not-a-token" },
      { token: operator.slice(0, -4) + "AAAA" },
      { token: "sk_wrong_key_0000000000" },
      {},
    ]) {
      const refused = await connectSse(`${server.baseUrl}/v1/events/stream`, { query });
      expect(refused.status).toBe(401);
      expect((refused.errorBody as Json).errors[0].message).toBeTruthy();
    }
  });
});

describe("resume", () => {
  it("replays everything after ?lastEventId=, like the header", async () => {
    const spaceId = await createSpace(server, "resume");
    await runJob(spaceId);
    const log = await server.allEvents();
    const from = log.length - 5;
    const expected = log.slice(from).map((e) => e.position);

    const viaQuery = await connect({ query: { lastEventId: from } });
    const viaHeader = await connect({ lastEventId: from });
    for (const client of [viaQuery, viaHeader]) {
      await client.waitFor((c) => c.events().length >= expected.length, 5_000, "the replay");
      expect(client.events().map((e) => e.position)).toEqual(expected);
    }
    const first = viaHeader.events<Json>()[0]!;
    expect(first.data.position).toBe(first.position);
    expect(first.data.id).toBe(log[from]!.id);
  });

  it("a cursor ahead of the log gets an `event: reset` message, then live events", async () => {
    const last = await lastPosition();
    const client = await connect({ lastEventId: last + 1_000 });
    await client.waitFor((c) => c.messages.length > 0, 5_000, "the reset message");
    const reset = client.messages[0]!;
    expect(reset.event).toBe("reset");
    expect(JSON.parse(reset.data)).toMatchObject({ lastEventId: last });
    await createSpace(server, "after reset");
    await client.waitFor((c) => c.events().length > 0, 5_000, "a live event");
    expect(client.events()[0]!.position).toBe(last + 1);
  });

  it("a client that drops and resumes 10 times while jobs change receives every event once, in order", async () => {
    const spaces = [await createSpace(server, "writer-a"), await createSpace(server, "writer-b")];
    const start = await lastPosition();

    let stop = false;
    let written = 0;
    const writer = async (spaceId: string): Promise<unknown> => {
      try {
        while (!stop) {
          await runJob(spaceId, written % 5 === 4 ? "fail" : "complete");
          written++;
        }
        return undefined;
      } catch (error) {
        stop = true;
        return error;
      }
    };
    const writers = [...spaces, ...spaces].map((spaceId) => writer(spaceId));

    const received: { position: number; id: string }[] = [];
    let cursor = start;
    let connections = 0;
    try {
      for (let drop = 0; drop < 10; drop++) {
        const client = await connectSse(`${server.baseUrl}/v1/events/stream`, {
          token: server.secretKey,
          lastEventId: cursor,
        });
        connections++;
        expect(client.status).toBe(200);
        await sleep(40 + Math.floor(Math.random() * 80));
        await client.close();
        received.push(
          ...client.events<Json>().map((e) => ({ position: e.position, id: e.data.id as string })),
        );
        cursor = client.lastEventId === undefined ? cursor : Number(client.lastEventId);
        // Stay away a little, so the next connection starts with a backlog to replay while new events keep
        // arriving; one longer absence makes that backlog a few hundred events.
        await sleep(drop === 4 ? 400 : 20 + Math.floor(Math.random() * 60));
      }
    } finally {
      stop = true;
      expect((await Promise.all(writers)).filter(Boolean)).toEqual([]);
    }

    // One last connection catches up with everything written.
    const end = await lastPosition();
    const final = await connect({ lastEventId: cursor });
    await final.waitFor((c) => Number(c.lastEventId ?? cursor) >= end, 10_000, `position ${end}`);
    await sleep(50);
    received.push(...final.events<Json>().map((e) => ({ position: e.position, id: e.data.id as string })));

    expect(connections).toBe(10);
    expect(written).toBeGreaterThan(5);
    const log = (await server.allEvents()).filter((e) => e.position > start);
    expect(log.length).toBe(end - start);
    expect(received.map((e) => e.position)).toEqual(log.map((e) => e.position));
    expect(received.map((e) => e.id)).toEqual(log.map((e) => e.id));
    expect(new Set(received.map((e) => e.id)).size).toBe(received.length);
  });
});

describe("filters", () => {
  let a: string;
  let b: string;
  let cursor: number;
  let clients: Record<string, SseClient>;
  const filters: Record<string, (e: Json) => boolean> = {};

  const expectedAfter = async (name: string) =>
    (await server.allEvents())
      .filter((e) => e.position > cursor && filters[name]!(e))
      .map((e) => e.id as string);

  beforeAll(async () => {
    a = await createSpace(server, "filter-a");
    b = await createSpace(server, "filter-b");
    filters.space = (e) => e.context.spaceId === a;
    filters.jobs = (e) => e.topic.startsWith("job:");
    filters.finished = (e) => e.topic === "job:completed" || e.topic === "job:failed";
    filters.domain = (e) => e.domain === "space";
    cursor = await lastPosition();
    // Half of the activity happens before the clients connect (replayed), half after (live).
    await runJob(a);
    await runJob(b, "fail");
    await server.ok("PATCH", `/spaces/${b}`, { name: "filter-b renamed" });
    const query = (extra: Record<string, string>) => ({ lastEventId: cursor, query: extra });
    clients = {
      space: await connectSse(`${server.baseUrl}/v1/events/stream`, {
        token: server.secretKey,
        ...query({ spaceId: a }),
      }),
      jobs: await connectSse(`${server.baseUrl}/v1/events/stream`, {
        token: server.secretKey,
        ...query({ topic: "job:*" }),
      }),
      finished: await connectSse(`${server.baseUrl}/v1/events/stream`, {
        token: server.secretKey,
        ...query({ topic: "job:completed,job:failed" }),
      }),
      domain: await connectSse(`${server.baseUrl}/v1/events/stream`, {
        token: server.secretKey,
        ...query({ domain: "space" }),
      }),
    };
    await runJob(b);
    await runJob(a, "fail");
    await server.ok("PATCH", `/spaces/${a}`, { name: "filter-a renamed" });
    await createSpace(server, "filter-c");
  });

  afterAll(async () => {
    await Promise.all(Object.values(clients ?? {}).map((client) => client.close()));
  });

  it.each(["space", "jobs", "finished", "domain"])(
    "%s filter: exactly the matching events, replayed then live",
    async (name) => {
      const expected = await expectedAfter(name);
      expect(expected.length).toBeGreaterThan(1);
      const client = clients[name]!;
      await client.waitFor((c) => c.events().length >= expected.length, 5_000, `${expected.length} events`);
      await sleep(100);
      expect(client.events<Json>().map((e) => e.data.id)).toEqual(expected);
      const data = client.events<Json>().map((e) => e.data);
      if (name === "space") expect(data.every((e) => e.context.spaceId === a)).toBe(true);
      if (name === "jobs") expect(data.every((e) => e.domain === "job")).toBe(true);
      if (name === "finished")
        expect(new Set(data.map((e) => e.topic))).toEqual(new Set(["job:completed", "job:failed"]));
      if (name === "domain")
        expect(data.map((e) => e.topic)).toEqual(["space:updated", "space:updated", "space:created"]);
    },
  );

  it("a bad topic glob is a 400", async () => {
    const refused = await connectSse(`${server.baseUrl}/v1/events/stream`, {
      token: server.secretKey,
      query: { topic: "job:<script>" },
    });
    expect(refused.status).toBe(400);
  });
});
