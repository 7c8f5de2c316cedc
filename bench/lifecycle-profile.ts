/**
 * Where the server's time goes during the job lifecycle phase alone: starts a SQLite server with `--cpu-prof`, runs
 * a warm-up and then the lifecycles (as `npm run bench -- --only jobs`), and prints for that phase only the server's
 * main-thread busy fraction, its other threads' CPU, and the profile's self and inclusive time by function.
 *
 *   node --import tsx bench/lifecycle-profile.ts [--seconds 8] [--concurrency 32] [--top 40] [--keep DIR]
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { HttpClient, ROOT, round } from "./http-client";
import { measureLifecycles } from "./job-phases";
import { startServerChild, stopServerChild } from "./server-child";

const { values: flags } = parseArgs({
  options: {
    seconds: { type: "string", default: "8" },
    concurrency: { type: "string", default: "32" },
    top: { type: "string", default: "40" },
    keep: { type: "string" },
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

async function main() {
  const dataDir = mkdtempSync(join(os.tmpdir(), "jobs-lifecycle-profile-"));
  const profileDir = flags.keep ?? join(dataDir, "profile");
  mkdirSync(profileDir, { recursive: true });
  const secretKey = "sk_bench_" + randomUUID().replaceAll("-", "");
  console.log(`load average ${round(os.loadavg()[0] ?? 0, 2)}`);
  const server = await startServerChild({ dataDir, secretKey, profileDir });
  const pid = server.child.pid as number;
  try {
    const client = new HttpClient(server.baseUrl, { maxSockets: concurrency, token: secretKey });
    await measureLifecycles(client, concurrency, 2);
    const before = threadTimes(pid);
    const loadCpu = process.cpuUsage();
    // V8's profile timestamps and process.hrtime are both the monotonic clock.
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    const lifecycle = await measureLifecycles(client, concurrency, seconds);
    const toUs = Number(process.hrtime.bigint() / 1000n);
    const after = threadTimes(pid);
    const load = process.cpuUsage(loadCpu);
    const wallMs = (toUs - fromUs) / 1000;
    console.log(
      `${lifecycle.lifecyclesPerSecond} lifecycles/s, ${lifecycle.requestsPerSecond} requests/s, p50 ${lifecycle.latencyP50Ms} ms, p99 ${lifecycle.latencyP99Ms} ms, failed ${lifecycle.failedLifecycles}`,
    );
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
      `main thread: ${round((mainMs * 1000) / lifecycle.requests, 1)} us of CPU per request (${lifecycle.requests} requests)`,
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
