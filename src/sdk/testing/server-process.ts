import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import type { ApiClient } from "../client/client";
import { createClient } from "../client/create-client";

/** A jobs platform server running as a child process, for the SDK's tests. */
export type ServerProcess = {
  /** `http://127.0.0.1:<port>`. */
  baseUrl: string;
  secretKey: string;
  dataDir: string;
  /** Everything the server printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its data folder unless the caller gave it. */
  stop(): Promise<void>;
};

/** How a server process is started. */
export type ServerProcessOptions = {
  env?: Record<string, string>;
  /**
   * A data folder to use instead of a fresh one, e.g. one that another instance uses too (several instances behind
   * one load balancer); the caller removes it.
   */
  dataDir?: string;
  /** The secret key (a random one unless given; instances that share a data folder share it). */
  secretKey?: string;
};

const projectRoot = fileURLToPath(new URL("../../..", import.meta.url));

/**
 * Starts `node --import tsx src/server/main.ts` on a free loopback port (the OS picks it: `PORT=0`, read back from
 * the server's first line) with a fresh data folder and a known secret key, and resolves once it listens. The SDK
 * must not import server code, so tests reach the server over HTTP only, as a user's listener would.
 */
export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const ownDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "jobs-sdk-test-"));
  const secretKey = options.secretKey ?? `sk_test_${randomBytes(16).toString("hex")}`;
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      API_SECRET_KEY: secretKey,
      WEB_DIR: join(dataDir, "no-web"),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });

  let stopping: Promise<void> | undefined;
  return {
    baseUrl,
    secretKey,
    dataDir,
    output: () => output,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill("SIGTERM");
          const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
          await exited;
          clearTimeout(killer);
        }
        if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

/** A test file's server process and a client of it on the secret key, both set once `beforeAll` has run. */
export type ServerContext = { server: ServerProcess; api: ApiClient };

/**
 * Starts a server process, and a client on its secret key, before the calling file's tests, and stops it after them.
 * Read the fields inside tests and hooks: they are unset until the file's `beforeAll` hooks have run.
 */
export function useServerProcess(options: ServerProcessOptions = {}): ServerContext {
  const context = {} as ServerContext;
  beforeAll(async () => {
    context.server = await startServerProcess(options);
    context.api = createClient({ baseUrl: context.server.baseUrl, token: context.server.secretKey });
  });
  afterAll(async () => {
    await context.server?.stop();
  });
  return context;
}
