import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJob, createSpace, jobEvents } from "./testing/fixtures";
import { startTestServer, type TestServer } from "./testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const LISTENERS = 50;
const ROUNDS = 5;

let server: TestServer;
let spaceId: string;

beforeAll(async () => {
  server = await startTestServer();
  spaceId = await createSpace(server, "claims");
});

afterAll(async () => {
  await server?.stop();
});

/** A listener call with its X-Listener-Id, straight over fetch so that all of them are really in flight at once. */
async function listenerCall(listenerId: string, method: string, path: string, body: unknown = {}) {
  const response = await fetch(`${server.baseUrl}/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${server.secretKey}`,
      "content-type": "application/json",
      "x-listener-id": listenerId,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json, listenerId };
}

describe.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))("claim race, round %i", (round) => {
  it(`${LISTENERS} simultaneous first acks from different listeners: exactly one wins`, async () => {
    const created = await createJob(server, spaceId, { operation: `race-${round}`, trigger: "immediate" });
    const jobId = created.id as string;
    expect(created.status).toBe("ready");

    const listeners = Array.from({ length: LISTENERS }, (_, i) => `listener-${round}-${i}`);
    const results = await Promise.all(
      listeners.map((id) =>
        listenerCall(id, "POST", `/jobs/${jobId}/ack`, { info: `claimed by ${id}`, progress: 1 }),
      ),
    );

    const winners = results.filter((r) => r.status === 200);
    const losers = results.filter((r) => r.status !== 200);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(LISTENERS - 1);
    for (const loser of losers) {
      expect(loser.status).toBe(409);
      expect(loser.body.errors[0].message).toMatch(/another listener/);
    }
    const winner = winners[0]!.listenerId;
    const loser = losers[0]!.listenerId;

    const stored = (await server.call("GET", `/jobs/${jobId}`)).body.data;
    expect(stored).toMatchObject({ status: "executing", claimedBy: winner, info: `claimed by ${winner}` });
    // Exactly one transition to executing was published.
    expect((await jobEvents(server, jobId)).map((e) => e.topic)).toEqual([
      "job:created",
      "job:ready",
      "job:updated",
    ]);

    // The winner reports progress with further acks and an update.
    for (const progress of [20, 40, 60, 80]) {
      const tick = await listenerCall(winner, "POST", `/jobs/${jobId}/ack`, {
        progress,
        info: `at ${progress}`,
      });
      expect(tick.status).toBe(200);
      expect(tick.body.data.progress).toBe(progress);
    }
    const update = await listenerCall(winner, "PATCH", `/jobs/${jobId}`, { progress: 90, info: "almost" });
    expect(update.status).toBe(200);
    expect(update.body.data).toMatchObject({ progress: 90, info: "almost", status: "executing" });

    // A loser can neither ack, update, complete nor fail the job.
    for (const [method, path, body] of [
      ["POST", `/jobs/${jobId}/ack`, { progress: 95 }],
      ["PATCH", `/jobs/${jobId}`, { progress: 95 }],
      ["PATCH", `/jobs/${jobId}`, { status: "complete" }],
      ["POST", `/jobs/${jobId}/complete`, { info: "stolen" }],
      ["POST", `/jobs/${jobId}/fail`, { info: "sabotage" }],
    ] as const) {
      const refused = await listenerCall(loser, method, path, body);
      expect(refused.status, `${method} ${path}`).toBe(409);
      expect(refused.body.errors[0].message).toMatch(/another listener/);
    }
    expect((await server.call("GET", `/jobs/${jobId}`)).body.data).toMatchObject({
      status: "executing",
      progress: 90,
    });

    // The winner completes.
    const done = await listenerCall(winner, "POST", `/jobs/${jobId}/complete`, {
      outcome: { message: `done by ${winner}` },
    });
    expect(done.status).toBe(200);
    expect(done.body.data).toMatchObject({
      status: "complete",
      progress: 100,
      outcome: { message: `done by ${winner}` },
    });

    const topics = (await jobEvents(server, jobId)).map((e) => e.topic);
    expect(topics.filter((t) => t === "job:completed")).toHaveLength(1);
    expect(topics).not.toContain("job:failed");
    // created, ready, first ack, 4 ticks, update, completed.
    expect(topics).toHaveLength(9);
  });
});

describe("calls without X-Listener-Id", () => {
  it("are not checked against the claim, as Flatfile's own clients send none", async () => {
    const jobId = (await createJob(server, spaceId, { operation: "unclaimed", trigger: "immediate" }))
      .id as string;
    expect((await listenerCall("owner", "POST", `/jobs/${jobId}/ack`)).status).toBe(200);
    expect((await listenerCall("intruder", "POST", `/jobs/${jobId}/ack`)).status).toBe(409);
    expect((await server.call("POST", `/jobs/${jobId}/ack`, { body: { progress: 50 } })).status).toBe(200);
    expect((await server.call("POST", `/jobs/${jobId}/complete`, { body: {} })).status).toBe(200);
  });

  it("a first ack without the header leaves the job unclaimed, so any listener may go on", async () => {
    const jobId = (await createJob(server, spaceId, { operation: "open", trigger: "immediate" }))
      .id as string;
    expect((await server.call("POST", `/jobs/${jobId}/ack`, { body: {} })).status).toBe(200);
    expect((await listenerCall("anyone", "POST", `/jobs/${jobId}/ack`, { progress: 10 })).status).toBe(200);
    expect((await listenerCall("someone-else", "POST", `/jobs/${jobId}/complete`)).status).toBe(200);
  });
});
