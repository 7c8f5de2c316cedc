import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Hono } from "hono";
import { z } from "zod";
import { afterEach, describe, expect, it } from "vitest";
import { createApi } from "../app";
import { ApiRouter, type AppEnv } from "../http/api-router";
import { TokenAuthority } from "../http/auth";
import { Drain } from "../http/drain";
import { MemoryStore } from "../store/memory-store";
import { startTestServer, type TestServer } from "../testing/test-server";
import { hotPath, type HotPath } from "./hot-path";

type Answer = { status: number; headers: IncomingHttpHeaders; body: string };

/** A raw HTTP call: the body's bytes and headers exactly as given (fetch would add or change some). */
function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

const servers: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

const SECRET = "sk_hot_path_0123456789abcdef";

async function start(hot: boolean): Promise<TestServer> {
  const server = await startTestServer({ secretKey: SECRET, hotPath: hot, systemJobs: false });
  servers.push(server);
  return server;
}

/** A body with its declared length, as a listener's HTTP client sends it. */
function json(text: string, extra: Record<string, string> = {}): [Record<string, string>, Buffer] {
  const bytes = Buffer.from(text);
  return [
    {
      authorization: `Bearer ${SECRET}`,
      "content-type": "application/json",
      "content-length": String(bytes.length),
      ...extra,
    },
    bytes,
  ];
}

/**
 * The job calls a listener makes, and the ways they can be refused, in one sequence; answers what each got, with the
 * job ids and times (which differ between servers) replaced by placeholders.
 */
async function script(
  port: number,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }[]> {
  const answers: Answer[] = [];
  const call = async (method: string, path: string, [headers, body]: [Record<string, string>, Buffer]) => {
    const answer = await send(port, method, path, headers, body);
    answers.push(answer);
    return answer;
  };
  const create = JSON.stringify({
    type: "workbook",
    operation: "hot",
    trigger: "immediate",
    source: "us_wb_hot",
  });
  const first = JSON.parse((await call("POST", "/v1/jobs", json(create))).body).data.id as string;
  const second = JSON.parse((await call("POST", "/v1/jobs", json(create))).body).data.id as string;
  await call(
    "POST",
    `/v1/jobs/${first}/ack`,
    json(`{"info":"Starting","progress":5}`, { "x-listener-id": "l1" }),
  );
  await call("PATCH", `/v1/jobs/${first}`, json(`{"progress":50,"info":"Half"}`));
  // A byte-order mark, as some clients send: the app's text decoding drops it.
  await call("PATCH", `/v1/jobs/${first}`, json(`\uFEFF{"progress":60}`));
  await call("PATCH", `/v1/jobs/${first}`, json(`{"progress":"much"}`));
  await call("PATCH", `/v1/jobs/${first}`, json(`{"progress":`));
  await call("PATCH", `/v1/jobs/${first}`, json(`{"metadata":{"__proto__":{"x":1}}}`));
  await call("PATCH", `/v1/jobs/${first}`, json(``));
  await call("POST", `/v1/jobs/${first}/complete`, json(``, { "x-listener-id": "l1" }));
  await call("POST", `/v1/jobs/${first}/ack`, json(`{}`));
  await call("POST", `/v1/jobs/us_jb_missing/ack`, json(`{}`));
  await call("POST", `/v1/jobs/${second}/ack`, json(`{}`));
  await call("POST", `/v1/jobs/${second}/fail`, json(`{"outcome":{"message":"No"}}`));
  await call("POST", "/v1/jobs", json(`{"type":"workbook","operation":5,"source":"us_wb_hot"}`));
  await call("POST", "/v1/jobs", json(`{"type":"workbook"}`));
  await call("POST", `/v1/jobs/${first}/ack`, json(`{}`, { authorization: "Bearer sk_wrong" }));
  await call("DELETE", `/v1/jobs/${second}`, json(``));
  let text = answers.map((a) => a.body).join("\n");
  const ids = [...new Set(text.match(/us_jb_\w+/g))];
  text = text.replace(/us_jb_\w+/g, (id) => `<job ${ids.indexOf(id)}>`);
  text = text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, "<time>");
  const bodies = text.split("\n");
  return answers.map((answer, i) => {
    const { date: _date, "content-length": length, ...headers } = answer.headers;
    expect(Number(length)).toBe(Buffer.byteLength(answer.body));
    return { status: answer.status, headers, body: bodies[i] as string };
  });
}

describe("the Node server's hot path for job calls", () => {
  it("answers every call and every refusal as the app does: statuses, headers and bodies", async () => {
    const [withHotPath, withoutIt] = await Promise.all([start(true), start(false)]);
    const fast = await script(withHotPath.port);
    const app = await script(withoutIt.port);
    expect(fast).toEqual(app);
    expect(fast.map((a) => a.status)).toEqual([
      200, 200, 200, 200, 200, 400, 400, 400, 400, 200, 409, 404, 200, 200, 400, 400, 401, 200,
    ]);
  });

  it("publishes the same events, and counts a listener's finished jobs", async () => {
    const server = await start(true);
    const create = JSON.stringify({
      type: "workbook",
      operation: "hot",
      trigger: "immediate",
      source: "us_wb_e",
    });
    const id = JSON.parse((await send(server.port, "POST", "/v1/jobs", ...json(create))).body).data
      .id as string;
    await send(server.port, "POST", `/v1/jobs/${id}/ack`, ...json(`{}`));
    await send(server.port, "POST", `/v1/jobs/${id}/complete`, ...json(`{}`));
    const events = await server.allEvents({ domain: "job" });
    expect(events.filter((e) => e.context.jobId === id).map((e) => e.topic)).toEqual([
      "job:created",
      "job:ready",
      "job:updated",
      "job:completed",
    ]);
  });
});

describe("which requests the hot path takes", () => {
  /** The hot path in front of a stand-in for the app that answers 599, so a test sees who answered. */
  async function serve(path: HotPath): Promise<number> {
    const server: Server = createServer((req, res) => {
      if (path(req, res)) return;
      req.resume();
      res.writeHead(599).end("app");
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    servers.push({ stop: () => new Promise<void>((done) => server.close(() => done())) });
    return (server.address() as AddressInfo).port;
  }

  function memoryApi(options: { throttled?: boolean } = {}) {
    const { hot } = createApi({
      store: new MemoryStore(),
      secretKey: SECRET,
      rateLimits: { perToken: { perSecond: 1, burst: 1 }, throttleSecretKey: options.throttled ?? false },
    });
    return hot;
  }

  it("takes the secret key's job calls with a declared body, and leaves everything else to the app", async () => {
    const hot = memoryApi();
    const port = await serve(hotPath(hot));
    const create = JSON.stringify({
      type: "workbook",
      operation: "hot",
      trigger: "immediate",
      source: "us_wb_t",
    });
    const taken = await send(port, "POST", "/v1/jobs", ...json(create));
    expect(taken.status).toBe(200);
    const id = JSON.parse(taken.body).data.id as string;
    expect((await send(port, "POST", `/v1/jobs/${id}/ack`, ...json(`{}`))).status).toBe(200);

    const app = async (method: string, path: string, [headers, body]: [Record<string, string>, Buffer?]) =>
      expect((await send(port, method, path, headers, body)).status).toBe(599);
    const [headers, body] = json(`{}`);
    const { "content-length": _length, ...unsized } = headers;
    await app("POST", `/v1/jobs/${id}/ack`, json(`{}`, { authorization: "Bearer sk_not_the_key" }));
    await app("POST", `/v1/jobs/${id}/ack`, json(`{}`, { authorization: "Bearer eyJ.a.token" }));
    await app("POST", `/v1/jobs/${id}/ack?x=1`, json(`{}`));
    await app("POST", `/v1/jobs/${id}%41/ack`, json(`{}`));
    await app("POST", `/v1/jobs/../jobs/${id}/ack`, json(`{}`));
    await app("POST", `/v1/jobs/${id}/ack`, json(`{}`, { "content-encoding": "gzip" }));
    await app("POST", `/v1/jobs/${id}/ack`, [{ ...unsized, "transfer-encoding": "chunked" }, body]);
    await app("POST", `/v1/jobs/${id}/ack`, json(`{}` + " ".repeat(1024 * 1024)));
    await app("GET", `/v1/jobs/${id}`, [{ authorization: `Bearer ${SECRET}` }]);
    await app("POST", `/v1/jobs/${id}/split`, json(`{"parts":2}`));
    await app("POST", `/v1/jobs/${id}/ack`, json(`{}`, { host: "localhost:99999" }));

    hot.drain.start();
    await app("POST", `/v1/jobs/${id}/ack`, json(`{}`));
  });

  it("leaves the secret key's calls to the app when the secret key is rate limited", async () => {
    const port = await serve(hotPath(memoryApi({ throttled: true })));
    const create = JSON.stringify({
      type: "workbook",
      operation: "hot",
      trigger: "immediate",
      source: "us_wb_t",
    });
    expect((await send(port, "POST", "/v1/jobs", ...json(create))).status).toBe(599);
  });

  it("takes a hot route only where the app would pick it: a route added before it wins", async () => {
    const tokens = new TokenAuthority(SECRET, () => new Date());
    const router = new ApiRouter(new Hono<AppEnv>(), tokens);
    const thing = { tag: "T", summary: "s", access: "secret key", body: z.object({}) };
    router.add({ ...thing, method: "post", path: "/things/special" }, async () => ({ data: "special" }));
    router.addHot({ ...thing, method: "post", path: "/things/:id" }, async ({ params }) => ({
      data: params.id,
    }));
    const port = await serve(hotPath({ router, tokens, drain: new Drain(), secretKeyThrottled: false }));
    expect((await send(port, "POST", "/v1/things/special", ...json(`{}`))).status).toBe(599);
    const taken = await send(port, "POST", "/v1/things/other", ...json(`{}`));
    expect(taken).toMatchObject({ status: 200, body: `{"data":"other"}` });
  });
});
