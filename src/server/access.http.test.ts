import { sign } from "hono/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJob, createSpace, exportActionWith, jobIn } from "./testing/fixtures";
import { connectSse } from "./testing/sse-client";
import { startTestServer, type TestServer } from "./testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

let server: TestServer;
let own: string;
let other: string;
let userToken: string;
let operatorToken: string;

const exportAction = exportActionWith(
  { key: "note", label: "Note", type: "string" },
  { key: "limit", label: "Limit", type: "number" },
);
const cleanAction = { operation: "clean", label: "Clean" };

/** Expects a refusal with an error body; returns the first message. */
function expectError(response: { status: number; body: Json }, status: number): string {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(Array.isArray(response.body.errors)).toBe(true);
  expect(response.body.errors[0].message.length).toBeGreaterThan(0);
  return response.body.errors[0].message as string;
}

function flipSignatureChar(token: string): string {
  const [header, payload, signature] = token.split(".") as [string, string, string];
  const i = Math.floor(signature.length / 2);
  const flipped = signature[i] === "A" ? "B" : "A";
  return `${header}.${payload}.${signature.slice(0, i)}${flipped}${signature.slice(i + 1)}`;
}

beforeAll(async () => {
  server = await startTestServer();
  own = await createSpace(server, "Own", { actions: [exportAction, cleanAction] });
  other = await createSpace(server, "Other", { actions: [exportAction] });
  userToken = await server.mintToken("user", own);
  operatorToken = await server.mintToken("operator");
});

afterAll(async () => {
  await server?.stop();
});

describe("authentication", () => {
  it("a missing token is 401", async () => {
    expectError(await server.call("GET", "/jobs", { token: null }), 401);
    expectError(await server.call("GET", `/spaces/${own}`, { token: null }), 401);
    expectError(
      await server.call("POST", "/jobs", {
        token: null,
        body: { type: "space", operation: "x", source: own },
      }),
      401,
    );
  });

  it("a malformed Authorization header is 401", async () => {
    expectError(
      await server.call("GET", "/jobs", { token: null, headers: { authorization: "Basic abc" } }),
      401,
    );
    expectError(await server.call("GET", "/jobs", { token: "not-a-jwt" }), 401);
  });

  it("a tampered token (one signature character flipped) is 401", async () => {
    expect((await server.call("GET", `/spaces/${own}`, { token: userToken })).status).toBe(200);
    expectError(await server.call("GET", `/spaces/${own}`, { token: flipSignatureChar(userToken) }), 401);
    expectError(await server.call("GET", "/spaces", { token: flipSignatureChar(operatorToken) }), 401);
  });

  it("a token whose claims were edited (another space) is 401", async () => {
    const [header, payload, signature] = userToken.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    const forged = Buffer.from(JSON.stringify({ ...claims, spaceId: other })).toString("base64url");
    expectError(
      await server.call("GET", `/spaces/${other}`, { token: `${header}.${forged}.${signature}` }),
      401,
    );
  });

  it("a token minted with expiresIn 60 works now and says when it expires", async () => {
    const response = await server.ok("POST", "/auth/tokens", { role: "operator", expiresIn: 60 });
    const expiresAt = Date.parse(response.data.expiresAt);
    expect(expiresAt).toBeGreaterThan(Date.now() + 50_000);
    expect(expiresAt).toBeLessThan(Date.now() + 70_000);
    expect((await server.call("GET", "/spaces", { token: response.data.token })).status).toBe(200);
  });

  it("an expired token (signed with the server's key, exp in the past) is 401", async () => {
    const now = Math.floor(Date.now() / 1000);
    const expiredOperator = await sign(
      { role: "operator", sub: "operator:old", iat: now - 7200, exp: now - 3600 },
      server.secretKey,
      "HS256",
    );
    const expiredUser = await sign(
      { role: "user", spaceId: own, sub: "user:old", iat: now - 120, exp: now - 1 },
      server.secretKey,
      "HS256",
    );
    const fresh = await sign(
      { role: "operator", sub: "operator:new", iat: now, exp: now + 600 },
      server.secretKey,
      "HS256",
    );
    // The hand-made token is accepted when it has not expired, so the 401s below are about expiry alone.
    expect((await server.call("GET", "/spaces", { token: fresh })).status).toBe(200);
    expect(expectError(await server.call("GET", "/spaces", { token: expiredOperator }), 401)).toMatch(
      /expired/,
    );
    expectError(await server.call("GET", `/spaces/${own}`, { token: expiredUser }), 401);
  });

  it("a token signed with another key is 401", async () => {
    const now = Math.floor(Date.now() / 1000);
    const foreign = await sign(
      { role: "operator", sub: "x", iat: now, exp: now + 600 },
      "sk_some_other_key_0123456789",
      "HS256",
    );
    expectError(await server.call("GET", "/spaces", { token: foreign }), 401);
  });

  it("a secret key that is not this server's is 401", async () => {
    expectError(await server.call("GET", "/jobs", { token: "sk_" + "0".repeat(48) }), 401);
    expectError(await server.call("GET", "/jobs", { token: server.secretKey + "x" }), 401);
    expectError(await server.call("GET", "/jobs", { token: server.secretKey.slice(0, -1) }), 401);
  });
});

describe("minting tokens", () => {
  it("only the secret key mints tokens", async () => {
    const asUser = await server.call("POST", "/auth/tokens", {
      token: userToken,
      body: { role: "operator" },
    });
    expectError(asUser, 403);
    const asOperator = await server.call("POST", "/auth/tokens", {
      token: operatorToken,
      body: { role: "operator" },
    });
    expectError(asOperator, 403);
    const minted = await server.ok("POST", "/auth/tokens", { role: "user", spaceId: own });
    expect(minted.data).toMatchObject({ role: "user", spaceId: own });
    expect(typeof minted.data.token).toBe("string");
  });

  it("a user token without spaceId is 400 naming spaceId", async () => {
    const response = await server.call("POST", "/auth/tokens", { body: { role: "user" } });
    expectError(response, 400);
    expect(response.body.errors[0].key).toBe("spaceId");
  });
});

describe("user token", () => {
  let ownJob: Json;
  let otherJob: Json;
  let otherEvent: Json;
  let ownEvent: Json;

  beforeAll(async () => {
    ownJob = await createJob(server, own);
    otherJob = await createJob(server, other);
    ownEvent = (await server.ok("GET", `/events?spaceId=${own}&topic=job:created&pageSize=1000`)).data[0];
    otherEvent = (await server.ok("GET", `/events?spaceId=${other}&topic=job:created&pageSize=1000`)).data[0];
  });

  it("reads its own space, its jobs and its events", async () => {
    expect((await server.ok("GET", `/spaces/${own}`, undefined, userToken)).data.id).toBe(own);
    const spaces = await server.ok("GET", "/spaces", undefined, userToken);
    expect(spaces.data.map((s: Json) => s.id)).toEqual([own]);
    expect((await server.ok("GET", `/jobs/${ownJob.id}`, undefined, userToken)).data.id).toBe(ownJob.id);

    const jobs = await server.ok("GET", "/jobs?pageSize=1000", undefined, userToken);
    expect(jobs.data.length).toBeGreaterThan(0);
    expect(jobs.data.every((j: Json) => j.spaceId === own)).toBe(true);
    expect(jobs.data.map((j: Json) => j.id)).toContain(ownJob.id);
    expect(
      (await server.ok("GET", `/jobs?spaceId=${own}`, undefined, userToken)).data.length,
    ).toBeGreaterThan(0);

    const events = await server.ok("GET", "/events?pageSize=1000", undefined, userToken);
    expect(events.data.length).toBeGreaterThan(0);
    expect(events.data.every((e: Json) => e.context.spaceId === own)).toBe(true);
    expect((await server.ok("GET", `/events/${ownEvent.id}`, undefined, userToken)).data.id).toBe(
      ownEvent.id,
    );
  });

  it("gets 404 for another space, its jobs and its events", async () => {
    expectError(await server.call("GET", `/spaces/${other}`, { token: userToken }), 404);
    expectError(await server.call("GET", `/jobs/${otherJob.id}`, { token: userToken }), 404);
    expectError(await server.call("GET", `/events/${otherEvent.id}`, { token: userToken }), 404);
    expectError(await server.call("GET", `/jobs?spaceId=${other}`, { token: userToken }), 404);
    expectError(await server.call("GET", `/events?spaceId=${other}`, { token: userToken }), 404);
    expectError(await server.call("POST", `/jobs/${otherJob.id}/cancel`, { token: userToken }), 404);
    // Nothing about the other space changed.
    expect((await server.ok("GET", `/jobs/${otherJob.id}`)).data).toEqual(otherJob);
  });

  it.each([
    ["ack", "POST", "/ack", {}],
    ["update", "PATCH", "", { progress: 10 }],
    ["complete", "POST", "/complete", {}],
    ["fail", "POST", "/fail", {}],
    ["execute", "POST", "/execute", {}],
    ["delete", "DELETE", "", undefined],
  ] as const)("cannot %s a job of its own space (403)", async (_call, method, suffix, body) => {
    const job = await createJob(server, own, { trigger: _call === "execute" ? "manual" : "immediate" });
    expectError(await server.call(method, `/jobs/${job.id}${suffix}`, { token: userToken, body }), 403);
    expect((await server.ok("GET", `/jobs/${job.id}`)).data).toEqual(job);
  });

  it("cannot acknowledge events (403)", async () => {
    expectError(await server.call("POST", `/events/${ownEvent.id}/ack`, { token: userToken }), 403);
  });

  it("cannot create spaces, update them or delete them (403)", async () => {
    expectError(await server.call("POST", "/spaces", { token: userToken, body: { name: "mine" } }), 403);
    expectError(
      await server.call("PATCH", `/spaces/${own}`, { token: userToken, body: { name: "renamed" } }),
      403,
    );
    expectError(await server.call("DELETE", `/spaces/${own}`, { token: userToken }), 403);
  });

  it("cannot create a job that is not a mounted action (403)", async () => {
    const cases = [
      { type: "workbook", operation: "export", source: "us_wb_1" },
      { type: "space", operation: "configure", source: own },
      { type: "space", operation: "not-mounted", source: own },
      // Mounted, but on another space.
      { type: "space", operation: "export", source: other, input: { format: "csv" } },
    ];
    for (const body of cases) {
      expectError(await server.call("POST", "/jobs", { token: userToken, body }), 403);
    }
  });

  it("creates a job for an action mounted on its space: immediate, in the action's mode", async () => {
    const response = await server.ok(
      "POST",
      "/jobs",
      {
        type: "space",
        operation: "export",
        source: own,
        input: { format: "xlsx", note: "q3" },
        trigger: "manual",
        mode: "background",
      },
      userToken,
    );
    expect(response.data).toMatchObject({
      type: "space",
      operation: "export",
      source: own,
      spaceId: own,
      trigger: "immediate",
      status: "ready",
      mode: "foreground",
      input: { format: "xlsx", note: "q3" },
    });
    const clean = await server.ok(
      "POST",
      "/jobs",
      { type: "space", operation: "clean", source: own },
      userToken,
    );
    expect(clean.data).toMatchObject({ mode: "background", trigger: "immediate", status: "ready" });
  });

  it("validates input against the action's form", async () => {
    const missing = await server.call("POST", "/jobs", {
      token: userToken,
      body: { type: "space", operation: "export", source: own, input: { note: "no format" } },
    });
    expectError(missing, 400);
    expect(missing.body.errors.map((e: Json) => e.key)).toEqual(["input.format"]);

    const noInput = await server.call("POST", "/jobs", {
      token: userToken,
      body: { type: "space", operation: "export", source: own },
    });
    expectError(noInput, 400);
    expect(noInput.body.errors[0].key).toBe("input.format");

    const badEnum = await server.call("POST", "/jobs", {
      token: userToken,
      body: { type: "space", operation: "export", source: own, input: { format: "pdf" } },
    });
    expectError(badEnum, 400);
    expect(badEnum.body.errors[0].key).toBe("input.format");

    const badType = await server.call("POST", "/jobs", {
      token: userToken,
      body: { type: "space", operation: "export", source: own, input: { format: "csv", limit: "ten" } },
    });
    expectError(badType, 400);
    expect(badType.body.errors[0].key).toBe("input.limit");
  });

  it("cancels, retries and acknowledges the outcome of its own space's jobs", async () => {
    const running = await jobIn(server, own, "executing");
    const canceled = await server.ok(
      "POST",
      `/jobs/${running.id}/cancel`,
      { info: "user stopped it" },
      userToken,
    );
    expect(canceled.data.status).toBe("canceled");
    const retried = await server.ok("POST", `/jobs/${running.id}/retry`, undefined, userToken);
    expect(retried.data.status).toBe("ready");

    const done = await jobIn(server, own, "complete");
    const acked = await server.ok("POST", `/jobs/${done.id}/outcome/ack`, undefined, userToken);
    expect(acked.data.outcomeAcknowledgedAt).toBeTruthy();

    const otherDone = await jobIn(server, other, "failed");
    expectError(await server.call("POST", `/jobs/${otherDone.id}/outcome/ack`, { token: userToken }), 404);
    expectError(await server.call("POST", `/jobs/${otherDone.id}/retry`, { token: userToken }), 404);
  });

  it("its event stream carries only its space's events", async () => {
    const stream = await connectSse(`${server.baseUrl}/v1/events/stream`, { token: userToken });
    try {
      expect(stream.status).toBe(200);
      await stream.waitFor((c) => c.chunks.length > 0, 5_000, "the first comment");
      const foreign = await createJob(server, other, { operation: "foreign" });
      const mine = await createJob(server, own, { operation: "mine" });
      await stream.waitFor(
        (c) => c.events<Json>().some((e) => e.data.context.jobId === mine.id),
        5_000,
        "the own space's job event",
      );
      const received = stream.events<Json>();
      expect(received.every((e) => e.data.context.spaceId === own)).toBe(true);
      expect(received.some((e) => e.data.context.jobId === foreign.id)).toBe(false);
    } finally {
      await stream.close();
    }
    // Asking for another space's stream is a 404, as for any read of it.
    const refused = await connectSse(`${server.baseUrl}/v1/events/stream`, {
      token: userToken,
      query: { spaceId: other },
    });
    expect(refused.status).toBe(404);
    // A replay from the start is filtered too.
    const replay = await connectSse(`${server.baseUrl}/v1/events/stream`, {
      query: { token: userToken, lastEventId: 0 },
    });
    try {
      await replay.waitFor((c) => c.events().length > 0, 5_000, "replayed events");
      const last = (await server.ok("GET", "/events?pageSize=1000&includeAcknowledged=true")).pagination
        .totalCount;
      await new Promise((resolve) => setTimeout(resolve, 100));
      const replayed = replay.events<Json>();
      expect(replayed.every((e) => e.data.context.spaceId === own)).toBe(true);
      expect(replayed.length).toBeLessThan(last);
    } finally {
      await replay.close();
    }
  });
});

describe("operator token", () => {
  it("reads every space, job and event", async () => {
    const spaces = await server.ok("GET", "/spaces?pageSize=1000", undefined, operatorToken);
    expect(spaces.data.map((s: Json) => s.id)).toEqual(expect.arrayContaining([own, other]));
    expect((await server.ok("GET", `/spaces/${other}`, undefined, operatorToken)).data.id).toBe(other);
    const job = await createJob(server, other);
    expect((await server.ok("GET", `/jobs/${job.id}`, undefined, operatorToken)).data.id).toBe(job.id);
    const jobs = await server.ok("GET", `/jobs?spaceId=${own}&pageSize=1000`, undefined, operatorToken);
    expect(jobs.data.length).toBeGreaterThan(0);
    const events = await server.ok("GET", "/events?pageSize=1000", undefined, operatorToken);
    const spacesSeen = new Set(events.data.map((e: Json) => e.context.spaceId));
    expect(spacesSeen.has(own) && spacesSeen.has(other)).toBe(true);
  });

  it("cancels, retries, deletes and acknowledges outcomes", async () => {
    const running = await jobIn(server, other, "executing");
    expect((await server.ok("POST", `/jobs/${running.id}/cancel`, {}, operatorToken)).data.status).toBe(
      "canceled",
    );
    expect((await server.ok("POST", `/jobs/${running.id}/retry`, undefined, operatorToken)).data.status).toBe(
      "ready",
    );
    const done = await jobIn(server, own, "failed");
    expect(
      (await server.ok("POST", `/jobs/${done.id}/outcome/ack`, undefined, operatorToken)).data
        .outcomeAcknowledgedAt,
    ).toBeTruthy();
    expect((await server.ok("DELETE", `/jobs/${done.id}`, undefined, operatorToken)).data).toMatchObject({
      success: true,
    });
    expect((await server.call("GET", `/jobs/${done.id}`)).status).toBe(404);
    const event = (await server.ok("GET", `/events?spaceId=${other}&pageSize=1`)).data[0];
    expect(
      (await server.ok("POST", `/events/${event.id}/ack`, undefined, operatorToken)).data.acknowledgedAt,
    ).toBeTruthy();
  });

  it("cannot ack, update, complete, fail or execute jobs (403)", async () => {
    const ready = await createJob(server, own, { trigger: "immediate" });
    expectError(await server.call("POST", `/jobs/${ready.id}/ack`, { token: operatorToken }), 403);
    expectError(await server.call("POST", `/jobs/${ready.id}/complete`, { token: operatorToken }), 403);
    expectError(await server.call("POST", `/jobs/${ready.id}/fail`, { token: operatorToken }), 403);
    expectError(
      await server.call("PATCH", `/jobs/${ready.id}`, { token: operatorToken, body: { progress: 5 } }),
      403,
    );
    const created = await createJob(server, own);
    expectError(await server.call("POST", `/jobs/${created.id}/execute`, { token: operatorToken }), 403);
    expect((await server.ok("GET", `/jobs/${ready.id}`)).data).toEqual(ready);
    expect((await server.ok("GET", `/jobs/${created.id}`)).data).toEqual(created);
  });

  it("cannot mint tokens or create, update or delete spaces (403)", async () => {
    expectError(
      await server.call("POST", "/auth/tokens", {
        token: operatorToken,
        body: { role: "user", spaceId: own },
      }),
      403,
    );
    expectError(await server.call("POST", "/spaces", { token: operatorToken, body: { name: "ops" } }), 403);
    expectError(
      await server.call("PATCH", `/spaces/${own}`, { token: operatorToken, body: { name: "ops" } }),
      403,
    );
    expectError(await server.call("DELETE", `/spaces/${own}`, { token: operatorToken }), 403);
  });

  it("cannot create a job that is not a mounted action (403)", async () => {
    expectError(
      await server.call("POST", "/jobs", {
        token: operatorToken,
        body: { type: "workbook", operation: "export", source: "us_wb_1" },
      }),
      403,
    );
  });
});

describe("secret key", () => {
  it("may do everything, including jobs with no space", async () => {
    const job = (
      await server.ok("POST", "/jobs", {
        type: "app",
        operation: "sync",
        source: "us_app_1",
        trigger: "immediate",
      })
    ).data;
    expect(job.spaceId).toBeUndefined();
    await server.ok("POST", `/jobs/${job.id}/ack`);
    await server.ok("PATCH", `/jobs/${job.id}`, { progress: 50 });
    await server.ok("POST", `/jobs/${job.id}/complete`);
    // A job without a space is not visible to a user token.
    expectError(await server.call("GET", `/jobs/${job.id}`, { token: userToken }), 404);
    expect((await server.ok("GET", `/jobs/${job.id}`, undefined, operatorToken)).data.status).toBe(
      "complete",
    );
  });
});
