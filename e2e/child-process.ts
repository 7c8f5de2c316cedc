/**
 * A `node --import tsx <script>` child of a spec: started and awaited until it prints the line that says it is
 * ready, stopped with SIGTERM (SIGKILL if it does not exit in time). Its last output lines go into the error of a
 * start or stop that fails, so a failure on a loaded machine says what the child was doing. A child still running
 * when the test worker exits is killed then, whatever ended the worker.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const KEPT_LINES = 40;
const STOP_GRACE_MS = 10_000;

const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export type Child = {
  readonly name: string;
  /** Resolves when the process has exited and its output is read to the end. */
  readonly exited: Promise<void>;
  /** Stops it (SIGTERM, then SIGKILL after a grace period) and waits for its exit; nothing if it has exited. */
  stop(): Promise<void>;
};

/**
 * Starts `script` (a path from the repository's root) with `env` as its whole environment and resolves once a line
 * of its output matches `ready`; rejects, with the child stopped, if it exits first or `timeoutMs` passes.
 */
export async function startChild(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  timeoutMs: number,
): Promise<Child> {
  const proc = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(proc);
  const lines: string[] = [];
  const tail = () => lines.map((line) => `  ${line}`).join("\n");
  let sawReady!: () => void;
  const readyLine = new Promise<void>((resolve) => (sawReady = resolve));
  for (const stream of [proc.stdout, proc.stderr]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => {
      lines.push(line);
      if (lines.length > KEPT_LINES) lines.shift();
      if (ready.test(line)) sawReady();
    });
  }
  const exited = new Promise<void>((resolve) => {
    // "close" comes after the last output line, so a child that dies has its say in `tail` first.
    proc.once("close", () => {
      running.delete(proc);
      resolve();
    });
    proc.once("error", (error) => {
      lines.push(`could not start: ${error.message}`);
      running.delete(proc);
      resolve();
    });
  });
  const alive = () => proc.exitCode === null && proc.signalCode === null && running.has(proc);

  const stop = async () => {
    if (!alive()) return exited;
    proc.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        proc.kill("SIGKILL");
        resolve();
      }, STOP_GRACE_MS);
    });
    await Promise.race([exited, killed]);
    clearTimeout(timer);
    await exited;
  };

  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    readyLine.then(() => "ready" as const),
    exited.then(() => "exited" as const),
    new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (outcome !== "ready") {
    await stop();
    const why = outcome === "exited" ? `exited (code ${proc.exitCode})` : `was not ready in ${timeoutMs} ms`;
    throw new Error(`the ${name} ${why}; its last output:\n${tail()}`);
  }
  return { name, exited, stop };
}
