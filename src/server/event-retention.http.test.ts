import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { serve } from "@hono/node-server";
import { createApp } from "./app";
import { runRetention } from "./maintenance/retention";
import { MemoryStore } from "./store/memory-store";
import { makeEvent } from "./store/store-fixtures";
import { connectSse, type SseClient } from "./testing/sse-client";
import { createSpace } from "./testing/fixtures";
import { TestClock, testDeps } from "./testing/test-clock";
import { startTestServer, type TestServer } from "./testing/test-server";

const DAY = 24 * 3_600_000;

let server: TestServer;
const open: SseClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

afterAll(async () => {
  await server?.stop();
});

async function connect(lastEventId: number): Promise<SseClient> {
  const client = await connectSse(`${server.baseUrl}/v1/events/stream`, {
    token: server.secretKey,
    lastEventId,
  });
  open.push(client);
  return client;
}

describe("a stream resumed after retention pruned the log", () => {
  it("a cursor older than the log keeps gets `event: reset` (cursor-pruned), then follows from the newest", async () => {
    for (let i = 0; i < 5; i++) await createSpace(server, `old ${i}`);
    const last = await server.store.lastEventPosition();
    // A week and a day later, retention deletes every event but the newest.
    const clock = new TestClock(new Date(Date.now() + 8 * DAY).toISOString());
    const pruned = await runRetention(testDeps(server.store, clock), { retentionMs: 7 * DAY, batchSize: 2 });
    expect(pruned.events).toBe(last - 1);
    expect(await server.store.firstEventPosition()).toBe(last);

    const client = await connect(2);
    await client.waitFor((c) => c.messages.length > 0, 5_000, "the reset message");
    const reset = client.messages[0]!;
    expect(reset.event).toBe("reset");
    expect(reset.id).toBe(String(last));
    expect(JSON.parse(reset.data)).toEqual({ reason: "cursor-pruned", lastEventId: last });
    await createSpace(server, "after the reset");
    await client.waitFor((c) => c.events().length > 0, 5_000, "a live event");
    // The newest kept event is not replayed: the client refetches state, then follows what comes next.
    expect(client.events()[0]!.position).toBe(last + 1);
  });

  it("a cursor right before the first kept event is still served, without a reset", async () => {
    const first = await server.store.firstEventPosition();
    const client = await connect(first - 1);
    await client.waitFor((c) => c.events().length > 0, 5_000, "the replay");
    expect(client.messages.some((m) => m.event === "reset")).toBe(false);
    expect(client.events()[0]!.position).toBe(first);
  });
});

describe("a replay that retention overtakes", () => {
  it("finds the hole the pruning left ahead of it, says `reset` (cursor-pruned) there, and goes on", async () => {
    const old = new Date(Date.now() - 30 * DAY).toISOString();
    const recent = new Date().toISOString();
    let prunedWhileReading = false;
    // A store whose log loses its six oldest events between the stream's first and second replay reads.
    class OvertakenStore extends MemoryStore {
      override async readEventsAfter(position: number, limit: number) {
        if (position > 0 && !prunedWhileReading) {
          prunedWhileReading = true;
          await this.transaction((tx) => tx.pruneEvents(recent, 100));
        }
        return super.readEventsAfter(position, limit);
      }
    }
    const store = new OvertakenStore();
    await store.transaction(async (tx) => {
      for (let i = 1; i <= 10; i++) await tx.appendEvent(makeEvent({ createdAt: i <= 6 ? old : recent }));
    });
    const secretKey = "sk_overtaken_0123456789abcdef";
    const app = createApp({ store, secretKey, stream: { batchSize: 3 } });
    const listening = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => listening.once("listening", resolve));
    const { port } = listening.address() as { port: number };
    try {
      const client = await connectSse(`http://127.0.0.1:${port}/v1/events/stream`, {
        token: secretKey,
        lastEventId: 0,
      });
      open.push(client);
      await client.waitFor((c) => c.lastEventId === "10", 5_000, "the end of the replay");
      expect(prunedWhileReading).toBe(true);
      expect(client.messages.map((m) => `${m.event ?? "message"} ${m.id}`)).toEqual([
        "message 1",
        "message 2",
        "message 3",
        "reset 6",
        "message 7",
        "message 8",
        "message 9",
        "message 10",
      ]);
      expect(JSON.parse(client.messages[3]!.data)).toEqual({ reason: "cursor-pruned", lastEventId: 6 });
    } finally {
      await Promise.all(open.splice(0).map((client) => client.close()));
      await new Promise((resolve) => listening.close(resolve));
    }
  });
});
