import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createClient } from "../client/create-client";
import { AuthError, NotFoundError } from "../client/errors";
import { droppableFetch, memoryLogger, sleep, waitFor } from "../testing/helpers";
import { startServerProcess, useServerProcess, type ServerProcess } from "../testing/server-process";
import { EventStream } from "./checked-event-stream";
import {
  EventStreamBase,
  eventsAsSent,
  streamTopics,
  type StreamEvent,
  type StreamReset,
} from "./event-stream";
import { createListener } from "./listener";

const ctx = useServerProcess();

describe("streamTopics", () => {
  it("sends the union of globs, or no filter when one handler wants everything", () => {
    expect(streamTopics(["job:ready", "job:*", "job:ready"])).toEqual(["job:*", "job:ready"]);
    expect(streamTopics(["job:ready", "**"])).toBeUndefined();
    expect(streamTopics(["job:ready", ""])).toBeUndefined();
    // A glob the server's filter does not accept ("?") is matched locally instead.
    expect(streamTopics(["job:read?"])).toBeUndefined();
    expect(streamTopics(Array.from({ length: 51 }, (_, i) => `topic:${i}`))).toBeUndefined();
  });
});

describe("resume after drops", () => {
  it("delivers 200 events once each while the connection is dropped 20 times", async () => {
    const space = await ctx.api.spaces.create({ name: "Drops" });
    const network = droppableFetch();
    const logger = memoryLogger();
    // Counts the events of the jobs it creates only: the space's configure job, ready before, is not picked up.
    const listener = createListener({ logger, pickUpWaitingJobs: false });
    const seen = new Map<string, number>();
    const perJob = new Map<string, string[]>();
    listener.on("job:*", { "context.spaceId": space.id }, (event) => {
      seen.set(event.id, (seen.get(event.id) ?? 0) + 1);
      const jobId = event.context.jobId!;
      perJob.set(jobId, [...(perJob.get(jobId) ?? []), event.topic]);
    });
    await listener.mount({
      baseUrl: ctx.server.baseUrl,
      token: ctx.server.secretKey,
      spaceId: space.id,
      fetch: network.fetch,
    });

    let drops = 0;
    for (let i = 0; i < 100; i++) {
      // Two events each: job:created and job:ready.
      await ctx.api.jobs.create({
        type: "space",
        operation: `op${i}`,
        source: space.id,
        trigger: "immediate",
      });
      if (i % 5 === 2) {
        await waitFor(() => listener.stream!.connections === drops + 1, `reconnection ${drops}`);
        if (network.drop()) drops += 1;
      }
    }
    await waitFor(() => seen.size === 200, "200 events", 20_000);
    await sleep(200);

    expect(drops).toBe(20);
    expect(listener.stream!.connections).toBe(21);
    expect(network.streams).toBe(21);
    expect(seen.size).toBe(200);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    expect(perJob.size).toBe(100);
    for (const topics of perJob.values()) expect(topics).toEqual(["job:created", "job:ready"]);
    expect(logger.lines.filter((l) => l.message.startsWith("event stream dropped"))).toHaveLength(20);
    await listener.unmount();
  }, 60_000);
});

describe("EventStream", () => {
  it("re-syncs on the server's reset message and carries on from there", async () => {
    const resets: StreamReset[] = [];
    const events: StreamEvent[] = [];
    const stream = new EventStream({
      baseUrl: ctx.server.baseUrl,
      token: ctx.server.secretKey,
      lastEventId: "999999999",
      onEvent: (event) => void events.push(event),
      onReset: (reset) => void resets.push(reset),
    });
    await stream.start();
    await waitFor(() => resets.length === 1, "the reset");
    const last = Number(resets[0]!.lastEventId);
    expect(resets[0]).toEqual({ lastEventId: String(last), reason: "cursor-ahead-of-log" });
    expect(last).toBeLessThan(999999999);
    expect(stream.lastEventId).toBe(String(last));

    const space = await ctx.api.spaces.create({ name: "After reset" });
    await waitFor(() => events.some((e) => e.context.spaceId === space.id), "the next event");
    expect(events[0]!.position).toBe(last + 1);
    await stream.close();
  });

  it("reconnects when the connection goes silent (watchdog), resuming without loss", async () => {
    const space = await ctx.api.spaces.create({ name: "Silence" });
    const events: string[] = [];
    const logger = memoryLogger();
    const stream = new EventStream({
      baseUrl: ctx.server.baseUrl,
      token: ctx.server.secretKey,
      filters: { spaceId: space.id },
      watchdogMs: 300,
      backoff: { baseMs: 10, capMs: 20 },
      logger,
      onEvent: (event) => void events.push(event.topic),
    });
    await stream.start();
    // The server pings every 15 s: a 300 ms watchdog sees silence and reconnects again and again.
    await waitFor(() => stream.connections >= 3, "two watchdog reconnections", 5_000);
    expect(logger.lines.some((l) => l.message.includes("no data for 300 ms"))).toBe(true);
    await ctx.api.spaces.update(space.id, { name: "Heard" });
    await waitFor(() => events.includes("space:updated"), "the event after the silence");
    await stream.close();
  });

  it("backs off exponentially with full jitter, and starts over after a healthy connection", async () => {
    const attempts: number[] = [];
    let healthyOnce = false;
    const encoder = new TextEncoder();
    const fakeFetch = (async () => {
      attempts.push(Date.now());
      if (attempts.length === 6 && !healthyOnce) {
        healthyOnce = true;
        const event = {
          id: "us_evt_1",
          topic: "space:created",
          domain: "space",
          context: { accountId: "a", environmentId: "e" },
          payload: {},
          createdAt: new Date().toISOString(),
          position: 1,
        };
        // One event, then the body ends: a healthy connection that dropped.
        return new Response(encoder.encode(`id: 1\ndata: ${JSON.stringify(event)}\n\n`), { status: 200 });
      }
      throw new TypeError("fetch failed");
    }) as typeof fetch;
    const delivered: string[] = [];
    const stream = new EventStream({
      baseUrl: "http://stream.test",
      fetch: fakeFetch,
      backoff: { baseMs: 40, capMs: 200 },
      random: () => 0.999,
      onEvent: (event) => void delivered.push(event.id),
    });
    void stream.start().catch(() => undefined);
    await waitFor(() => attempts.length >= 9, "nine attempts", 5_000);
    await stream.close();

    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    // Ceilings 40, 80, 160, 200 (cap), 200; random ≈ 1 makes each delay just under its ceiling.
    const expected = [40, 80, 160, 200, 200];
    expected.forEach((ceiling, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(ceiling - 5);
      expect(gaps[i]).toBeLessThan(ceiling + 100);
    });
    expect(delivered).toEqual(["us_evt_1"]);
    // After the healthy connection the next delay is back at the base ceiling.
    expect(gaps[5]).toBeLessThan(40 + 100);
    expect(gaps[6]).toBeGreaterThanOrEqual(80 - 5);
    expect(stream.lastEventId).toBe("1");
  });

  it("connects at once when asked to reconnect during a back-off wait", async () => {
    const attempts: number[] = [];
    const fakeFetch = (async () => {
      attempts.push(Date.now());
      throw new TypeError("fetch failed");
    }) as typeof fetch;
    const stream = new EventStream({
      baseUrl: "http://stream.test",
      fetch: fakeFetch,
      backoff: { baseMs: 60_000, capMs: 60_000 },
      random: () => 0.999,
      onEvent: () => undefined,
    });
    void stream.start().catch(() => undefined);
    await waitFor(() => attempts.length === 1, "the first attempt", 5_000);
    // The first failure waits about a minute; the network coming back cuts that short.
    stream.reconnect();
    await waitFor(() => attempts.length === 2, "a second attempt at once", 1_000);
    await stream.close();
    expect(attempts[1]! - attempts[0]!).toBeLessThan(1_000);
  });

  it("reports its state: open, reconnecting with the attempt, open again, then closed; or refused", async () => {
    const states: string[] = [];
    let calls = 0;
    const fakeFetch = (async () => {
      calls += 1;
      if (calls === 2) throw new TypeError("fetch failed");
      // An open connection whose body ends at once: a drop right after opening.
      return new Response(new TextEncoder().encode(": connected\n\n"), { status: 200 });
    }) as typeof fetch;
    const stream = new EventStream({
      baseUrl: "http://stream.test",
      fetch: fakeFetch,
      backoff: { baseMs: 5, capMs: 5 },
      onEvent: () => undefined,
      onStateChange: (state, { attempt }) => void states.push(`${state}:${attempt}`),
    });
    await stream.start();
    await waitFor(() => calls >= 3, "three connections", 5_000);
    await stream.close();
    expect(states.slice(0, 4)).toEqual(["open:0", "reconnecting:1", "reconnecting:2", "open:0"]);
    expect(states.at(-1)).toMatch(/^closed:/);

    const refusedStates: string[] = [];
    const refused = new EventStream({
      baseUrl: "http://stream.test",
      fetch: (async () =>
        Response.json({ errors: [{ message: "bad token" }] }, { status: 401 })) as typeof fetch,
      onEvent: () => undefined,
      onStateChange: (state) => void refusedStates.push(state),
    });
    await expect(refused.start()).rejects.toBeInstanceOf(AuthError);
    await refused.close();
    expect(refusedStates).toEqual(["refused"]);
  });

  it("stops for good on a refused token or an unknown space", async () => {
    const listener = createListener({ logger: memoryLogger() });
    listener.on("**", () => undefined);
    await expect(listener.mount({ baseUrl: ctx.server.baseUrl, token: "bad-token" })).rejects.toBeInstanceOf(
      AuthError,
    );
    expect(listener.mounted).toBe(false);
    const { token } = await ctx.api.auth.createToken({
      role: "user",
      spaceId: (await ctx.api.spaces.create({ name: "Mine" })).id,
    });
    await expect(
      listener.mount({ baseUrl: ctx.server.baseUrl, token, spaceId: "us_sp_notmine" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("reading each message", () => {
  // One message that is JSON but no event, then one that is an event, on a stream that stays open.
  const oddThenEvent = (): typeof fetch => async (_url, init) => {
    const event = {
      id: "us_evt_read00000001",
      topic: "space:created",
      domain: "space",
      context: {},
      payload: {},
    };
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const text = `id: 1\ndata: {"odd":true}\n\nid: 2\ndata: ${JSON.stringify(event)}\n\n`;
        controller.enqueue(new TextEncoder().encode(text));
        // As a network stream does, the body fails once the request is aborted (close()).
        init?.signal?.addEventListener("abort", () => controller.error(init.signal?.reason));
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  };

  it("checks every message with core's Event in the SDK, and takes them as sent in a stream that trusts its server", async () => {
    const logger = memoryLogger();
    const checked: unknown[] = [];
    const sdk = new EventStream({
      baseUrl: "http://stream.test",
      fetch: oddThenEvent(),
      logger,
      onEvent: (event) => void checked.push(event),
    });
    const sent: unknown[] = [];
    const trusting = new EventStreamBase(
      { baseUrl: "http://stream.test", fetch: oddThenEvent(), onEvent: (event) => void sent.push(event) },
      eventsAsSent,
    );
    await Promise.all([sdk.start(), trusting.start()]);
    await waitFor(() => sent.length === 2 && sdk.lastEventId === "2", "both messages");
    await Promise.all([sdk.close(), trusting.close()]);
    expect(sent[0]).toEqual({ odd: true });
    expect(checked).toEqual([]);
    expect(logger.lines.some((line) => line.message.includes("not an event"))).toBe(true);
  });
});

describe("a server that shuts down", () => {
  const shared = mkdtempSync(join(tmpdir(), "jobs-sdk-two-instances-"));
  const instances: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    rmSync(shared, { recursive: true, force: true });
  });

  it("is left at once for another instance on its reconnect message, resuming with nothing missed or repeated", async () => {
    // Two instances over one database, as behind a load balancer; `target` is where the balancer sends requests.
    const secretKey = `sk_test_${randomBytes(16).toString("hex")}`;
    const first = await startServerProcess({ dataDir: shared, secretKey });
    instances.push(first);
    const second = await startServerProcess({ dataDir: shared, secretKey });
    instances.push(second);
    let target = first.baseUrl;
    const connections: { at: number; lastEventId: string | null }[] = [];
    const balancer = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input));
      const routed = new URL(url.pathname + url.search, target);
      if (url.pathname.endsWith("/events/stream"))
        connections.push({ at: Date.now(), lastEventId: new Headers(init?.headers).get("last-event-id") });
      return fetch(routed, init);
    }) as typeof fetch;
    const viaFirst = createClient({ baseUrl: first.baseUrl, token: secretKey });
    const viaSecond = createClient({ baseUrl: second.baseUrl, token: secretKey });

    const positions: number[] = [];
    const logger = memoryLogger();
    const stream = new EventStream({
      baseUrl: "http://balancer.test",
      token: secretKey,
      fetch: balancer,
      logger,
      // A back-off would show: every wait would be close to 5 s.
      backoff: { baseMs: 5_000, capMs: 5_000 },
      random: () => 0.999,
      onEvent: (event) => void positions.push(event.position),
    });
    await stream.start();
    const lastPosition = async () => {
      const { data } = await viaSecond.events.list({ pageSize: 1000, includeAcknowledged: true });
      return Math.max(...data.map((event) => event.position));
    };
    for (let i = 0; i < 3; i++) await viaFirst.spaces.create({ name: `Before ${i}` });
    const beforeLast = await lastPosition();
    await waitFor(() => positions.at(-1) === beforeLast, "the first events");
    const start = positions[0]!;

    // Committed on the second instance: the first one's stream never hears of it (commit notices are local).
    const missed = await viaSecond.spaces.create({ name: "While moving" });
    target = second.baseUrl;
    const signalledAt = Date.now();
    const stopping = first.stop();
    await waitFor(() => stream.connections === 2, "the connection to the second instance");
    expect(connections).toHaveLength(2);
    expect(connections[1]!.at - signalledAt).toBeLessThan(2_000);
    // The cursor the first instance handed over: past everything it sent, short of what it never saw.
    expect(Number(connections[1]!.lastEventId)).toBe(beforeLast);
    expect(missed.id).toBeDefined();
    expect(logger.lines.some((l) => l.message.includes("the server asked to reconnect"))).toBe(true);
    expect(logger.lines.some((l) => l.message.startsWith("event stream dropped"))).toBe(false);
    await stopping;

    for (let i = 0; i < 3; i++) await viaSecond.spaces.create({ name: `After ${i}` });
    const last = await lastPosition();
    await waitFor(() => positions.at(-1) === last, "the events on the second instance");
    // Every position from the first to the last, once each and in order: the stream sees every event.
    expect(positions).toEqual(Array.from({ length: last - start + 1 }, (_, i) => start + i));
    await stream.close();
  }, 60_000);
});
