/**
 * Where the server's time goes during the job lifecycle phase alone: starts a SQLite server with `--cpu-prof`, runs
 * a warm-up and then the lifecycles (as `npm run bench -- --only jobs`), and prints for that phase only the server's
 * main-thread busy fraction, its other threads' CPU, and the profile's self and inclusive time by function.
 *
 * `--health` runs the same clients on `GET /v1/health` instead (the app's cheapest route, through Hono), and `--bare`
 * on a Node `http` server that answers a fixed JSON body and nothing else: what the HTTP around a job call costs on
 * this machine, and the floor under the CPU per request that the store and the job machine add to.
 *
 *   node --import tsx bench/lifecycle-profile.ts [--seconds 8] [--concurrency 32] [--top 40] [--keep DIR]
 *     [--health | --bare]
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { HttpClient, ROOT, round } from "./http-client";
import { measureLifecycles } from "./job-phases";
import { startServerChild, stopServerChild, type ServerChild } from "./server-child";

const { values: flags } = parseArgs({
  options: {
    seconds: { type: "string", default: "8" },
    concurrency: { type: "string", default: "32" },
    top: { type: "string", default: "40" },
    keep: { type: "string" },
    health: { type: "boolean", default: false },
    bare: { type: "boolean", default: false },
  },
});
const seconds = Number(flags.seconds);
const concurrency = Number(flags.concurrency);
const top = Number(flags.top);

/** CPU time (ms) of each thread of a process, by thread id and name (Linux /proc). */
function threadTimes(pid: number): Map<string, number> {
  const ticks = 1000 / 100; // USER_HZ is 100 on Linux
  const times = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cpu = (Number(fields[11]) + Number(fields[12])) * ticks;
      times.set(`${tid === String(pid) ? "main" : name} ${tid}`, cpu);
    } catch {
      // The thread ended.
    }
  }
  return times;
}

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number };

function summarize(dir: string, fromUs: number, toUs: number): void {
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error("no profile written");
  const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    const path = url.startsWith("file://") ? relative(ROOT, fileURLToPath(url)) : url;
    return `${functionName || "(anonymous)"}${path ? ` ${path}:${lineNumber + 1}` : ""}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let t = profile.startTime;
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t < fromUs || t > toUs) return;
    const node = byId.get(id);
    if (!node) return;
    total += delta;
    if (node.callFrame.functionName === "(idle)") idle += delta;
    self.set(name(node), (self.get(name(node)) ?? 0) + delta);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = name(byId.get(at) as ProfileNode);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + delta);
    }
  });
  const print = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}:`);
    for (const [key, us] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(
        `  ${String(round((us / total) * 100, 1)).padStart(5)}%  ${String(round(us / 1000, 0)).padStart(6)} ms  ${key}`,
      );
  };
  console.log(
    `\nprofile of the phase: ${round(total / 1000, 0)} ms sampled, idle ${round(idle / 1000, 0)} ms (${round((idle / total) * 100, 1)}%)`,
  );
  print("self time", self);
  print("inclusive time", inclusive);
}

/** A Node `http` server that answers every request with the same small JSON body, as a job call's answer is sent. */
const BARE_SERVER = `
const http = require("node:http");
const body = JSON.stringify({ data: { status: "ok", version: "bare" } });
http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(0, "127.0.0.1", function () {
  // The profile is written on a normal exit only.
  process.on("SIGTERM", () => process.exit(0)); console.log("listening on http://127.0.0.1:" + this.address().port); });
`;

async function startBareServer(profileDir: string): Promise<ServerChild> {
  const child = spawn(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "-e", BARE_SERVER], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const baseUrl = await new Promise<string>((resolveUrl, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolveUrl(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`the bare server exited with code ${code}`)));
  });
  return { child, baseUrl, output: () => output };
}

/** `concurrency` clients sending `GET /v1/health` one after another for `seconds`, as the lifecycles' clients do. */
async function measureHealth(client: HttpClient, seconds: number) {
  let requests = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const r = await client.request("GET", "/v1/health");
        if (r.status !== 200) throw new Error(`GET /v1/health answered ${r.status}`);
        requests++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { requests, line: `${round(requests / elapsed, 0)} requests/s of GET /v1/health` };
}

async function main() {
  const dataDir = mkdtempSync(join(os.tmpdir(), "jobs-lifecycle-profile-"));
  const profileDir = flags.keep ?? join(dataDir, "profile");
  mkdirSync(profileDir, { recursive: true });
  const secretKey = "sk_bench_" + randomUUID().replaceAll("-", "");
  console.log(`load average ${round(os.loadavg()[0] ?? 0, 2)}`);
  const server = flags.bare
    ? await startBareServer(profileDir)
    : await startServerChild({ dataDir, secretKey, profileDir });
  const pid = server.child.pid as number;
  try {
    const client = new HttpClient(server.baseUrl, { maxSockets: concurrency, token: secretKey });
    const phase = async (duration: number) => {
      if (flags.health || flags.bare) return measureHealth(client, duration);
      const lifecycle = await measureLifecycles(client, concurrency, duration);
      const line = `${lifecycle.lifecyclesPerSecond} lifecycles/s, ${lifecycle.requestsPerSecond} requests/s, p50 ${lifecycle.latencyP50Ms} ms, p99 ${lifecycle.latencyP99Ms} ms, failed ${lifecycle.failedLifecycles}`;
      return { requests: lifecycle.requests, line };
    };
    await phase(2);
    const before = threadTimes(pid);
    const loadCpu = process.cpuUsage();
    // V8's profile timestamps and process.hrtime are both the monotonic clock.
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    const measured = await phase(seconds);
    const toUs = Number(process.hrtime.bigint() / 1000n);
    const after = threadTimes(pid);
    const load = process.cpuUsage(loadCpu);
    const wallMs = (toUs - fromUs) / 1000;
    console.log(measured.line);
    console.log(`server threads' CPU over the phase's ${round(wallMs, 0)} ms:`);
    for (const [thread, ms] of after) {
      const used = ms - (before.get(thread) ?? 0);
      if (used > 0) console.log(`  ${thread}: ${round(used, 0)} ms (${round((used / wallMs) * 100, 1)}%)`);
    }
    console.log(
      `load generator (this process): ${round(((load.user + load.system) / 1000 / wallMs) * 100, 1)}% of a core`,
    );
    const mainMs = (after.get(`main ${pid}`) ?? 0) - (before.get(`main ${pid}`) ?? 0);
    console.log(
      `main thread: ${round((mainMs * 1000) / measured.requests, 1)} us of CPU per request (${measured.requests} requests)`,
    );
    client.agent.destroy();
    await stopServerChild(server);
    summarize(profileDir, fromUs, toUs);
  } finally {
    await stopServerChild(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
