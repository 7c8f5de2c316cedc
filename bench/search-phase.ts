/**
 * The "search" phase of `npm run bench -- --only search` (issue 17): a store of 1,000,000 jobs over a year
 * (`--search-jobs N`), SQLite and then PostgreSQL (`--skip-postgres`), written straight through the store, a server
 * started on it, and p50/p99 over 30 requests of
 * `GET /v1/jobs?q=...` as the operator table sends them (a page of 200, newest first): a word that a handful of jobs
 * months ago hold, a customer's name, a word's beginning, two words, an id, within one space, a keyset next page, and
 * a word most jobs hold. Target: p99 under 50 ms each.
 */
import { mkdirSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Job, JobStatus } from "../src/core";
import pg from "pg";
import { openPostgresStore } from "../src/server/store/postgres/postgres-store";
import { createTestSchema, dropSchema, startTestDatabase } from "../src/server/store/postgres/test-database";
import { openSqliteStore } from "../src/server/store/sqlite/sqlite-store";
import type { Store } from "../src/server/store/store";
import { fmt, HttpClient, percentile, round } from "./http-client";
import { startServerChild, stopServerChild } from "./server-child";

export const SEARCH_TARGETS = { searchP99Ms: 50 };

const READS = 30;
/** The operator table's page (src/web: TABLE_PAGE_SIZE). */
const TABLE_PAGE = 200;
const DAYS = 365;
const BATCH = 5_000;
const ENV = "us_env_benchsearch";
const SPACES = ["us_sp_searchA", "us_sp_searchB", "us_sp_searchC", "us_sp_searchD"];
const CUSTOMERS = 5_000;
/** Jobs that hold the rare word: one in 100,000, all of them months old. */
const RARE_EVERY = 100_000;
const RARE_WORD = "quarantined";

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

const id = (prefix: string, n: number) => `us_${prefix}_srch${n.toString(36).padStart(6, "0")}`;
/** A pronounceable customer name per number, e.g. "Bolerat Trading". */
function customer(n: number): string {
  const syllables = [
    "ba",
    "ko",
    "ri",
    "tel",
    "mun",
    "dra",
    "vis",
    "lo",
    "pen",
    "sar",
    "qui",
    "zo",
    "fen",
    "gal",
  ];
  let name = "";
  for (let x = n + 1; x > 0; x = Math.floor(x / syllables.length)) name += syllables[x % syllables.length];
  return `${name[0]?.toUpperCase()}${name.slice(1)} Trading`;
}

const OPERATIONS = ["export", "submitAction", "validate", "sync-crm", "extract", "notify"];
const REASONS = [
  "quota exceeded",
  "timeout reaching the CRM",
  "invalid email in row",
  "rate limited by the bank",
];

function makeJob(next: () => number, n: number, start: number, step: number, total: number): Job {
  const operation = OPERATIONS[Math.floor(next() * OPERATIONS.length)] as string;
  const who = customer(Math.floor(next() * CUSTOMERS));
  const failed = next() < 0.1;
  const status: JobStatus = failed ? "failed" : "complete";
  const createdAt = new Date(start + n * step).toISOString();
  const finishedAt = new Date(start + n * step + 5_000).toISOString();
  // The rare word only in the oldest third: "a job from months ago".
  const rare = n % RARE_EVERY === 7 && n < total / 3;
  const records = 1 + Math.floor(next() * 5_000);
  const message = failed
    ? `Failed for ${who}: ${REASONS[Math.floor(next() * REASONS.length)]}${rare ? ` (${RARE_WORD})` : ""}`
    : `Exported ${records} records for ${who}${rare ? `, ${RARE_WORD} 3 rows` : ""}`;
  return {
    id: id("jb", n),
    type: "workbook",
    operation,
    source: id("wb", n % 20_000),
    trigger: "manual",
    status,
    progress: 100,
    mode: "background",
    info: `${operation} for ${who}`,
    managed: false,
    environmentId: ENV,
    spaceId: SPACES[n % SPACES.length] as string,
    metadata: {},
    input: { note: `Run ${n % 97 === 0 ? "after the monthly close" : "on request"}` },
    outcome: { message },
    createdBy: "secret-key",
    createdAt,
    updatedAt: finishedAt,
    startedAt: createdAt,
    finishedAt,
  };
}

async function writeJobs(store: Store, total: number): Promise<void> {
  const next = random(17);
  const step = Math.floor((DAYS * 86_400_000) / total);
  const start = Date.now() - DAYS * 86_400_000;
  try {
    for (let first = 0; first < total; first += BATCH) {
      await store.transaction(async (tx) => {
        for (let n = first; n < Math.min(total, first + BATCH); n++) {
          await tx.insertJob(makeJob(next, n, start, step, total));
        }
      });
    }
  } finally {
    await store.close();
  }
}

export type SearchRow = { label: string; p50Ms: number; p99Ms: number; rows: number; total: number };

async function measure(label: string, read: (i: number) => Promise<{ rows: number; total: number }>) {
  await read(READS);
  const times: number[] = [];
  let last = { rows: 0, total: 0 };
  for (let i = 0; i < READS; i++) {
    const started = performance.now();
    last = await read(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    label,
    p50Ms: round(percentile(times, 50), 2),
    p99Ms: round(percentile(times, 99), 2),
    ...last,
  } satisfies SearchRow;
}

type JobsPage = { data: Job[]; pagination: { totalCount: number; nextCursor?: string } };

/**
 * The phase on SQLite, then (unless `skipPostgres`) on a throwaway PostgreSQL (or `BENCH_DATABASE_URL`), each store
 * written through its own adapter and served by a server of its own.
 */
export async function measureSearch(
  config: { dataDir: string; secretKey: string; jobs: number; skipPostgres: boolean },
  log: (line: string) => void,
) {
  const runs = [await measureOn("SQLite", config, log)];
  if (!config.skipPostgres) {
    const given = process.env.BENCH_DATABASE_URL;
    const database = given ? { url: given, close: async () => undefined } : await startTestDatabase();
    try {
      const { schema, url } = await createTestSchema(database.url);
      try {
        runs.push(
          await measureOn("PostgreSQL", { ...config, databaseUrl: url, schema, baseUrl: database.url }, log),
        );
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
  config: {
    dataDir: string;
    secretKey: string;
    jobs: number;
    databaseUrl?: string;
    schema?: string;
    baseUrl?: string;
  },
  log: (line: string) => void,
) {
  const dataDir = join(config.dataDir, `search-${name.toLowerCase()}`);
  mkdirSync(dataDir, { recursive: true });
  log(`    ${name}: writing ${fmt(config.jobs)} jobs over ${DAYS} days (through the store) ...`);
  const written = performance.now();
  const store =
    config.baseUrl && config.schema
      ? await openPostgresStore({ connectionString: config.baseUrl, schema: config.schema, max: 2 })
      : await openSqliteStore({ filename: join(dataDir, "jobs.db") });
  try {
    await writeJobs(store, config.jobs);
  } finally {
    await store.close();
  }
  if (config.databaseUrl) {
    // PostgreSQL plans by its statistics: as autovacuum would have them by then.
    const client = new pg.Client({ connectionString: config.databaseUrl });
    await client.connect();
    try {
      await client.query("VACUUM ANALYZE jobs");
    } finally {
      await client.end();
    }
  }
  const writeSeconds = round((performance.now() - written) / 1000, 1);
  const server = await startServerChild({
    dataDir,
    secretKey: config.secretKey,
    env: {
      EVENT_RETENTION_DAYS: String(DAYS + 1),
      ...(config.databaseUrl ? { DATABASE_URL: config.databaseUrl } : {}),
    },
  });
  const http = new HttpClient(server.baseUrl, { maxSockets: 1, token: config.secretKey });
  const get = async (query: Record<string, string>): Promise<JobsPage> => {
    const path = `/v1/jobs?${new URLSearchParams({ pageSize: String(TABLE_PAGE), ...query })}`;
    const r = await http.request("GET", path);
    if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}: ${r.text.slice(0, 300)}`);
    return JSON.parse(r.text) as JobsPage;
  };
  const search = async (query: Record<string, string>) => {
    const body = await get(query);
    return { rows: body.data.length, total: body.pagination.totalCount };
  };
  const rows: SearchRow[] = [];
  const add = async (label: string, read: (i: number) => Promise<{ rows: number; total: number }>) =>
    rows.push(await measure(label, read));
  try {
    log(`    ${name}: ${READS} searches of each kind ...`);
    await add(`a rare word, months ago (q=${RARE_WORD})`, () => search({ q: RARE_WORD }));
    await add("a customer's name (about 1 job in 5,000)", (i) =>
      search({ q: customer((i * 131) % CUSTOMERS).split(" ")[0] as string }),
    );
    await add("a customer's name and a status word (q=<name> failed)", (i) =>
      search({ q: `${customer((i * 131) % CUSTOMERS).split(" ")[0]} failed` }),
    );
    await add("a customer's name in one space", (i) =>
      search({ q: customer((i * 131) % CUSTOMERS).split(" ")[0] as string, spaceId: SPACES[0] as string }),
    );
    await add("a customer's name, oldest first", (i) =>
      search({ q: customer((i * 131) % CUSTOMERS).split(" ")[0] as string, sortDirection: "asc" }),
    );
    await add("a job's id", (i) => search({ q: id("jb", (i * 7_919) % config.jobs) }));
    await add("a word in 1 job of 97 (q=monthly close)", () => search({ q: "monthly close" }));
    const first = await get({ q: "monthly" });
    await add("its next page by cursor", async () => {
      const body = await get({ q: "monthly", cursor: first.pagination.nextCursor ?? "" });
      return { rows: body.data.length, total: body.pagination.totalCount };
    });
    await add("a word most jobs hold (q=exported)", () => search({ q: "exported" }));
    await add("a word's first letters (q=quot)", () => search({ q: "quot" }));
    return { store: name, writeSeconds, loadAverage1m: round(os.loadavg()[0] ?? 0, 2), rows };
  } finally {
    http.close();
    await stopServerChild(server);
  }
}

export type SearchResults = Awaited<ReturnType<typeof measureSearch>>;

/** The phase's rows of the summary table. */
export function searchRows(r: SearchResults): [string, string, string, string][] {
  return r.runs.flatMap((run) => [
    [
      `search on ${run.store}: ${fmt(r.jobs)} jobs (written in ${fmt(run.writeSeconds, 1)} s), GET /v1/jobs?q= p50 / p99 of ${r.reads}`,
      "",
      "",
      `load average ${fmt(run.loadAverage1m, 2)}`,
    ] as [string, string, string, string],
    ...run.rows.map((row): [string, string, string, string] => [
      `  ${row.label} (${fmt(row.rows)} rows of ${fmt(row.total)})`,
      `${fmt(row.p50Ms, 2)} / ${fmt(row.p99Ms, 2)} ms`,
      `p99 < ${SEARCH_TARGETS.searchP99Ms} ms`,
      row.p99Ms < SEARCH_TARGETS.searchP99Ms ? "PASS" : "FAIL",
    ]),
  ]);
}
