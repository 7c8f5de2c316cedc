/**
 * The "reads" phase of `npm run bench` (issue 20): a SQLite log of 200,000 jobs and 2,000,000 events written straight
 * through the store, a server started on it, and p50/p99 over 30 requests of every `GET /v1/jobs` the dashboard
 * sends (the operator's jobs table with each of its server-side filters and both sort directions, on every space and
 * on one, its next page; the jobs panel; a file's jobs) and of a job's timeline as the job detail reads it, after a
 * second of warm-up. Target: p99 under 20 ms each.
 */
import { mkdirSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { JOB_STATUSES, type Event, type Job, type JobStatus } from "../src/core";
import { openSqliteStore } from "../src/server/store/sqlite/sqlite-store";
import type { NewEvent } from "../src/server/store/store";
import { fmt, HttpClient, percentile, round } from "./http-client";
import { startServerChild, stopServerChild } from "./server-child";

export const READS_TARGETS = { readP99Ms: 20 };

const JOBS = 200_000;
const EVENTS_PER_JOB = 10;
const READS = 30;
/** How long the first query is read before any is measured (see `measureReads`). */
const WARM_UP_MS = 1_000;
/** The jobs table's and the jobs panel's page sizes (src/web: TABLE_PAGE_SIZE, JOBS_PAGE_SIZE). */
const TABLE_PAGE = 200;
const PANEL_PAGE = 50;
/** Jobs whose events are written side by side, so that a job's events are spread over the log as they are live. */
const INTERLEAVED = 500;
const DAYS = 90;
const ENV = "us_env_benchreads";
const ACCOUNT = "us_acc_benchreads";

/** Three busy spaces and a quiet one. */
const SPACES = ["us_sp_readsA", "us_sp_readsB", "us_sp_readsC", "us_sp_readsQuiet"];
const SPACE_WEIGHTS = [0.35, 0.3, 0.3, 0.05];
/** [type, operation, weight]: common jobs, a few system ones, and one rare custom action. */
const OPERATIONS: [Job["type"], string, number][] = [
  ["workbook", "submitAction", 0.3],
  ["sheet", "validate", 0.2],
  ["file", "extract", 0.15],
  ["workbook", "map", 0.12],
  ["sheet", "export", 0.08],
  ["sheet", "delete-records", 0.05],
  ["sheet", "find-replace", 0.04],
  ["space", "configure", 0.03],
  ["document", "notify", 0.025],
  ["workbook", "archive", 0.005],
];
/** Mostly finished; a few of every other status. */
const STATUS_WEIGHTS: Record<JobStatus, number> = {
  created: 0.01,
  planning: 0.005,
  scheduled: 0.01,
  waiting: 0.005,
  ready: 0.01,
  executing: 0.02,
  complete: 0.82,
  failed: 0.08,
  canceled: 0.04,
};
const MODES: [Job["mode"], number][] = [
  ["background", 0.7],
  ["foreground", 0.25],
  ["toolbarBlocking", 0.05],
];

export type ReadsConfig = { dataDir: string; secretKey: string };

/** A deterministic generator (mulberry32), so every run writes the same log. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(next: () => number, choices: readonly (readonly [T, number])[]): T {
  let x = next();
  for (const [value, weight] of choices) {
    if ((x -= weight) < 0) return value;
  }
  return (choices.at(-1) as readonly [T, number])[0];
}

const id = (prefix: string, n: number) => `us_${prefix}_reads${n.toString(36).padStart(6, "0")}`;

/** Job `n` of the log, created `n` steps into the last 90 days (so creation order is the id order). */
function makeJob(next: () => number, n: number, start: number, step: number): Job {
  const [type, operation] = pick(
    next,
    OPERATIONS.map(([t, o, w]) => [[t, o] as const, w] as const),
  );
  const status = pick(next, Object.entries(STATUS_WEIGHTS) as [JobStatus, number][]);
  const createdAt = new Date(start + n * step).toISOString();
  const finished = status === "complete" || status === "failed" || status === "canceled";
  const ran = finished || status === "executing";
  const updatedAt = new Date(
    start + n * step + (ran ? 1_000 + Math.floor(next() * 60_000) : 0),
  ).toISOString();
  const spaceId = pick(
    next,
    SPACES.map((s, i) => [s, SPACE_WEIGHTS[i] ?? 0] as const),
  );
  const source = id(
    type === "file" ? "fl" : type === "space" ? "sp" : type === "document" ? "dc" : "wb",
    n % 5_000,
  );
  return {
    id: id("jb", n),
    type,
    operation,
    source,
    trigger: "manual",
    status,
    progress: finished ? 100 : ran ? 40 : 0,
    mode: pick(next, MODES),
    info: `${operation} run ${n}`,
    // Not the platform's own (the system worker never picks these up).
    managed: false,
    environmentId: ENV,
    spaceId,
    metadata: {},
    createdBy: "secret-key",
    createdAt,
    updatedAt,
    ...(ran ? { startedAt: createdAt } : {}),
    ...(finished ? { finishedAt: updatedAt } : {}),
  };
}

/** The job's events in order: created, acknowledged, progress updates, and how it ended. */
function jobEvents(job: Job): NewEvent[] {
  const topics = [
    "job:created",
    "job:ready",
    "job:started",
    ...Array.from({ length: EVENTS_PER_JOB - 4 }, () => "job:updated"),
    job.status === "failed" ? "job:failed" : job.status === "canceled" ? "job:canceled" : "job:completed",
  ];
  const at = Date.parse(job.createdAt);
  return topics.map((topic, i) => ({
    id: `us_evt_${job.id.slice(6)}${i}`,
    topic,
    domain: "job",
    context: {
      accountId: ACCOUNT,
      environmentId: ENV,
      spaceId: job.spaceId,
      jobId: job.id,
      actionName: `${job.type}:${job.operation}`,
    },
    payload: { job: `${job.type}:${job.operation}`, status: job.status, progress: i * 10, info: job.info },
    createdAt: new Date(at + i * 100).toISOString(),
  }));
}

/**
 * Writes the log straight into the server's database file before it starts (two million events over HTTP take
 * long): jobs in creation order, their events interleaved with those of the jobs around them.
 */
async function writeLog(dbFile: string): Promise<{ jobs: Job[]; events: number }> {
  const store = await openSqliteStore({ filename: dbFile });
  const next = random(20);
  const step = Math.floor((DAYS * 86_400_000) / JOBS);
  const start = Date.now() - DAYS * 86_400_000;
  const jobs: Job[] = [];
  let events = 0;
  try {
    for (let first = 0; first < JOBS; first += INTERLEAVED) {
      const block = Array.from({ length: Math.min(INTERLEAVED, JOBS - first) }, (_, i) =>
        makeJob(next, first + i, start, step),
      );
      const blockEvents = block.map(jobEvents);
      await store.transaction(async (tx) => {
        for (const job of block) await tx.insertJob(job);
        for (let i = 0; i < EVENTS_PER_JOB; i++) {
          for (const list of blockEvents) {
            const event = list[i];
            if (event) await tx.appendEvent(event);
          }
        }
      });
      jobs.push(...block);
      events += blockEvents.reduce((sum, list) => sum + list.length, 0);
    }
  } finally {
    await store.close();
  }
  return { jobs, events };
}

type Timing = { p50Ms: number; p99Ms: number };
/** `target: false` for a read shown only to compare with (the dashboard no longer sends it). */
export type ReadRow = { label: string; p50Ms: number; p99Ms: number; rows: number; target: boolean };

/** `READS` runs of `read` (after one not counted), each a list of requests the caller makes one after another. */
async function measure(
  label: string,
  read: (i: number) => Promise<number>,
  target: boolean,
): Promise<ReadRow> {
  await read(READS);
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < READS; i++) {
    const started = performance.now();
    rows = await read(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const timing: Timing = { p50Ms: round(percentile(times, 50), 2), p99Ms: round(percentile(times, 99), 2) };
  return { label, ...timing, rows, target };
}

type EventsPage = { data: Event[]; pagination: { pageCount: number } };

export async function measureReads(config: ReadsConfig, log: (line: string) => void) {
  const dataDir = join(config.dataDir, "reads");
  mkdirSync(dataDir, { recursive: true });
  log(
    `    writing ${fmt(JOBS)} jobs and ${fmt(JOBS * EVENTS_PER_JOB)} events over ${DAYS} days (through the store) ...`,
  );
  const written = performance.now();
  const { jobs, events } = await writeLog(join(dataDir, "jobs.db"));
  const writeSeconds = round((performance.now() - written) / 1000, 1);
  const server = await startServerChild({
    dataDir,
    secretKey: config.secretKey,
    // The log is 90 days old: retention keeps it whole, and the watchdog leaves its unfinished jobs alone.
    env: {
      EVENT_RETENTION_DAYS: String(DAYS + 1),
      JOB_READY_TIMEOUT_SECONDS: "100000000",
      JOB_LEASE_SECONDS: "100000000",
    },
  });
  const http = new HttpClient(server.baseUrl, { maxSockets: 1, token: config.secretKey });
  const get = async <T>(path: string): Promise<T> => {
    const r = await http.request("GET", path);
    if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}: ${r.text.slice(0, 300)}`);
    return JSON.parse(r.text) as T;
  };
  const list = async (query: Record<string, string | number>) =>
    (await get<{ data: Job[] }>(`/v1/jobs?${new URLSearchParams(query as Record<string, string>)}`)).data
      .length;

  const space = SPACES[0] as string;
  const table = (query: Record<string, string>) => list({ ...query, pageSize: TABLE_PAGE });
  const rows: ReadRow[] = [];
  const add = async (label: string, read: (i: number) => Promise<number>, target = true) =>
    rows.push(await measure(label, read, target));
  try {
    // A server's first moment is not its steady state: in its first ~200 ms the list's code is compiled and its
    // startup work (the system worker's first scan among it) runs, and the first row measured took it all (p50 7.4
    // against 2.7 ms after). The reads wait until WARM_UP_MS of the first query have passed; what those took is
    // printed beside the figures.
    const warmUp: number[] = [];
    const warmStart = performance.now();
    while (performance.now() - warmStart < WARM_UP_MS) {
      const started = performance.now();
      await table({ sortDirection: "desc" });
      warmUp.push(performance.now() - started);
    }
    log(
      `    ${READS} reads of each jobs-table query, the jobs panel, a file's jobs and a job's timeline ...`,
    );
    for (const [where, scope] of [
      ["every space", {}],
      ["one space", { spaceId: space }],
    ] as const) {
      await add(`jobs table, ${where}, newest first`, () => table({ ...scope, sortDirection: "desc" }));
      await add(`jobs table, ${where}, oldest first`, () => table({ ...scope, sortDirection: "asc" }));
      await add(`jobs table, ${where}, next page (2)`, () => table({ ...scope, pageNumber: "2" }));
      for (const status of JOB_STATUSES)
        await add(`jobs table, ${where}, status=${status}`, () => table({ ...scope, status }));
      await add(`jobs table, ${where}, operation (common)`, () =>
        table({ ...scope, operation: "submitAction" }),
      );
      await add(`jobs table, ${where}, operation (rare)`, () => table({ ...scope, operation: "archive" }));
      await add(`jobs table, ${where}, type=document`, () => table({ ...scope, type: "document" }));
      await add(`jobs table, ${where}, mode=toolbarBlocking`, () =>
        table({ ...scope, mode: "toolbarBlocking" }),
      );
      await add(`jobs table, ${where}, failed + operation, oldest first`, () =>
        table({ ...scope, status: "failed", operation: "extract", sortDirection: "asc" }),
      );
      // Walked through the operation's index, not the status's (decision 055).
      await add(`jobs table, ${where}, complete + operation (rare)`, () =>
        table({ ...scope, status: "complete", operation: "archive" }),
      );
      await add(`jobs panel, ${where}`, () => list({ ...scope, pageSize: PANEL_PAGE }));
    }
    await add("a file's jobs (space and fileId)", (i) =>
      list({ spaceId: space, fileId: id("fl", (i * 37) % 5_000), pageSize: 20 }),
    );

    // Jobs spread over the log's age, the same ones in both timeline reads.
    const sample = (i: number) => jobs[Math.floor(((i * 7_919) % READS) * (JOBS / READS)) + 17] as Job;
    await add("job timeline (by job)", async (i) => {
      const job = sample(i);
      return (await get<EventsPage>(`/v1/events?jobId=${job.id}&pageSize=1000`)).data.length;
    });
    // How the job detail read a timeline before the events API took a jobId: a space's job events since the job began.
    await add(
      "job timeline, the former read (space, domain, since; 5 pages at most)",
      async (i) => {
        const job = sample(i);
        let found = 0;
        for (let page = 1; page <= 5; page++) {
          const query = new URLSearchParams({
            spaceId: job.spaceId as string,
            domain: "job",
            since: job.createdAt,
            pageSize: "1000",
            pageNumber: String(page),
          });
          const body = await get<EventsPage>(`/v1/events?${query}`);
          found += body.data.filter((e) => e.context.jobId === job.id).length;
          if (page >= body.pagination.pageCount) break;
        }
        return found;
      },
      false,
    );
    return {
      jobs: JOBS,
      events,
      writeSeconds,
      warmUp: {
        reads: warmUp.length,
        firstMs: round(warmUp[0] ?? 0, 2),
        maxMs: round(Math.max(...warmUp), 2),
      },
      reads: READS,
      loadAverage1m: round(os.loadavg()[0] ?? 0, 2),
      rows,
    };
  } finally {
    http.close();
    await stopServerChild(server);
  }
}

export type ReadsResults = Awaited<ReturnType<typeof measureReads>>;

/** The phase's rows of the summary table. */
export function readsRows(r: ReadsResults): [string, string, string, string][] {
  return [
    [
      `reads: ${fmt(r.jobs)} jobs, ${fmt(r.events)} events (written in ${fmt(r.writeSeconds, 1)} s), p50 / p99 of ${r.reads}`,
      "",
      "",
      `load average ${fmt(r.loadAverage1m, 2)}`,
    ],
    [
      `  warm-up before them, not counted: ${fmt(r.warmUp.reads)} reads of the first in ${fmt(WARM_UP_MS)} ms, first / slowest`,
      `${fmt(r.warmUp.firstMs, 2)} / ${fmt(r.warmUp.maxMs, 2)} ms`,
      "",
      "",
    ],
    ...r.rows.map((row): [string, string, string, string] => [
      `  ${row.label} (${fmt(row.rows)} rows)`,
      `${fmt(row.p50Ms, 2)} / ${fmt(row.p99Ms, 2)} ms`,
      row.target ? `p99 < ${READS_TARGETS.readP99Ms} ms` : "",
      !row.target ? "" : row.p99Ms < READS_TARGETS.readP99Ms ? "PASS" : "FAIL",
    ]),
  ];
}
