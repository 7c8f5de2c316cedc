/**
 * Stopping the real entry point with signals, as an orchestrator does: node --import tsx src/server/main.ts in a child
 * process, an open event stream and an upload kept in flight by sending its body in two halves.
 */
import { existsSync, readdirSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connectSse } from "./testing/sse-client";
import { startMainProcess, type MainProcess } from "./testing/main-process";

const started: MainProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((main) => main.dispose()));
});

async function start(env: Record<string, string> = {}): Promise<MainProcess> {
  const main = await startMainProcess(env);
  started.push(main);
  return main;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function createSpace(main: MainProcess): Promise<string> {
  const response = await fetch(`${main.baseUrl}/v1/spaces`, {
    method: "POST",
    headers: { authorization: `Bearer ${main.secretKey}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Shutdown" }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { id: string } }).data.id;
}

type Answer = { status: number; connection: string | undefined; body: string };

/**
 * `POST /v1/files` over its own connection, with the multipart head and half the file sent at once and the rest only
 * on `finish()`: the request is in flight, its handler streaming to disk, until then. node:http rather than fetch, so
 * the body is written exactly when the test says.
 */
async function uploadInTwoHalves(main: MainProcess, spaceId: string) {
  const boundary = "shutdown-boundary";
  const url = new URL(`${main.baseUrl}/v1/files`);
  const request = http.request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: "POST",
    agent: false,
    headers: {
      authorization: `Bearer ${main.secretKey}`,
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    request.on("error", reject);
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body }),
      );
      response.on("error", reject);
    });
  });
  // A caller that expects the request to be cut still awaits `answer`; keep an early rejection from going unhandled.
  answer.catch(() => undefined);
  request.write(
    `--${boundary}\r\nContent-Disposition: form-data; name="spaceId"\r\n\r\n${spaceId}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.bin"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n`,
  );
  request.write(new Uint8Array(64 * 1024).fill(1));
  // In flight for certain once the server has begun writing the blob.
  const files = join(main.dataDir, "files");
  await until(
    () => existsSync(files) && readdirSync(files).some((name) => name.endsWith(".partial")),
    "the upload to reach the server",
  );
  return {
    answer,
    finish() {
      request.write(new Uint8Array(64 * 1024).fill(2));
      request.end(`\r\n--${boundary}--\r\n`);
    },
  };
}

/** What a new request gets: its status, or the connection error's code when the instance no longer accepts. */
async function probeHealth(main: MainProcess): Promise<number | string> {
  try {
    return (await fetch(`${main.baseUrl}/v1/health`)).status;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? String(error);
  }
}

describe("SIGTERM", () => {
  it("moves streams elsewhere, refuses new work, lets the in-flight upload finish, then exits 0", async () => {
    const main = await start({ SHUTDOWN_GRACE_SECONDS: "8" });
    const spaceId = await createSpace(main);
    const stream = await connectSse(`${main.baseUrl}/v1/events/stream`, { token: main.secretKey });
    await stream.waitFor((c) => c.comments.includes("connected"), 5_000, "the stream to open");
    expect(await probeHealth(main)).toBe(200);
    const upload = await uploadInTwoHalves(main, spaceId);

    const signalledAt = Date.now();
    main.child.kill("SIGTERM");
    await stream.waitFor((c) => c.ended, 5_000, "the stream to end");
    const reconnect = stream.messages.find((m) => m.event === "reconnect");
    expect(reconnect).toBeDefined();
    const data = JSON.parse(reconnect!.data) as { reason: string; lastEventId: number };
    expect(data).toEqual({ reason: "server-shutting-down", lastEventId: expect.any(Number) });
    expect(reconnect!.id).toBe(String(data.lastEventId));
    expect(stream.chunks.join("")).toContain("retry: 250\n");

    // A load balancer's health check no longer gets an instance that takes work.
    expect([503, "ECONNREFUSED"]).toContain(await probeHealth(main));
    expect(main.child.exitCode).toBeNull();

    upload.finish();
    const answer = await upload.answer;
    expect(answer.status, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ data: { name: "half.bin", size: 128 * 1024 } });
    expect(answer.connection).toBe("close");

    expect(await main.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(8_000);
    expect(main.output()).toContain("SIGTERM: draining");
  }, 30_000);

  it("cuts a request that never finishes when the grace period is over, then exits 0", async () => {
    const main = await start({ SHUTDOWN_GRACE_SECONDS: "1" });
    const upload = await uploadInTwoHalves(main, await createSpace(main));
    const signalledAt = Date.now();
    main.child.kill("SIGTERM");
    await expect(upload.answer).rejects.toThrow();
    expect(await main.exited).toBe(0);
    const took = Date.now() - signalledAt;
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(5_000);
    expect(main.output()).toContain("grace period were cut off");
  }, 30_000);

  it("exits at once with 1 on a second signal", async () => {
    const main = await start({ SHUTDOWN_GRACE_SECONDS: "20" });
    await uploadInTwoHalves(main, await createSpace(main));
    main.child.kill("SIGTERM");
    await until(() => main.output().includes("SIGTERM: draining"), "the first signal to be heard");
    const secondAt = Date.now();
    main.child.kill("SIGINT");
    expect(await main.exited).toBe(1);
    expect(Date.now() - secondAt).toBeLessThan(3_000);
  }, 30_000);
});

describe("SHUTDOWN_GRACE_SECONDS", () => {
  it("refuses a value that is not a number of seconds, saying which", async () => {
    await expect(start({ SHUTDOWN_GRACE_SECONDS: "ten" })).rejects.toThrow(
      /SHUTDOWN_GRACE_SECONDS must be a number of seconds \(0 or more\), got "ten"/,
    );
    await expect(start({ SHUTDOWN_GRACE_SECONDS: "-1" })).rejects.toThrow(/exited with 1/);
  }, 30_000);
});
