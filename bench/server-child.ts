import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ROOT, round } from "./http-client";

export type ServerChild = { child: ChildProcess; baseUrl: string; output: () => string };

export type ServerChildOptions = {
  dataDir: string;
  secretKey: string;
  /** Write a CPU profile of the server here. */
  profileDir?: string;
  /** The built dashboard to serve; the API alone without it. */
  webDir?: string;
  /** More environment (DATABASE_URL, MAX_FILE_BYTES, ...). */
  env?: Record<string, string>;
  /** Measure the server's event-loop delay into this file (bench/loop-monitor.ts). */
  loopFile?: string;
};

/** `node --import tsx src/server/main.ts` on a free loopback port; resolves with its URL once it listens. */
export async function startServerChild({
  dataDir,
  secretKey,
  profileDir,
  webDir,
  env,
  loopFile,
}: ServerChildOptions): Promise<ServerChild> {
  const nodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  // After tsx, which it needs to load.
  const monitor = loopFile ? ["--import", join(ROOT, "bench/loop-monitor.ts")] : [];
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", ...monitor, "src/server/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      API_SECRET_KEY: secretKey,
      // The API alone, unless the browser phases need the dashboard.
      WEB_DIR: webDir ?? join(dataDir, "no-dashboard"),
      ...(loopFile ? { BENCH_LOOP_FILE: loopFile } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not start within 30 s:\n${output}`)),
      30_000,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code}:\n${output}`));
    });
  });
  return { child, baseUrl, output: () => output };
}

export async function stopServerChild(server: ServerChild): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

/** CPU time (ms) a process has used so far, from /proc on Linux; undefined elsewhere. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // After "pid (comm) ", field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Bytes a process has caused to be written to storage so far (`write_bytes` of /proc/PID/io); undefined elsewhere. */
export function processWriteBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const io = readFileSync(`/proc/${pid}/io`, "utf8");
    const match = /^write_bytes:\s*(\d+)$/m.exec(io);
    return match?.[1] ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export type CpuShare = { serverPercent?: number; loadGeneratorPercent: number };

/** Runs one phase and says how busy each side was (percent of one core), to tell which one was the bottleneck. */
export async function withCpu<T>(
  serverPid: number | undefined,
  phase: () => Promise<T>,
): Promise<T & { cpu: CpuShare }> {
  const wall = performance.now();
  const server = processCpuMs(serverPid);
  const self = process.cpuUsage();
  const result = await phase();
  const elapsed = performance.now() - wall;
  const serverAfter = processCpuMs(serverPid);
  const selfUsed = process.cpuUsage(self);
  return {
    ...result,
    cpu: {
      serverPercent:
        server !== undefined && serverAfter !== undefined
          ? round(((serverAfter - server) / elapsed) * 100, 0)
          : undefined,
      loadGeneratorPercent: round(((selfUsed.user + selfUsed.system) / 1000 / elapsed) * 100, 0),
    },
  };
}
