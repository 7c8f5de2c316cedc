/**
 * What durable commits cost: the bench's job-lifecycle phase (bench/job-phases.ts) against a fresh server on SQLite
 * with `SQLITE_SYNCHRONOUS=normal` (the WAL synced only at checkpoints), then with `full` (the default: synced
 * before each group of calls is answered, off the event loop; decisions 050 and 051), each on its own data folder,
 * the two figures side by side.
 *
 *   node --import tsx bench/durability.ts [--duration S (10)] [--warmup S (1)] [--concurrency N (32)] [--rounds N (1)]
 *
 * With --rounds above 1 the two settings alternate, so a busy moment of the machine does not fall on one alone.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fmt, HttpClient } from "./http-client";
import { measureLifecycles } from "./job-phases";
import { startServerChild, stopServerChild, withCpu } from "./server-child";

const { values: flags } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "1" },
    concurrency: { type: "string", default: "32" },
    rounds: { type: "string", default: "1" },
  },
});
const seconds = Number(flags.duration);
const warmupSeconds = Number(flags.warmup);
const concurrency = Number(flags.concurrency);
const rounds = Number(flags.rounds);
for (const [name, value] of Object.entries({ seconds, warmupSeconds, concurrency, rounds })) {
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of 0 or more`);
}

const SETTINGS = ["normal", "full"] as const;

async function measure(setting: (typeof SETTINGS)[number]) {
  const dataDir = mkdtempSync(join(os.tmpdir(), "jobs-bench-durability-"));
  const secretKey = "sk_bench_" + randomUUID().replaceAll("-", "");
  const server = await startServerChild({ dataDir, secretKey, env: { SQLITE_SYNCHRONOUS: setting } });
  try {
    const client = new HttpClient(server.baseUrl, { maxSockets: concurrency, token: secretKey });
    if (warmupSeconds > 0) await measureLifecycles(client, concurrency, warmupSeconds);
    const result = await withCpu(server.child.pid, () => measureLifecycles(client, concurrency, seconds));
    client.agent.destroy();
    return result;
  } finally {
    await stopServerChild(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(
  `SQLite synchronous: job lifecycles, ${concurrency} clients, ${seconds} s each, ${rounds} round(s); load average ${os.loadavg()[0]?.toFixed(2)}`,
);
const rates: Record<string, number[]> = { normal: [], full: [] };
for (let round = 0; round < rounds; round++) {
  for (const setting of SETTINGS) {
    const r = await measure(setting);
    rates[setting]!.push(r.lifecyclesPerSecond);
    console.log(
      `  ${setting.padEnd(6)} ${fmt(r.lifecyclesPerSecond, 1)} lifecycles/s, ${fmt(r.requestsPerSecond)} requests/s, p50 ${r.latencyP50Ms} ms, p99 ${r.latencyP99Ms} ms, failed ${r.failedLifecycles}${r.firstError ? ` (${r.firstError})` : ""}`,
    );
  }
}
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const normal = mean(rates.normal!);
const full = mean(rates.full!);
console.log(
  `FULL: ${fmt(full, 1)} lifecycles/s, NORMAL: ${fmt(normal, 1)} lifecycles/s (FULL at ${fmt((full / normal) * 100, 0)}% of NORMAL)`,
);
