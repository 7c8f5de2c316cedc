import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import pg from "pg";
import { quoteIdentifier } from "../src/server/store/postgres/identifiers";
import { startTestDatabase } from "../src/server/store/postgres/test-database";
import { fmt, HttpClient, round } from "./http-client";
import { measureEventLatency, measureLifecycles } from "./job-phases";
import { sampleWaits, type WaitShare } from "./postgres-waits";
import { startServerChild, stopServerChild, type ServerChild } from "./server-child";

export type PostgresBenchConfig = {
  concurrency: number;
  lifecycleSeconds: number;
  warmupSeconds: number;
  subscribers: number;
  updates: number;
  intervalMs: number;
  /** CPU-profile each server into a folder of its own here (`postgres-<n>i-<k>`), and sample the database's waits. */
  profileDir?: string;
};

type LifecycleFigures = Awaited<ReturnType<typeof measureLifecycles>>;
type EventFigures = Awaited<ReturnType<typeof measureEventLatency>>;

export type PostgresRun = {
  instances: number;
  lifecycle: {
    lifecycles: number;
    failedLifecycles: number;
    lifecyclesPerSecond: number;
    requestsPerSecond: number;
    /** The worst instance's request latency p99. */
    latencyP99Ms: number;
    firstError?: string;
  };
  /** Writes through the last instance, subscribers on the first: with two, every event crosses instances. */
  events: EventFigures;
  /** With a profile: what the busy backends waited on during the lifecycles. */
  waits?: { samples: number; busyPerSample: number; waits: WaitShare[] };
};

export type PostgresResults = { database: string; runs: PostgresRun[] };

/** `count` server processes on one fresh schema of `databaseUrl`, sharing a secret key. */
async function startInstances(databaseUrl: string, count: number, tag: string, profileDir?: string) {
  const schema = `bench_${tag}_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
  await admin.end();
  const url = new URL(databaseUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const secretKey = "sk_bench_" + randomUUID().replaceAll("-", "");
  const dirs: string[] = [];
  const servers: ServerChild[] = [];
  // One after the other: the first migrates the schema.
  for (let i = 0; i < count; i++) {
    const dataDir = mkdtempSync(join(os.tmpdir(), "jobs-bench-pg-"));
    dirs.push(dataDir);
    const profile = profileDir ? join(profileDir, `postgres-${tag}-${i + 1}`) : undefined;
    if (profile) mkdirSync(profile, { recursive: true });
    servers.push(
      await startServerChild({
        dataDir,
        secretKey,
        profileDir: profile,
        env: { DATABASE_URL: url.toString() },
      }),
    );
  }
  return {
    servers,
    secretKey,
    async stop() {
      await Promise.all(servers.map(stopServerChild));
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Job lifecycles spread evenly over the instances, all at once; figures summed. */
async function lifecyclesAcross(clients: HttpClient[], concurrency: number, seconds: number) {
  const share = Math.max(1, Math.round(concurrency / clients.length));
  const parts: LifecycleFigures[] = await Promise.all(
    clients.map((client) => measureLifecycles(client, share, seconds)),
  );
  const elapsed = Math.max(...parts.map((part) => part.seconds));
  const lifecycles = parts.reduce((sum, part) => sum + part.lifecycles, 0);
  const requests = parts.reduce((sum, part) => sum + part.requests, 0);
  return {
    lifecycles,
    failedLifecycles: parts.reduce((sum, part) => sum + part.failedLifecycles, 0),
    lifecyclesPerSecond: round(lifecycles / elapsed, 1),
    requestsPerSecond: round(requests / elapsed, 0),
    latencyP99Ms: Math.max(...parts.map((part) => part.latencyP99Ms)),
    firstError: parts.find((part) => part.firstError)?.firstError,
  };
}

/**
 * The job phases again on PostgreSQL, with one API instance and then two on one database: lifecycles driven through
 * every instance, and event latency with the writer and the subscribers on different instances when there are two
 * (each event then travels COMMIT -> NOTIFY -> the other instance's follower -> its streams). The database is
 * `BENCH_DATABASE_URL` when set, else a throwaway PostgreSQL started as the tests start it.
 */
export async function runPostgresPhases(
  config: PostgresBenchConfig,
  log: (line: string) => void,
): Promise<PostgresResults> {
  const given = process.env.BENCH_DATABASE_URL;
  const database = given ? { url: given, close: async () => undefined } : await startTestDatabase();
  const runs: PostgresRun[] = [];
  try {
    for (const count of [1, 2]) {
      const cluster = await startInstances(database.url, count, `${count}i`, config.profileDir);
      const clients = cluster.servers.map(
        (server) =>
          new HttpClient(server.baseUrl, {
            maxSockets: config.concurrency,
            token: cluster.secretKey,
          }),
      );
      try {
        const label = count === 1 ? "one instance" : `${count} instances`;
        if (config.warmupSeconds > 0)
          await lifecyclesAcross(clients, config.concurrency, config.warmupSeconds);
        log(
          `    PostgreSQL, ${label}: job lifecycles, ${config.concurrency} clients, ${config.lifecycleSeconds} s ...`,
        );
        const sampler = config.profileDir ? await sampleWaits(database.url) : undefined;
        const lifecycle = await lifecyclesAcross(clients, config.concurrency, config.lifecycleSeconds);
        const waits = await sampler?.stop();
        if (waits) {
          log(`    PostgreSQL, ${label}: busy backends per sample ${waits.busyPerSample}, waiting on:`);
          for (const { wait, percent } of waits.waits) log(`      ${String(percent).padStart(5)}%  ${wait}`);
        }
        log(
          `    PostgreSQL, ${label}: event latency, ${config.subscribers} subscribers${count > 1 ? " on one instance, updates through the other" : ""} ...`,
        );
        const writer = clients[clients.length - 1]!;
        const events = await measureEventLatency(
          writer,
          cluster.servers[0]!.baseUrl,
          cluster.secretKey,
          config.subscribers,
          config.updates,
          config.intervalMs,
        );
        runs.push({ instances: count, lifecycle, events, ...(waits ? { waits } : {}) });
      } finally {
        for (const client of clients) client.close();
        await cluster.stop();
      }
    }
  } finally {
    await database.close();
  }
  return { database: given ? "BENCH_DATABASE_URL" : "throwaway PostgreSQL (system binaries)", runs };
}

/** Table rows beside the SQLite figures; targets are the SQLite ones, shown for comparison only. */
export function postgresRows(results: PostgresResults): [string, string, string, string][] {
  return results.runs.flatMap((run): [string, string, string, string][] => {
    const name = run.instances === 1 ? "PostgreSQL, 1 instance" : `PostgreSQL, ${run.instances} instances`;
    return [
      [
        `${name}: job lifecycles`,
        `${fmt(run.lifecycle.lifecyclesPerSecond, 1)} /s`,
        "",
        `${fmt(run.lifecycle.failedLifecycles)} failed`,
      ],
      [
        "  requests / latency p99",
        `${fmt(run.lifecycle.requestsPerSecond)} req/s / ${fmt(run.lifecycle.latencyP99Ms, 2)} ms`,
        "",
        "",
      ],
      [
        `${name}: event arrival - response p50 / p99${run.instances > 1 ? " (across instances)" : ""}`,
        `${fmt(run.events.arrivalMinusResponseP50Ms, 2)} / ${fmt(run.events.arrivalMinusResponseP99Ms, 2)} ms`,
        "",
        `${fmt(run.events.missing)} missing`,
      ],
    ];
  });
}
