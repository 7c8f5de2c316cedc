import { describe, expect, it } from "vitest";
import { createApp } from "../app";
import { MemoryStore } from "../store/memory-store";
import { Drain } from "./drain";

const SECRET = "sk_drain_test_0123456789abcdef";

describe("Drain", () => {
  it("calls each listener once when it starts, at once when it has started, and not after unregistering", () => {
    const drain = new Drain();
    const calls: string[] = [];
    drain.onDrain(() => calls.push("a"));
    const unregister = drain.onDrain(() => calls.push("b"));
    unregister();
    expect(drain.draining).toBe(false);
    drain.start();
    drain.start();
    expect(drain.draining).toBe(true);
    expect(calls).toEqual(["a"]);
    drain.onDrain(() => calls.push("late"));
    expect(calls).toEqual(["a", "late"]);
  });

  it("tells every listener even when one throws", () => {
    const drain = new Drain();
    const calls: string[] = [];
    const originalError = console.error;
    console.error = () => undefined;
    try {
      drain.onDrain(() => {
        throw new Error("broken");
      });
      drain.onDrain(() => calls.push("second"));
      drain.start();
    } finally {
      console.error = originalError;
    }
    expect(calls).toEqual(["second"]);
  });
});

describe("an app that is draining", () => {
  const setup = () => {
    const drain = new Drain();
    const app = createApp({ store: new MemoryStore(), secretKey: SECRET, drain });
    return { drain, app };
  };

  it("answers health with 503 draining and asks every client to close its connection", async () => {
    const { drain, app } = setup();
    const before = await app.request("/v1/health");
    expect(before.status).toBe(200);
    expect(before.headers.get("connection")).toBeNull();

    drain.start();
    const health = await app.request("/v1/health");
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ data: { status: "draining", version: expect.any(String) } });
    expect(health.headers.get("connection")).toBe("close");
    const other = await app.request("/v1/spaces", { headers: { authorization: `Bearer ${SECRET}` } });
    expect(other.status).toBe(200);
    expect(other.headers.get("connection")).toBe("close");
    const refused = await app.request("/v1/spaces");
    expect(refused.status).toBe(401);
    expect(refused.headers.get("connection")).toBe("close");
  });

  it("sends a stream opened meanwhile elsewhere at once, with the cursor it asked for", async () => {
    const { drain, app } = setup();
    await app.request("/v1/spaces", {
      method: "POST",
      headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Before" }),
    });
    drain.start();
    const response = await app.request("/v1/events/stream", {
      headers: { authorization: `Bearer ${SECRET}`, "last-event-id": "0" },
    });
    expect(response.status).toBe(200);
    // The body ends by itself: reading it to the end is the assertion that the stream was closed.
    const text = await response.text();
    expect(text).toContain("event: reconnect\n");
    expect(text).toContain("retry: 250\n");
    // Nothing of the log is replayed: the next instance does that from the same cursor.
    expect(text).not.toContain("space:created");
    expect(text).toContain("id: 0\n");
    const data = /data: (.*)\n/.exec(text)?.[1];
    expect(JSON.parse(data ?? "null")).toEqual({ reason: "server-shutting-down", lastEventId: 0 });
  });
});
