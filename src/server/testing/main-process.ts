import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** `node --import tsx src/server/main.ts`, as an operator runs it, for tests of the process itself. */
export type MainProcess = {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>`, read from the line main prints when it listens. */
  baseUrl: string;
  secretKey: string;
  dataDir: string;
  /** Resolves with the exit code (null when a signal killed it). */
  exited: Promise<number | null>;
  /** Everything printed so far, stdout and stderr, for failure messages. */
  output(): string;
  /** Kills it (SIGKILL) if it still runs and removes its folders. */
  dispose(): Promise<void>;
};

const projectRoot = fileURLToPath(new URL("../../..", import.meta.url));

/**
 * Starts main on a port the OS picks (`PORT=0`), with a fresh data folder, an empty dashboard folder and a known
 * secret key; resolves once it listens, rejects with its output if it exits first.
 */
export async function startMainProcess(env: Record<string, string> = {}): Promise<MainProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), "jobs-main-"));
  const webDir = join(dataDir, "empty-web");
  mkdirSync(webDir);
  const secretKey = `sk_test_${crypto.randomUUID().replaceAll("-", "")}`;
  const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: join(dataDir, "data"),
      WEB_DIR: webDir,
      API_SECRET_KEY: secretKey,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const dispose = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`main did not start in 20 s:\n${output}`)), 20_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`main exited with ${code} before listening:\n${output}`));
      });
    });
    return {
      child,
      baseUrl,
      secretKey,
      dataDir: join(dataDir, "data"),
      exited,
      output: () => output,
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}
