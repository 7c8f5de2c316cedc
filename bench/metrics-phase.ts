/**
 * The "metrics" phase of `npm run bench -- --only metrics` (issue 17): 1,000,000 finished jobs over 30 days
 * (`--metrics-jobs N`), six operations in four spaces, written straight through the store (so its roll-ups are
 * written as a job's transitions write them), SQLite and then PostgreSQL (`--skip-postgres`); then p50/p99 over 30
 * reads of what `GET /v1/metrics/jobs` does behind its route (`JobMetricsService.read`, in this process: the store's
 * roll-up read and the buckets built from it), and of a polling chart whose window moves a minute each read. Target:
 * p99 under 50 ms each.
 */
import { mkdirSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { JobMetricsQuery, type Job } from "../src/core";
import { JobMetricsService } from "../src/server/services/job-metrics-service";
import { openPostgresStore } from "../src/server/store/postgres/postgres-store";
import { createTestSchema, dropSchema, startTestDatabase } from "../src/server/store/postgres/test-database";
import { openSqliteStore } from "../src/server/store/sqlite/sqlite-store";
import type { Store } from "../src/server/store/store";
import { fmt, percentile, round } from "./http-client";

export const METRICS_TARGETS = { metricsP99Ms: 50 };

const READS = 30;
const DAYS = 30;
const BATCH = 5_000;
const ENV = "us_env_benchmetrics";
const SPACES = ["us_sp_metricsA", "us_sp_metricsB", "us_sp_metricsC", "us_sp_metricsD"];
const OPERATIONS = ["export", "submitAction", "validate", "sync-crm", "extract", "notify"];

/** A deterministic generator (mulberry32), so every run writes the same jobs. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A finished job: created, waited up to 30 s, ran up to 10 minutes (log-uniform), then completed, failed or canceled. */
function makeJob(next: () => number, n: number, createdMs: number): Job {
  const operation = OPERATIONS[Math.floor(next() * OPERATIONS.length)] as string;
  const roll = next();
  const status = roll < 0.85 ? "complete" : roll < 0.97 ? "failed" : "canceled";
  const startedMs = createdMs + Math.floor(10 ** (next() * 4.5));
  const finishedMs = startedMs + Math.floor(10 ** (1 + next() * 4.8));
  const at = (ms: number) => new Date(ms).toISOString();
  return {
    id: `us_jb_mtr${n.toString(36).padStart(6, "0")}`,
    type: "workbook",
    operation,
    source: `us_wb_mtr${(n % 2_000).toString(36)}`,
    trigger: "manual",
    status,
    progress: 100,
    mode: "background",
    managed: false,
    environmentId: ENV,
    spaceId: SPACES[n % SPACES.length] as string,
    metadata: {},
    createdBy: "secret-key",
    createdAt: at(createdMs),
    updatedAt: at(finishedMs),
    startedAt: at(startedMs),
    finishedAt: at(finishedMs),
  };
}

async function writeJobs(store: Store, total: number, end: number): Promise<void> {
  const next = random(23);
  const step = (DAYS * 86_400_000) / total;
  const start = end - DAYS * 86_400_000;
  for (let first = 0; first < total; first += BATCH) {
    await store.transaction(async (tx) => {
      for (let n = first; n < Math.min(total, first + BATCH); n++)
        await tx.insertJob(makeJob(next, n, Math.floor(start + n * step)));
    });
  }
}

export type MetricsRow = {
  label: string;
  firstMs: number;
  p50Ms: number;
  p99Ms: number;
  buckets: number;
  created: number;
};

/** p50/p99 of the reads after the first; the first is reported alone (it fills the service's hour and day cache). */
async function measure(label: string, read: () => Promise<{ buckets: { created: number }[] }>) {
  const first = performance.now();
  await read();
  const firstMs = performance.now() - first;
  const times: number[] = [];
  let last = { buckets: [] as { created: number }[] };
  for (let i = 0; i < READS; i++) {
    const started = performance.now();
    last = await read();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    label,
    firstMs: round(firstMs, 2),
    p50Ms: round(percentile(times, 50), 2),
    p99Ms: round(percentile(times, 99), 2),
    buckets: last.buckets.length,
    created: last.buckets.reduce((sum, bucket) => sum + bucket.created, 0),
  } satisfies MetricsRow;
}

export async function measureMetrics(
  config: { dataDir: string; jobs: number; skipPostgres: boolean },
  log: (line: string) => void,
) {
  const end = Math.floor(Date.now() / 86_400_000) * 86_400_000;
  const dataDir = join(config.dataDir, "metrics-sqlite");
  mkdirSync(dataDir, { recursive: true });
  const runs = [
    await measureOn(
      "SQLite",
      () => openSqliteStore({ filename: join(dataDir, "jobs.db") }),
      config.jobs,
      end,
      log,
    ),
  ];
  if (!config.skipPostgres) {
    const given = process.env.BENCH_DATABASE_URL;
    const database = given ? { url: given, close: async () => undefined } : await startTestDatabase();
    try {
      const { schema } = await createTestSchema(database.url);
      try {
        const open = () => openPostgresStore({ connectionString: database.url, schema, max: 4 });
        runs.push(await measureOn("PostgreSQL", open, config.jobs, end, log));
      } finally {
        await dropSchema(database.url, schema);
      }
    } finally {
      await database.close();
    }
  }
  return { jobs: config.jobs, reads: READS, runs };
}

async function measureOn(
  name: string,
  open: () => Promise<Store>,
  jobs: number,
  end: number,
  log: (line: string) => void,
) {
  log(`    ${name}: writing ${fmt(jobs)} jobs over ${DAYS} days (through the store) ...`);
  const written = performance.now();
  const store = await open();
  try {
    await writeJobs(store, jobs, end);
    const writeSeconds = round((performance.now() - written) / 1000, 1);
    const service = new JobMetricsService({
      store,
      now: () => new Date(),
      environmentId: ENV,
      accountId: "bench",
    });
    const secret = { kind: "secret", subject: "secret-key" } as const;
    const read = (from: number, bucket: string, spaceId?: string) => () =>
      service.read(
        JobMetricsQuery.parse({
          from: new Date(from).toISOString(),
          to: new Date(end).toISOString(),
          bucket,
          spaceId,
        }),
        secret,
      );
    log(`    ${name}: ${READS} reads of each kind ...`);
    const rows = [
      await measure("the last day by 5 minutes", read(end - 86_400_000, "5m")),
      await measure("the last day by minute", read(end - 86_400_000, "minute")),
      await measure("30 days by day", read(end - DAYS * 86_400_000, "day")),
      await measure("30 days by hour", read(end - DAYS * 86_400_000, "hour")),
      await measure("30 days by hour, one space", read(end - DAYS * 86_400_000, "hour", SPACES[0])),
      await measure("the last day by minute, a minute later each read", pollingChart(store, end)),
    ];
    return { store: name, writeSeconds, loadAverage1m: round(os.loadavg()[0] ?? 0, 2), rows };
  } finally {
    await store.close();
  }
}

/**
 * A chart that polls: the last day by minute, its clock (and window) a minute later at each read, as the Metrics page
 * asks while it is open, from its own service (so its own caches): each read builds the newest buckets again.
 */
function pollingChart(store: Store, end: number) {
  let clock = end - 6 * 3_600_000;
  const service = new JobMetricsService({
    store,
    now: () => new Date(clock),
    environmentId: ENV,
    accountId: "bench",
  });
  return () => {
    clock += 60_000;
    return service.read(
      JobMetricsQuery.parse({
        from: new Date(clock - 86_400_000).toISOString(),
        to: new Date(clock).toISOString(),
        bucket: "minute",
      }),
      { kind: "secret", subject: "secret-key" },
    );
  };
}

export type MetricsResults = Awaited<ReturnType<typeof measureMetrics>>;

export function metricsRows(r: MetricsResults): [string, string, string, string][] {
  return r.runs.flatMap((run) => [
    [
      `metrics on ${run.store}: ${fmt(r.jobs)} jobs (written in ${fmt(run.writeSeconds, 1)} s), p50 / p99 of ${r.reads}`,
      "",
      "",
      `load average ${fmt(run.loadAverage1m, 2)}`,
    ] as [string, string, string, string],
    ...run.rows.map((row): [string, string, string, string] => [
      `  ${row.label} (${fmt(row.buckets)} buckets, ${fmt(row.created)} jobs, first read ${fmt(row.firstMs, 1)} ms)`,
      `${fmt(row.p50Ms, 2)} / ${fmt(row.p99Ms, 2)} ms`,
      `p99 < ${METRICS_TARGETS.metricsP99Ms} ms`,
      row.p99Ms < METRICS_TARGETS.metricsP99Ms ? "PASS" : "FAIL",
    ]),
  ]);
}
