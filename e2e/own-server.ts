/**
 * A server of a test's own, for a spec that stops and starts the demo listener: the shared server's listener serves
 * every other spec, so it is never touched. This one has its own free port, temporary data folder and secret key,
 * serves the same built dashboard (E2E_WEB_DIR or dist/web), and runs the real demo listener as a child process the
 * test stops and starts again. Whatever it started is stopped when the test ends, passed or failed, and its data
 * folder removed.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type ApiClient } from "../src/sdk";
import { startChild, type Child } from "./child-process";
import { expect } from "./fixtures";

/** Generous for a machine whose two cores run two browsers, two servers and their listeners. */
const START_TIMEOUT_MS = 60_000;
const PRESENCE_TIMEOUT_MS = 30_000;
const DEMO_LISTENER = "demo-listener";

export type OwnServer = {
  baseUrl: string;
  /** The server's API with its secret key. */
  api: ApiClient;
  /** Starts the demo listener; resolves once it listens and the server lists it as connected. */
  startListener(): Promise<void>;
  /** Stops the demo listener (SIGTERM) and waits for its exit and for the server to list it as disconnected. */
  stopListener(): Promise<void>;
};

/** A port the OS says is free now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", resolve);
  });
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no free port");
  return address.port;
}

/** The test runner's environment, without what would point a child at another server or database. */
function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ["DATABASE_URL", "API_URL", "API_SECRET_KEY", "PORT", "DATA_DIR"]) delete env[name];
  return env;
}

/** How the server lists the demo listener now: "connected" once any of its connections is open. */
async function demoListenerStatus(api: ApiClient): Promise<string> {
  const listeners = await api.listeners.list({ includeDisconnected: true });
  const demo = listeners.filter((listener) => listener.name === DEMO_LISTENER);
  if (demo.length === 0) return "absent";
  return demo.some((listener) => listener.status === "connected") ? "connected" : "disconnected";
}

/** Starts the server and the demo listener, hands them to `use`, and stops both afterwards whatever happened. */
export async function runOwnServer(use: (server: OwnServer) => Promise<void>): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "jobs-e2e-own-"));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const secretKey = `sk_e2e_own_${randomBytes(16).toString("hex")}`;
  const api = createClient({ baseUrl, token: secretKey });
  let server: Child | undefined;
  let listener: Child | undefined;

  const own: OwnServer = {
    baseUrl,
    api,
    async startListener() {
      if (listener) throw new Error("the demo listener is already running");
      listener = await startChild(
        "demo listener",
        "src/demo/main.ts",
        { ...baseEnv(), API_URL: baseUrl, API_SECRET_KEY: secretKey },
        /Demo listener listening/,
        START_TIMEOUT_MS,
      );
      await expect
        .poll(() => demoListenerStatus(api), {
          message: "the server lists the demo listener as connected",
          timeout: PRESENCE_TIMEOUT_MS,
        })
        .toBe("connected");
    },
    async stopListener() {
      const running = listener;
      listener = undefined;
      await running?.stop();
      await expect
        .poll(() => demoListenerStatus(api), {
          message: "the server lists the demo listener as disconnected",
          timeout: PRESENCE_TIMEOUT_MS,
        })
        .toBe("disconnected");
    },
  };

  try {
    server = await startChild(
      "server",
      "src/server/main.ts",
      {
        ...baseEnv(),
        HOST: "127.0.0.1",
        PORT: String(port),
        DATA_DIR: dataDir,
        API_SECRET_KEY: secretKey,
        WEB_DIR: process.env.E2E_WEB_DIR ?? "dist/web",
        // As the shared server: scheduled work within a second.
        MAINTENANCE_INTERVAL_SECONDS: "1",
      },
      /Jobs platform listening on/,
      START_TIMEOUT_MS,
    );
    await own.startListener();
    await use(own);
  } finally {
    // The listener before the server, as `npm start` stops them; each is stopped even if the other fails to.
    await listener?.stop().catch(() => undefined);
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
