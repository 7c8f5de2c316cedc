import { serve, type ServerType } from "@hono/node-server";
import type { Server } from "node:http";
import { connect, type Socket } from "node:net";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../app";
import { Drain } from "../http/drain";
import { MemoryStore } from "../store/memory-store";
import { sseResponse, type SseStream } from "../stream/sse-stream";
import { SSE_MAX_BUFFERED_BYTES, streamsDirect } from "./direct-sse";

const SECRET = "sk_direct_sse_0123456789abcdef";

const servers: ServerType[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    (server as Server).closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
});

type Fetch = Parameters<typeof serve>[0]["fetch"];

function listen(fetch: Fetch): Promise<number> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve(info.port));
    servers.push(server);
  });
}

/** A raw HTTP/1.1 request whose answer is kept byte for byte: head, chunk sizes and all. */
function rawGet(port: number, path: string, headers: Record<string, string>) {
  const socket: Socket = connect(port, "127.0.0.1");
  let received = "";
  socket.setEncoding("latin1");
  socket.on("data", (text: string) => (received += text));
  const lines = Object.entries({ host: "example.test", ...headers }).map(
    ([name, value]) => `${name}: ${value}`,
  );
  socket.write(`GET ${path} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`);
  return {
    socket,
    /** What arrived, with the one header that depends on the clock made constant. */
    get text() {
      return received.replace(/^date: .*$/im, "date: (now)");
    },
  };
}

async function until(what: string, done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("event streams written straight to the response", () => {
  it("sends the bytes the adapter sends: head, replay, live events, refusals and the reconnect on drain", async () => {
    const store = new MemoryStore();
    const drain = new Drain();
    const app = createApp({ store, secretKey: SECRET, drain });
    const createJob = async (n: number) => {
      const response = await app.request("/v1/jobs", {
        method: "POST",
        headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
        body: JSON.stringify({
          type: "workbook",
          operation: `op${n}`,
          source: "us_wb_1",
          trigger: "immediate",
        }),
      });
      expect(response.status).toBe(200);
    };
    for (let n = 0; n < 3; n++) await createJob(n);
    const direct = streamsDirect(app.fetch);
    let taken = 0;
    const counted: Fetch = async (request, env) => {
      const response = await direct(request, env);
      if (response === RESPONSE_ALREADY_SENT) taken++;
      return response;
    };
    const ports = [await listen(app.fetch), await listen(counted)];

    const auth = { authorization: `Bearer ${SECRET}` };
    const requests: [string, Record<string, string>][] = [
      ["/v1/events/stream", { ...auth, "last-event-id": "2" }],
      ["/v1/events/stream?lastEventId=1&topic=job:ready", auth],
      ["/v1/events/stream", { ...auth, "last-event-id": "999" }],
      ["/v1/events/stream", {}],
      ["/v1/events/stream?spaceId=", auth],
    ];
    const clients = ports.map((port) => requests.map(([path, headers]) => rawGet(port, path, headers)));
    const [adapter, directly] = clients as [ReturnType<typeof rawGet>[], ReturnType<typeof rawGet>[]];
    // Replayed up to the log's end (6 events; the refused ones answered in full) before anything new is committed.
    const streamsAt = (id: number) => () =>
      clients.every((sent) => sent.slice(0, 3).every((client) => client.text.includes(`id: ${id}\n`)));
    await until("the replays", streamsAt(6));
    for (let n = 3; n < 5; n++) await createJob(n);
    await until("the live events", streamsAt(10));
    drain.start();
    await until("the reconnect messages", () =>
      clients.every((sent) => sent.slice(0, 3).every((client) => client.text.endsWith("\r\n0\r\n\r\n"))),
    );

    // The three streams went the direct way; the refusals went on to the adapter.
    expect(taken).toBe(3);
    directly.forEach((client, i) => expect(client.text, requests[i]?.[0]).toBe(adapter[i]?.text));
    const [first] = directly;
    expect(first?.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(first?.text).toContain("content-type: text/event-stream");
    expect(first?.text).toContain(": connected\nretry: 2000\n\n");
    expect(first?.text).toContain("event: reconnect\n");
    expect(directly[3]?.text).toMatch(/^HTTP\/1\.1 401 /);
    for (const client of clients.flat()) client.socket.destroy();
  });

  /** A route whose stream the test writes, behind the direct path. */
  async function serveStream(): Promise<{ port: number; opened: Promise<SseStream> }> {
    let opened!: (stream: SseStream) => void;
    const streams = new Promise<SseStream>((resolve) => (opened = resolve));
    const app = new Hono();
    app.get("/stream", (c) =>
      sseResponse(c, (stream) => {
        opened(stream);
        return new Promise<void>((resolve) => stream.onAbort(resolve));
      }),
    );
    return { port: await listen(streamsDirect(app.fetch)), opened: streams };
  }

  it("drops a client that stops reading once more than the bound is waiting for it", async () => {
    const { port, opened } = await serveStream();
    const client = rawGet(port, "/stream", {});
    const stream = await opened;
    await until("the head", () => client.text.includes("text/event-stream"));
    client.socket.pause();
    let dropped = false;
    stream.onAbort(() => (dropped = true));
    const chunk = new Uint8Array(1024 * 1024).fill(0x61);
    for (let i = 0; i * chunk.length <= SSE_MAX_BUFFERED_BYTES + chunk.length && !dropped; i++)
      stream.write(chunk);
    expect(dropped).toBe(true);
    expect(stream.aborted).toBe(true);
    client.socket.destroy();
  });

  it("says when a client has room again, and tells the stream when the client goes away", async () => {
    const { port, opened } = await serveStream();
    const client = rawGet(port, "/stream", {});
    const stream = await opened;
    expect(stream.room()).toBeUndefined();
    stream.write(new Uint8Array(1024 * 1024).fill(0x62));
    const room = stream.room();
    expect(room).toBeInstanceOf(Promise);
    await room;
    let gone = false;
    stream.onAbort(() => (gone = true));
    client.socket.destroy();
    await until("the abort", () => gone);
    expect(() => stream.write("after")).not.toThrow();
  });
});
