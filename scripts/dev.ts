/**
 * `npm run dev`: the API server (restarted on change by `node --watch`) and the Vite dev server for the dashboard,
 * which proxies `/v1` to the API. Both run until Ctrl-C or until either one exits; then both are stopped.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";

const apiPort = process.env.API_PORT ?? "8080";
const webPort = "5173";
const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const viteBin = join(dirname(createRequire(import.meta.url).resolve("vite/package.json")), "bin", "vite.js");

type Task = { name: string; color: number; args: string[]; env: NodeJS.ProcessEnv };

const tasks: Task[] = [
  {
    name: "api",
    color: 36,
    args: ["--import", "tsx", "--watch", "src/server/main.ts"],
    env: { PORT: apiPort },
  },
  {
    name: "web",
    color: 35,
    args: [viteBin, "--port", webPort, "--strictPort"],
    env: { API_PORT: apiPort },
  },
];

const width = Math.max(...tasks.map((task) => task.name.length));
const children = new Map<string, ChildProcess>();
let stopping = false;
let exitCode = 0;

function prefix(task: Task): string {
  const label = `[${task.name.padEnd(width)}]`;
  return useColor ? `\x1b[${task.color}m${label}\x1b[0m ` : `${label} `;
}

function forward(stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream, task: Task): void {
  if (!stream) return;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on("line", (line) => out.write(`${prefix(task)}${line}\n`));
}

function stopAll(signal: NodeJS.Signals = "SIGTERM"): void {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
  // A child that ignores the polite signal must not keep the terminal hostage.
  setTimeout(() => {
    for (const child of children.values()) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  }, 5_000).unref();
}

for (const task of tasks) {
  const child = spawn(process.execPath, task.args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...(useColor ? { FORCE_COLOR: "1" } : {}), ...task.env },
  });
  children.set(task.name, child);
  forward(child.stdout, process.stdout, task);
  forward(child.stderr, process.stderr, task);
  const finished = (reason: string, code: number) => {
    if (!children.delete(task.name)) return;
    if (!stopping) {
      process.stderr.write(`${prefix(task)}${reason}; stopping the others\n`);
      exitCode = code;
      stopAll();
    }
    if (children.size === 0) process.exit(exitCode);
  };
  // "error" without "exit" means the process never started.
  child.on("error", (error) => finished(`failed to start: ${error.message}`, 1));
  child.on("exit", (code, signal) => finished(`exited (${signal ?? `code ${code}`})`, code ?? 1));
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => stopAll("SIGTERM"));
}

process.stdout.write(
  `dashboard: http://localhost:${webPort}  (API on http://127.0.0.1:${apiPort}, proxied at /v1)\n`,
);
