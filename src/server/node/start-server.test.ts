import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { connectSse } from "../testing/sse-client";
import { loadOrCreateSecretKey } from "./secret-key";
import { startServer, type RunningServer } from "./start-server";
import { freePort } from "../testing/free-port";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "jobs-node-"));
  dirs.push(dir);
  return dir;
};
let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("secret key", () => {
  it("is made once, kept in the data folder with mode 0600, and reused", () => {
    const dir = tempDir();
    const first = loadOrCreateSecretKey(dir, undefined);
    expect(first.created).toBe(true);
    expect(first.key).toMatch(/^sk_[0-9a-f]{48}$/);
    expect(statSync(join(dir, "secret-key")).mode & 0o777).toBe(0o600);
    const again = loadOrCreateSecretKey(dir, undefined);
    expect(again).toEqual({ key: first.key, created: false });
  });

  it("takes API_SECRET_KEY when set and refuses a malformed one", () => {
    expect(loadOrCreateSecretKey(tempDir(), "sk_from_env_0123456789")).toEqual({
      key: "sk_from_env_0123456789",
      created: false,
    });
    expect(() => loadOrCreateSecretKey(tempDir(), "hunter2")).toThrow(/API_SECRET_KEY/);
  });
});

describe("static dashboard", () => {
  it("serves the built dashboard at / with an SPA fallback, and the API beside it", async () => {
    const webDir = tempDir();
    writeFileSync(join(webDir, "index.html"), "<!doctype html><title>Jobs Panel</title>");
    mkdirSync(join(webDir, "assets"));
    writeFileSync(join(webDir, "assets", "app.js"), "console.log(1)");
    running = await startServer({
      port: 0,
      host: "127.0.0.1",
      dataDir: tempDir(),
      webDir,
      secretKey: "sk_static_0123456789abcdef",
    });
    const base = `http://127.0.0.1:${running.port}`;
    expect(await (await fetch(`${base}/`)).text()).toContain("Jobs Panel");
    expect(await (await fetch(`${base}/space/us_sp_1/files?mode=export`)).text()).toContain("Jobs Panel");
    expect(await (await fetch(`${base}/assets/app.js`)).text()).toBe("console.log(1)");
    const api = await fetch(`${base}/v1/nope`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ errors: [expect.objectContaining({ message: expect.any(String) })] });
  });
});

describe("stop", () => {
  const SECRET = "sk_stop_0123456789abcdef";
  const start = async () => {
    running = await startServer({ port: 0, host: "127.0.0.1", dataDir: tempDir(), secretKey: SECRET });
    return `http://127.0.0.1:${running.port}`;
  };

  it("tells each open stream to reconnect from its own cursor, ends it, and does not wait for the grace period", async () => {
    const base = await start();
    const all = await connectSse(`${base}/v1/events/stream`, { token: SECRET });
    // A filter that matches nothing: the server's cursor still moves past the events it skips.
    const none = await connectSse(`${base}/v1/events/stream`, {
      token: SECRET,
      query: { spaceId: "us_sp_nothing" },
    });
    const created = await fetch(`${base}/v1/spaces`, {
      method: "POST",
      headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Watched" }),
    });
    expect(created.status).toBe(200);
    // Creating a space publishes a few events; both streams hear every commit.
    const position = await running!.store.lastEventPosition();
    expect(position).toBeGreaterThan(0);
    await all.waitFor((c) => c.lastEventId === String(position), 5_000, "the space's events");

    const started = Date.now();
    await running!.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    for (const client of [all, none]) {
      await client.waitFor((c) => c.ended, 2_000, "the end of the stream");
      const reconnect = client.messages.find((m) => m.event === "reconnect");
      expect(reconnect?.id).toBe(String(position));
      expect(JSON.parse(reconnect!.data)).toEqual({ reason: "server-shutting-down", lastEventId: position });
      expect(client.chunks.join("")).toContain("retry: 250\n");
    }
    expect(none.events()).toEqual([]);
  });

  it("runs stop hooks after the last connection closed and before the store closes, last registered first", async () => {
    const base = await start();
    const order: string[] = [];
    const originalError = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => void logged.push(args[0]);
    try {
      running!.onStop(async () => {
        // Registered first, so it runs last: the store is still open.
        order.push(`first:${await running!.store.lastEventPosition()}`);
      });
      running!.onStop(() => {
        throw new Error("a broken hook");
      });
      running!.onStop(async () => {
        const refused = await fetch(`${base}/v1/health`).then(
          () => false,
          () => true,
        );
        order.push(`last:${refused ? "refused" : "served"}`);
      });
      await running!.stop();
    } finally {
      console.error = originalError;
    }
    expect(order).toEqual(["last:refused", "first:0"]);
    expect(logged).toEqual(["A stop hook failed"]);
  });
});

describe("background duties", () => {
  it("run while the server does: a ready job nobody acks fails after the ready timeout, with its event", async () => {
    const SECRET = "sk_duties_0123456789abcdef";
    running = await startServer({
      port: 0,
      host: "127.0.0.1",
      dataDir: tempDir(),
      secretKey: SECRET,
      maintenance: { intervalMs: 50, readyTimeoutMs: 300 },
    });
    const base = `http://127.0.0.1:${running.port}`;
    const headers = { authorization: `Bearer ${SECRET}`, "content-type": "application/json" };
    const space = await fetch(`${base}/v1/spaces`, { method: "POST", headers, body: '{"name":"Duties"}' });
    const spaceId = ((await space.json()) as { data: { id: string } }).data.id;
    const created = await fetch(`${base}/v1/jobs`, {
      method: "POST",
      headers,
      body: JSON.stringify({ type: "space", operation: "idle", source: spaceId, trigger: "immediate" }),
    });
    const jobId = ((await created.json()) as { data: { id: string } }).data.id;
    await vi.waitFor(
      async () => {
        const job = await running!.store.getJob(jobId);
        expect(job?.status).toBe("failed");
        expect(job?.outcome?.heading).toBe("Timed out");
      },
      { timeout: 5_000, interval: 50 },
    );
    // The space's own configure job (no listener here either) times out too; each job fails once.
    const events = await running.store.listEvents({ topic: "job:failed", limit: 10, offset: 0 });
    expect(events.items.filter((event) => event.context.jobId === jobId)).toHaveLength(1);
  });
});

describe("main", () => {
  it("with no configuration makes a secret key and prints a sign-in link whose token works", async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      HOST: "127.0.0.1",
      WEB_DIR: join(dataDir, "no-web"),
    };
    delete env.API_SECRET_KEY;
    const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let output = "";
      const link = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no sign-in link in: ${output}`)), 20_000);
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const match = /(http:\/\/\S+\/#token=\S+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1] as string);
          }
        });
        child.on("exit", (code) => reject(new Error(`exited ${code}: ${output}`)));
      });
      expect(output).toContain("secret key was created");
      expect(statSync(join(dataDir, "secret-key")).mode & 0o777).toBe(0o600);
      const token = new URL(link).hash.replace("#token=", "");
      const spaces = await fetch(`http://127.0.0.1:${port}/v1/spaces`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(spaces.status).toBe(200);
      // The printed token is an operator's: it may not mint tokens, which needs the secret key.
      const mint = await fetch(`http://127.0.0.1:${port}/v1/auth/tokens`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ role: "operator" }),
      });
      expect(mint.status).toBe(403);
      expect(readFileSync(join(dataDir, "secret-key"), "utf8").trim()).toMatch(/^sk_/);
      // SIGTERM stops it cleanly.
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 30_000);
});
