import { serve, type ServerType } from "@hono/node-server";
import type { Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { Event } from "../../core";
import { createApp } from "../app";
import { MemoryStore } from "../store/memory-store";
import type { CommitListener } from "../store/store";
import { connectSse } from "../testing/sse-client";

const SECRET = "sk_stream_test_0123456789abcdef";

/**
 * A memory store whose commit notifications can be lost or repeated, as a notification channel between instances
 * can lose or repeat them. `deliveries(n)` says how often the n-th commit is announced.
 */
class FlakyStore extends MemoryStore {
  commits = 0;
  constructor(private readonly deliveries: (commit: number) => number) {
    super();
  }
  override onCommit(listener: CommitListener) {
    return super.onCommit((events: Event[]) => {
      const times = this.deliveries(++this.commits);
      for (let i = 0; i < times; i++) listener(events);
    });
  }
}

let server: ServerType | undefined;
afterEach(async () => {
  (server as Server | undefined)?.closeAllConnections();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
});

async function serveStore(store: MemoryStore): Promise<string> {
  const app = createApp({ store, secretKey: SECRET });
  return new Promise((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
  });
}

async function createJob(baseUrl: string, n: number) {
  const response = await fetch(`${baseUrl}/v1/jobs`, {
    method: "POST",
    headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
    body: JSON.stringify({ type: "workbook", operation: `op${n}`, source: "us_wb_1", trigger: "immediate" }),
  });
  expect(response.status).toBe(200);
}

describe("event stream gap recovery", () => {
  it("reads events whose commit notification was lost from the log, in order, once", async () => {
    // Every third commit's notification is lost; the next one shows the gap and the stream reads it from the log.
    const store = new FlakyStore((commit) => (commit % 3 === 1 ? 0 : 1));
    const baseUrl = await serveStore(store);
    const client = await connectSse(`${baseUrl}/v1/events/stream`, { token: SECRET });
    for (let n = 0; n < 20; n++) await createJob(baseUrl, n);
    // 20 jobs × (job:created + job:ready); the last commit (20th) is delivered, so nothing is left behind.
    await client.waitFor((c) => c.events().length >= 40, 5_000, "40 events");
    const positions = client.events().map((e) => e.position);
    expect(positions).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(store.commits).toBe(20);
    await client.close();
  });

  it("sends an event once even when its commit is announced twice", async () => {
    const store = new FlakyStore(() => 2);
    const baseUrl = await serveStore(store);
    const client = await connectSse(`${baseUrl}/v1/events/stream`, { token: SECRET });
    for (let n = 0; n < 5; n++) await createJob(baseUrl, n);
    await client.waitFor((c) => c.events().length >= 10, 5_000, "10 events");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.events().map((e) => e.position)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    await client.close();
  });
});
