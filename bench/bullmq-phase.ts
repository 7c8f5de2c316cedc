/**
 * The anchor: BullMQ on Redis doing what phases 2 and 3 do, in the same run, so the ratio between them means
 * something on whatever machine runs the bench. Skipped, with a note, when `redis-server` is not installed
 * (`apt-get install redis-server`); the product itself never needs Redis.
 *
 * The lifecycle is the same 13 calls a client makes against the API: add the job (create), take it as a worker
 * (`getNextJob`, the ack), 10 progress updates, `moveToCompleted`; N clients at once, each with its own connections
 * and lock token.
 * Redis runs in memory (no snapshots, no append-only file) and then with an append-only file synced every second,
 * the durability BullMQ's documentation recommends. Event latency: N `QueueEvents` subscribers and a driver updating
 * one active job's progress at a steady rate; for each update the time each subscriber received its `progress`
 * event, from the update's call start.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Queue, QueueEvents, Worker, type ConnectionOptions, type Job } from "bullmq";
import { fmt, percentile, round, Samples, sleep } from "./http-client";
import { UPDATES_PER_LIFECYCLE } from "./job-phases";
import { freePort } from "../src/server/testing/free-port";

export type BullConfig = {
  dataDir: string;
  concurrency: number;
  lifecycleSeconds: number;
  subscribers: number;
  updates: number;
  intervalMs: number;
};

/** `redis-server`'s path, or undefined when it is not installed. */
export function findRedisServer(): string | undefined {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

type Redis = { port: number; child: ChildProcess };

async function startRedis(binary: string, dir: string, appendOnly: boolean): Promise<Redis> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""];
  args.push(...(appendOnly ? ["--appendonly", "yes", "--appendfsync", "everysec"] : ["--appendonly", "no"]));
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 15_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code}:\n${output}`));
    });
  });
  return { port, child };
}

async function stopRedis(redis: Redis): Promise<void> {
  if (redis.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => redis.child.once("exit", () => resolve()));
  redis.child.kill("SIGTERM");
  await exited;
}

const connectionTo = (port: number): ConnectionOptions => ({
  host: "127.0.0.1",
  port,
  maxRetriesPerRequest: null,
});

/**
 * Each client has its own producer and worker, each with its own Redis connection, as 32 separate processes would:
 * the API's clients have a socket each too. (Sharing one connection between all clients pipelines their commands
 * and measured about twice as fast; no deployment of separate workers gets that.)
 */
async function measureBullLifecycles(port: number, concurrency: number, seconds: number) {
  const connection = connectionTo(port);
  const name = `bench-${randomUUID()}`;
  const clients = Array.from({ length: concurrency }, () => ({
    queue: new Queue(name, { connection }),
    worker: new Worker(name, null, { connection }),
    token: randomUUID(),
  }));
  await Promise.all(clients.flatMap((c) => [c.queue.waitUntilReady(), c.worker.waitUntilReady()]));
  const latencies = new Samples();
  let lifecycles = 0;
  let failed = 0;
  let firstError: string | undefined;
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await call();
    latencies.add(performance.now() - started);
    return result;
  };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    clients.map(async ({ queue, worker, token }) => {
      while (performance.now() < deadline) {
        try {
          await timed(() =>
            queue.add(
              "benchOperation",
              { type: "workbook", source: "us_wb_bench" },
              { removeOnComplete: true },
            ),
          );
          let job: Job | undefined;
          // Another client may have taken the job just added; one is there for each client that added one.
          while (!job) job = (await timed(() => worker.getNextJob(token, { block: false }))) ?? undefined;
          for (let i = 0; i < UPDATES_PER_LIFECYCLE; i++) {
            const progress = 5 + Math.round(((i + 1) * 90) / UPDATES_PER_LIFECYCLE);
            await timed(() => (job as Job).updateProgress({ progress, info: `Step ${i + 1}` }));
          }
          await timed(() => (job as Job).moveToCompleted({ message: "Bench job done" }, token, false));
          lifecycles++;
        } catch (error) {
          failed++;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.worker.close()));
  await clients[0]?.queue.obliterate({ force: true }).catch(() => undefined);
  await Promise.all(clients.map((c) => c.queue.close()));
  const sorted = latencies.sorted();
  return {
    lifecycles,
    failedLifecycles: failed,
    firstError,
    lifecyclesPerSecond: round(lifecycles / elapsed, 1),
    latencyP50Ms: round(percentile(sorted, 50), 2),
    latencyP99Ms: round(percentile(sorted, 99), 2),
  };
}

async function measureBullEvents(port: number, subscriberCount: number, updates: number, intervalMs: number) {
  const connection = connectionTo(port);
  const name = `bench-events-${randomUUID()}`;
  const queue = new Queue(name, { connection });
  const worker = new Worker(name, null, { connection });
  const token = randomUUID();
  await queue.add("benchLatency", {});
  let job: Job | undefined;
  while (!job) job = (await worker.getNextJob(token, { block: false })) ?? undefined;

  const arrivals = Array.from({ length: subscriberCount }, () => new Float64Array(updates).fill(Number.NaN));
  const subscribers = Array.from({ length: subscriberCount }, (_, s) => {
    const events = new QueueEvents(name, { connection, autorun: true });
    events.on("progress", ({ data }) => {
      const seq = (data as { seq?: number }).seq;
      const row = arrivals[s];
      if (row && typeof seq === "number" && seq >= 0 && seq < updates && Number.isNaN(row[seq] as number))
        row[seq] = performance.now();
    });
    return events;
  });
  await Promise.all(subscribers.map((events) => events.waitUntilReady()));
  // QueueEvents starts reading from "now" once its blocking read is in place.
  await sleep(500);

  const requestStart = new Float64Array(updates);
  const t0 = performance.now();
  for (let i = 0; i < updates; i++) {
    const wait = t0 + i * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    requestStart[i] = performance.now();
    await job.updateProgress({ seq: i, progress: Math.round((i * 100) / updates) });
  }
  const settle = performance.now() + 5_000;
  while (performance.now() < settle && arrivals.some((row) => row.some((at) => Number.isNaN(at))))
    await sleep(20);

  const fromRequest = new Samples();
  let missing = 0;
  for (const row of arrivals)
    row.forEach((at, i) => {
      if (Number.isNaN(at)) missing++;
      else fromRequest.add(at - (requestStart[i] as number));
    });
  await Promise.all(subscribers.map((events) => events.close()));
  await job.moveToCompleted({}, token, false);
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  const sorted = fromRequest.sorted();
  return {
    deliveries: fromRequest.length,
    missing,
    arrivalMinusRequestStartP50Ms: round(percentile(sorted, 50), 2),
    arrivalMinusRequestStartP99Ms: round(percentile(sorted, 99), 2),
  };
}

/** Runs the anchor; undefined (with the reason logged) when redis-server is not installed. */
export async function runBullPhases(config: BullConfig, log: (line: string) => void) {
  const binary = findRedisServer();
  if (!binary) {
    log("    BullMQ: skipped, redis-server is not installed (apt-get install redis-server)");
    return undefined;
  }
  const memory = await startRedis(binary, join(config.dataDir, "redis-memory"), false);
  try {
    log(
      `    BullMQ on Redis in memory: lifecycles, ${config.concurrency} clients, ${config.lifecycleSeconds} s ...`,
    );
    await measureBullLifecycles(memory.port, config.concurrency, 1);
    const inMemory = await measureBullLifecycles(memory.port, config.concurrency, config.lifecycleSeconds);
    log(`    BullMQ progress events: ${config.subscribers} subscribers, ${config.updates} updates ...`);
    const events = await measureBullEvents(
      memory.port,
      config.subscribers,
      config.updates,
      config.intervalMs,
    );
    await stopRedis(memory);
    const aof = await startRedis(binary, join(config.dataDir, "redis-aof"), true);
    try {
      log(`    BullMQ on Redis with an append-only file synced every second ...`);
      const appendOnly = await measureBullLifecycles(aof.port, config.concurrency, config.lifecycleSeconds);
      return { inMemory, appendOnly, events };
    } finally {
      await stopRedis(aof);
    }
  } finally {
    await stopRedis(memory);
  }
}

export type BullResults = NonNullable<Awaited<ReturnType<typeof runBullPhases>>>;

/** Rows of the summary: BullMQ beside this project's SQLite figures, with the ratio targets. */
export function bullRows(
  bull: BullResults | undefined,
  ours: { lifecyclesPerSecond: number; eventP99Ms: number },
): [string, string, string, string][] {
  if (!bull) return [["BullMQ comparison", "skipped (no redis-server)", "", ""]];
  const ratio = ours.lifecyclesPerSecond / Math.max(bull.inMemory.lifecyclesPerSecond, 0.1);
  const pass = (ok: boolean) => (ok ? "PASS" : "FAIL");
  return [
    ["BullMQ 6 on Redis, the same lifecycle and events", "", "", ""],
    [
      "  lifecycles, in memory / append-only file (everysec)",
      `${fmt(bull.inMemory.lifecyclesPerSecond, 1)} / ${fmt(bull.appendOnly.lifecyclesPerSecond, 1)} /s`,
      "",
      bull.inMemory.failedLifecycles + bull.appendOnly.failedLifecycles > 0
        ? `${fmt(bull.inMemory.failedLifecycles + bull.appendOnly.failedLifecycles)} failed`
        : "",
    ],
    ["  SQLite lifecycles / BullMQ in memory", `${fmt(ratio, 2)}`, ">= 0.5", pass(ratio >= 0.5)],
    [
      "  progress event, arrival - call start p50 / p99 (ours p99)",
      `${fmt(bull.events.arrivalMinusRequestStartP50Ms, 2)} / ${fmt(bull.events.arrivalMinusRequestStartP99Ms, 2)} ms (${fmt(ours.eventP99Ms, 2)} ms)`,
      "ours <= BullMQ's",
      pass(ours.eventP99Ms <= bull.events.arrivalMinusRequestStartP99Ms),
    ],
  ];
}
