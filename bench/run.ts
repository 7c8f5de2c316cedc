/**
 * The platform's benchmark: `npm run bench [-- --duration 10 --concurrency 32 ...]`. Prints figures; it is not a test.
 *
 * The server runs as a child process (`node --import tsx src/server/main.ts`, SQLite in a temp folder), so the load
 * generator and the server never share an event loop. Five measurements:
 *  1. the loopback ceiling: `GET /v1/health` with the same client and concurrency as (2);
 *  2. job lifecycles over HTTP: create (immediate) → ack → 10 progress updates → complete, N concurrent clients;
 *  3. event latency: SSE subscribers on `/v1/events/stream`, a driver updating one executing job at a steady rate,
 *     and for each update the time each subscriber received its event, against the time the update's response came;
 *  4. a 50 MiB file uploaded (multipart, generated as it is sent) and downloaded, with the server's resident memory
 *     sampled every 20 ms: streaming means it stays flat, whatever the file's size;
 *  5. a 50,000-record sheet: five inserts of 10,000 records (records per second), then page reads (100 and 1,000 per
 *     page, first and last page), an error-filtered page and a search, each p50/p99 over 30 reads.
 * Then 6. the import of a generated CSV (bench/import-phase.ts), then on that sheet find and replace over all, a
 * sandboxed mutation of all and delete all (bench/record-jobs-phase.ts), each with records per second, peak RSS
 * growth, the longest event-loop delay and `GET /v1/health` p99 meanwhile; and 7. a sheet of as many records
 * downloaded as CSV and exported by its job (bench/csv-phase.ts; `--import-rows N`, `--csv-rows N`, both 1,000,000).
 * Then 7b. "under abuse" (bench/abuse-phase.ts), on a server of its own: the lifecycle phase alone, then while four
 * clients insert 10,000-record batches and a stream replays a 1,000,000-event log filtered to one space, with
 * `GET /v1/health` p99 and the lifecycle rate of both runs. Then 7c. reads (bench/reads-phase.ts), on a server of its
 * own over 200,000 jobs and 2,000,000 events: every jobs-table, jobs-panel and job-timeline read the dashboard sends,
 * p50/p99 each. Then 7d. search (bench/search-phase.ts, `--only search`), on a server of its own over 1,000,000 jobs
 * (`--search-jobs N`): `GET /v1/jobs?q=` of a rare word, a name, an id, a next page by cursor, p50/p99 each.
 * Beside phases 2 and 3, the anchor: BullMQ on Redis doing the same lifecycle and progress events (bench/bullmq-phase.ts;
 * skipped with a note when `redis-server` is not installed), and the ratio the issue sets.
 * Then phases 2 and 3 again on PostgreSQL (bench/postgres.ts), with one API instance and with two on one database
 * (a throwaway server from the system's binaries, or BENCH_DATABASE_URL), printed beside the SQLite figures.
 *
 * Then three dashboard phases in headless Chromium (bench/browser.ts): 8. the first page's JavaScript (gzip);
 * 9. the operator's jobs table over 10,000 jobs (route change to rows, data to rows, a re-sort of every job);
 * 10. the longest main-thread task while 1,000 running jobs are updated 10 times a second each. They need the built
 * dashboard: the bench builds it into its temp folder (`vite build`), or serves --web-dir DIR as it is.
 *
 * Flags: --duration S (lifecycle phase, 10), --health-duration S (5), --warmup S (1), --concurrency N (32),
 * --subscribers N (100), --updates N (200), --interval MS (20), --file-mib N (50), --profile (CPU-profile the servers, the PostgreSQL ones too, with what the database waits on,
 * and print hot spots), --out FILE (bench-results/latest.json), --only api|browser|import|csv|abuse|reads|search (phases 1-7, 8-10, or 6, 7, 7b, 7c or 7d alone), --only metrics (bench/metrics-phase.ts, --metrics-jobs N),
 * --only jobs (phases 2 and 3 with BullMQ and PostgreSQL beside them; --lifecycle-space adds the SQLite lifecycle phase again with jobs of a space), --web-dir DIR (a built dashboard to serve instead of building one), --skip-postgres (no PostgreSQL runs), --table-jobs N (10000), --running N (1000),
 * --update-rate N (updates per running job per second, 10), --live-duration S (5), --table-runs N (5),
 * --only endurance (SQLite lifecycles in a row on a growing log, the rate per 10,000 and the last over the first;
 * --lifecycles N, 100000, about five minutes).
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sqliteSynchronous } from "../src/server/node/env-config";
import { DEFAULT_SQLITE_SYNCHRONOUS } from "../src/server/store/sqlite/sqlite-store";
import { browserRows, BROWSER_TARGETS, runBrowserPhases, type BrowserResults } from "./browser";
import { fmt, HttpClient, percentile, ROOT, round, Samples, sleep } from "./http-client";
import { bullRows, runBullPhases, type BullResults } from "./bullmq-phase";
import { postgresRows, runPostgresPhases, type PostgresResults } from "./postgres";
import {
  ENDURANCE_STRETCH,
  measureEndurance,
  measureEventLatency,
  createLifecycleSpace,
  measureLifecycles,
  REQUESTS_PER_LIFECYCLE,
  UPDATES_PER_LIFECYCLE,
} from "./job-phases";
import { abuseRows, ABUSE_TARGETS, measureUnderAbuse } from "./abuse-phase";
import { csvRows, CSV_TARGETS, measureCsv } from "./csv-phase";
import { measureReads, readsRows, READS_TARGETS } from "./reads-phase";
import { measureMetrics, METRICS_TARGETS, metricsRows } from "./metrics-phase";
import { measureSearch, searchRows, SEARCH_TARGETS } from "./search-phase";
import { importRows, IMPORT_TARGETS, measureImport } from "./import-phase";
import { measureRecordJobs, recordJobRows, RECORD_JOB_TARGETS } from "./record-jobs-phase";
import { processRssMiB, sampleRss } from "./process-stats";
import {
  processWriteBytes,
  startServerChild,
  stopServerChild,
  withCpu,
  type CpuShare,
  type ServerChild,
} from "./server-child";

/**
 * fileRssGrowthMiB: the server's peak RSS during a file transfer, over its RSS before. Streaming keeps it flat, i.e.
 * independent of the file's size; what remains is V8 growing its young generation under a high allocation rate and
 * socket buffers waiting for the next scavenge (about 30 MiB on Node 20, the same for 50 or 200 MiB files).
 */
const TARGETS = { lifecyclesPerSecond: 500, eventP99Ms: 25, fileRssGrowthMiB: 50 };
const MIB = 1024 * 1024;
/**
 * What the bench's server commits with: the shell's SQLITE_SYNCHRONOUS, which it inherits (the server's default,
 * `full`, when unset: the durable commits issue 20 asks its lifecycle rate with; decisions 050 and 051).
 * `SQLITE_SYNCHRONOUS=normal npm run bench -- --only jobs` measures without them.
 */
const serverSynchronous = sqliteSynchronous(process.env) ?? DEFAULT_SQLITE_SYNCHRONOUS;

const { values: flags } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    "health-duration": { type: "string", default: "5" },
    warmup: { type: "string", default: "1" },
    concurrency: { type: "string", default: "32" },
    subscribers: { type: "string", default: "100" },
    updates: { type: "string", default: "200" },
    interval: { type: "string", default: "20" },
    "file-mib": { type: "string", default: "50" },
    profile: { type: "boolean", default: false },
    out: { type: "string", default: "bench-results/latest.json" },
    only: { type: "string" },
    "web-dir": { type: "string" },
    "table-jobs": { type: "string", default: "10000" },
    running: { type: "string", default: "1000" },
    "update-rate": { type: "string", default: "10" },
    "live-duration": { type: "string", default: "5" },
    "import-rows": { type: "string", default: "1000000" },
    "csv-rows": { type: "string", default: "1000000" },
    "table-runs": { type: "string", default: "5" },
    "skip-postgres": { type: "boolean", default: false },
    "lifecycle-space": { type: "boolean", default: false },
    lifecycles: { type: "string", default: "100000" },
    "search-jobs": { type: "string", default: "1000000" },
    "metrics-jobs": { type: "string", default: "1000000" },
  },
  allowPositionals: false,
});

function positive(name: string, value: string | undefined, integer = true): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n)))
    throw new Error(`--${name} must be a ${integer ? "whole " : ""}number, got "${value}"`);
  return n;
}

const config = {
  lifecycleSeconds: positive("duration", flags.duration, false),
  healthSeconds: positive("health-duration", flags["health-duration"], false),
  warmupSeconds: positive("warmup", flags.warmup, false),
  concurrency: Math.max(1, positive("concurrency", flags.concurrency)),
  subscribers: Math.max(1, positive("subscribers", flags.subscribers)),
  updates: Math.max(1, positive("updates", flags.updates)),
  intervalMs: positive("interval", flags.interval, false),
  fileBytes: Math.max(1, positive("file-mib", flags["file-mib"])) * MIB,
  profile: flags.profile ?? false,
  skipPostgres: flags["skip-postgres"] ?? false,
  lifecycleSpace: flags["lifecycle-space"] ?? false,
  only: (():
    | "api"
    | "jobs"
    | "browser"
    | "import"
    | "csv"
    | "abuse"
    | "reads"
    | "search"
    | "metrics"
    | "endurance"
    | undefined => {
    if (
      flags.only === undefined ||
      flags.only === "endurance" ||
      flags.only === "api" ||
      flags.only === "jobs" ||
      flags.only === "browser" ||
      flags.only === "import" ||
      flags.only === "csv" ||
      flags.only === "abuse" ||
      flags.only === "reads" ||
      flags.only === "search" ||
      flags.only === "metrics"
    )
      return flags.only;
    throw new Error(
      `--only must be "api", "jobs", "browser", "import", "csv", "abuse", "reads", "search", "metrics" or "endurance", got "${flags.only}"`,
    );
  })(),
  importRows: Math.max(1, positive("import-rows", flags["import-rows"])),
  csvRows: Math.max(1, positive("csv-rows", flags["csv-rows"])),
  webDir: flags["web-dir"] ? resolve(flags["web-dir"]) : undefined,
  tableJobs: Math.max(1, positive("table-jobs", flags["table-jobs"])),
  runningJobs: Math.max(1, positive("running", flags.running)),
  updateRate: Math.max(1, positive("update-rate", flags["update-rate"], false)),
  liveSeconds: Math.max(1, positive("live-duration", flags["live-duration"], false)),
  tableRuns: Math.max(1, positive("table-runs", flags["table-runs"])),
  enduranceLifecycles: Math.max(ENDURANCE_STRETCH, positive("lifecycles", flags.lifecycles)),
  searchJobs: Math.max(1, positive("search-jobs", flags["search-jobs"])),
  metricsJobs: Math.max(1, positive("metrics-jobs", flags["metrics-jobs"])),
};

// ---------------------------------------------------------------------------------------------------------------
// 1. Loopback ceiling

async function measureHealth(http: HttpClient, concurrency: number, seconds: number) {
  const latencies = new Samples();
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const r = await http.request("GET", "/v1/health");
        if (r.status !== 200) errors++;
        latencies.add(r.endedAt - r.startedAt);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const sorted = latencies.sorted();
  return {
    seconds: round(elapsed, 2),
    requests: latencies.length,
    errors,
    requestsPerSecond: round(latencies.length / elapsed, 0),
    latencyP50Ms: round(percentile(sorted, 50), 2),
    latencyP99Ms: round(percentile(sorted, 99), 2),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 4. File upload and download

/** Resident memory (MiB) of a process, from /proc on Linux; undefined elsewhere. */
/** One 64 KiB block of the file's content, repeated: the bench never holds the file either. */
const BLOCK = Uint8Array.from({ length: 64 * 1024 }, (_, i) => (i * 31 + 7) & 255);
const BLOCK_TWICE = Buffer.concat([BLOCK, BLOCK]);

/** A multipart body whose file part is `bytes` long, produced block by block as fetch asks for it. */
function generatedUpload(spaceId: string, bytes: number) {
  const boundary = `bench${randomUUID().replaceAll("-", "")}`;
  const encoder = new TextEncoder();
  const head = encoder.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="spaceId"\r\n\r\n${spaceId}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench-50MiB.bin"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  let sent = -1;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent < 0) {
          controller.enqueue(head);
          sent = 0;
        } else if (sent < bytes) {
          const size = Math.min(BLOCK.length, bytes - sent);
          controller.enqueue(size === BLOCK.length ? BLOCK : BLOCK.subarray(0, size));
          sent += size;
        } else {
          controller.enqueue(tail);
          controller.close();
        }
      },
    },
    { highWaterMark: 0 },
  );
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function measureFileTransfer(
  http: HttpClient,
  baseUrl: string,
  secretKey: string,
  pid: number | undefined,
  bytes: number,
) {
  const authorization = `Bearer ${secretKey}`;
  const { data: space } = await http.json<{ id: string }>("POST", "/v1/spaces", { name: "bench files" });
  // Let the server settle (the job phases' garbage) before taking the baseline.
  await sleep(500);
  const rssBefore = processRssMiB(pid) ?? Number.NaN;

  const uploadSampler = sampleRss(pid);
  const upload = generatedUpload(space.id, bytes);
  const uploadStart = performance.now();
  const uploaded = await fetch(`${baseUrl}/v1/files`, {
    method: "POST",
    headers: { authorization, "content-type": upload.contentType },
    body: upload.body,
    duplex: "half",
  } as RequestInit);
  const uploadText = await uploaded.text();
  const uploadSeconds = (performance.now() - uploadStart) / 1000;
  const uploadRss = uploadSampler.stop();
  if (uploaded.status !== 200)
    throw new Error(`the upload answered ${uploaded.status}: ${uploadText.slice(0, 300)}`);
  const file = (JSON.parse(uploadText) as { data: { id: string; size: number } }).data;
  if (file.size !== bytes) throw new Error(`the server stored ${file.size} bytes, not ${bytes}`);

  const downloadSampler = sampleRss(pid);
  const downloadStart = performance.now();
  const response = await fetch(`${baseUrl}/v1/files/${file.id}/download`, { headers: { authorization } });
  if (response.status !== 200 || !response.body) throw new Error(`the download answered ${response.status}`);
  let received = 0;
  let mismatches = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // Compare against the pattern block by block (a native compare; the bytes are not kept).
    for (let offset = 0; offset < value.length;) {
      const at = (received + offset) % BLOCK.length;
      const size = Math.min(value.length - offset, BLOCK.length);
      const expected = BLOCK_TWICE.subarray(at, at + size);
      if (Buffer.compare(value.subarray(offset, offset + size), expected) !== 0) mismatches++;
      offset += size;
    }
    received += value.length;
  }
  const downloadSeconds = (performance.now() - downloadStart) / 1000;
  const downloadRss = downloadSampler.stop();
  if (received !== bytes) throw new Error(`the download gave ${received} bytes, not ${bytes}`);
  await http.json("DELETE", `/v1/files/${file.id}`);

  const peak = Math.max(uploadRss.peakMiB, downloadRss.peakMiB);
  return {
    bytes,
    uploadSeconds: round(uploadSeconds, 3),
    downloadSeconds: round(downloadSeconds, 3),
    uploadMBps: round(bytes / 1e6 / uploadSeconds, 1),
    downloadMBps: round(bytes / 1e6 / downloadSeconds, 1),
    contentMatches: mismatches === 0,
    rssBeforeMiB: round(rssBefore, 1),
    rssPeakUploadMiB: round(uploadRss.peakMiB, 1),
    rssPeakDownloadMiB: round(downloadRss.peakMiB, 1),
    rssGrowthMiB: round(peak - rssBefore, 1),
    rssSamples: uploadRss.samples + downloadRss.samples,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 5. A 50,000-record sheet

const SHEET_CALLS = 5;
const SHEET_PER_CALL = 10_000;
const SHEET_RECORDS = SHEET_CALLS * SHEET_PER_CALL;
/** Reads per measured query (each after one untimed warm-up read). */
const SHEET_READS = 30;
const SHEET_STATUSES = ["lead", "customer", "churned"];
const SHEET_CITIES = ["Lisbon", "Nairobi", "Osaka", "Quito", "Tallinn", "Winnipeg", "Zagreb"];

/** Record `n` of the bench sheet; every tenth has no lastName (required), so 10% are in error. */
function sheetRow(n: number) {
  return {
    n: { value: n },
    firstName: { value: `First${n}` },
    lastName: { value: n % 10 === 9 ? "" : `Last${n}` },
    email: { value: `user${n}@example.com` },
    age: { value: 18 + ((n * 7919) % 80) },
    city: { value: SHEET_CITIES[n % SHEET_CITIES.length] },
    status: { value: SHEET_STATUSES[n % SHEET_STATUSES.length] },
  };
}

/**
 * Creates a workbook with one sheet, inserts 50,000 records in five calls of 10,000 (bodies encoded beforehand, so the
 * timing is the server's), then times reads one at a time: pages of 100 and 1,000 (first and last), the error filter
 * and a search.
 */
async function measureLargeSheet(http: HttpClient) {
  const { data: space } = await http.json<{ id: string }>("POST", "/v1/spaces", { name: "bench sheet" });
  const { data: workbook } = await http.json<{ sheets: { id: string }[] }>("POST", "/v1/workbooks", {
    name: "Bench sheet",
    spaceId: space.id,
    sheets: [
      {
        name: "Contacts",
        slug: "contacts",
        fields: [
          { key: "n", type: "number" },
          { key: "firstName", type: "string" },
          { key: "lastName", type: "string", constraints: [{ type: "required" }] },
          { key: "email", type: "string", constraints: [{ type: "unique" }] },
          { key: "age", type: "number" },
          { key: "city", type: "string" },
          { key: "status", type: "enum", config: { options: SHEET_STATUSES.map((value) => ({ value })) } },
        ],
      },
    ],
  });
  const sheetId = workbook.sheets[0]?.id;
  if (!sheetId) throw new Error("the bench workbook has no sheet");
  const recordsPath = `/v1/sheets/${sheetId}/records`;

  const bodies = Array.from({ length: SHEET_CALLS }, (_, call) =>
    JSON.stringify(Array.from({ length: SHEET_PER_CALL }, (_, i) => sheetRow(call * SHEET_PER_CALL + i))),
  );
  const callMs: number[] = [];
  let responseBytes = 0;
  for (const [call, body] of bodies.entries()) {
    const r = await http.request("POST", recordsPath, body);
    if (r.status !== 200) throw new Error(`insert ${call + 1} answered ${r.status}: ${r.text.slice(0, 300)}`);
    const { counts } = (JSON.parse(r.text) as { data: { counts: { total: number; error: number } } }).data;
    const total = (call + 1) * SHEET_PER_CALL;
    if (counts.total !== total || counts.error !== total / 10)
      throw new Error(`after insert ${call + 1} the counts are ${JSON.stringify(counts)}`);
    callMs.push(r.endedAt - r.startedAt);
    responseBytes += Buffer.byteLength(r.text);
  }
  const insertMs = callMs.reduce((a, b) => a + b, 0);
  const perCallRates = callMs.map((ms) => SHEET_PER_CALL / (ms / 1000)).sort((a, b) => a - b);

  const time = async (query: string, expectRecords: number) => {
    const samples: number[] = [];
    for (let i = 0; i <= SHEET_READS; i++) {
      const r = await http.request("GET", `${recordsPath}?${query}`);
      if (r.status !== 200) throw new Error(`GET ?${query} answered ${r.status}: ${r.text.slice(0, 300)}`);
      if (i === 0) {
        const got = (JSON.parse(r.text) as { data: { records: unknown[] } }).data.records.length;
        if (got !== expectRecords) throw new Error(`GET ?${query} gave ${got} records, not ${expectRecords}`);
        continue;
      }
      samples.push(r.endedAt - r.startedAt);
    }
    samples.sort((a, b) => a - b);
    return { query, p50Ms: round(percentile(samples, 50), 2), p99Ms: round(percentile(samples, 99), 2) };
  };
  const reads = {
    page100First: await time("pageSize=100&pageNumber=1", 100),
    page100Last: await time(`pageSize=100&pageNumber=${SHEET_RECORDS / 100}`, 100),
    page1000First: await time("pageSize=1000&pageNumber=1", 1000),
    page1000Last: await time(`pageSize=1000&pageNumber=${SHEET_RECORDS / 1000}`, 1000),
    errorPage: await time("filter=error&pageSize=100&pageNumber=1", 100),
    search: await time("searchValue=user43210%40example.com", 1),
  };
  return {
    records: SHEET_RECORDS,
    calls: SHEET_CALLS,
    insertSeconds: round(insertMs / 1000, 2),
    recordsPerSecond: round(SHEET_RECORDS / (insertMs / 1000), 0),
    perCallRecordsPerSecondP50: round(percentile(perCallRates, 50), 0),
    perCallRecordsPerSecondMin: round(perCallRates[0] ?? Number.NaN, 0),
    callMs: callMs.map((ms) => round(ms, 0)),
    insertResponseMiB: round(responseBytes / MIB / SHEET_CALLS, 1),
    reads,
  };
}

/** The sheet phase's rows of the summary table. */
function sheetRows(
  sheet: Awaited<ReturnType<typeof measureLargeSheet>> & { cpu: CpuShare },
): [string, string, string, string][] {
  const read = (label: string, r: { p50Ms: number; p99Ms: number }): [string, string, string, string] => [
    `  ${label} p50 / p99`,
    `${fmt(r.p50Ms, 2)} / ${fmt(r.p99Ms, 2)} ms`,
    "",
    "",
  ];
  const { reads } = sheet;
  return [
    [
      `${fmt(sheet.records)}-record sheet: insert, ${sheet.calls} calls of ${fmt(sheet.records / sheet.calls)}`,
      `${fmt(sheet.recordsPerSecond)} records/s`,
      "",
      `${fmt(sheet.insertSeconds, 2)} s`,
    ],
    [
      "  per call p50 / slowest call",
      `${fmt(sheet.perCallRecordsPerSecondP50)} / ${fmt(sheet.perCallRecordsPerSecondMin)} records/s`,
      "",
      `${fmt(sheet.insertResponseMiB, 1)} MiB answer each`,
    ],
    read("page of 100, first page", reads.page100First),
    read(`page of 100, last page (${fmt(sheet.records / 100)})`, reads.page100Last),
    read("page of 1,000, first page", reads.page1000First),
    read(`page of 1,000, last page (${fmt(sheet.records / 1000)})`, reads.page1000Last),
    read("filter=error, page of 100", reads.errorPage),
    read("search, all fields (1 hit)", reads.search),
    ["  CPU, server / load generator", cpuText(sheet.cpu), "", ""],
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// CPU profile of the server (with --profile)

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

function summarizeProfile(dir: string) {
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) return undefined;
  const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;

  const where = (url: string) => {
    if (!url) return "";
    const path = url.startsWith("file://") ? fileURLToPath(url) : url;
    const rel = relative(ROOT, path);
    return rel.startsWith("..") ? path : rel;
  };
  const group = (url: string) => {
    const path = where(url);
    if (!path) return "(native / vm)";
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    if (pkg?.[1]) return pkg[1];
    if (path.startsWith("node:")) return "node internals";
    return path;
  };
  const functions = new Map<string, number>();
  const groups = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const key =
      `${functionName || "(anonymous)"} ${where(url) ? `${where(url)}:${lineNumber + 1}` : ""}`.trim();
    functions.set(key, (functions.get(key) ?? 0) + us);
    const g = group(url);
    groups.set(g, (groups.get(g) ?? 0) + us);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, selfMs: round(us / 1000, 0), percent: round((us / total) * 100, 1) }));
  return {
    file,
    totalMs: round(total / 1000, 0),
    topFunctions: top(functions, 20),
    topGroups: top(groups, 12),
  };
}

function printProfile(profile: NonNullable<ReturnType<typeof summarizeProfile>>) {
  console.log(
    `\nServer CPU profile (${profile.file}, ${fmt(profile.totalMs)} ms sampled), self time by package/file:`,
  );
  for (const g of profile.topGroups)
    console.log(`  ${String(g.percent).padStart(5)}%  ${fmt(g.selfMs).padStart(7)} ms  ${g.name}`);
  console.log("top functions by self time:");
  for (const f of profile.topFunctions)
    console.log(`  ${String(f.percent).padStart(5)}%  ${fmt(f.selfMs).padStart(7)} ms  ${f.name}`);
}

/** The PostgreSQL servers' profiles (bench/postgres.ts puts each in a folder `postgres-<n>i-<k>`). */
function printPostgresProfiles(dir: string) {
  for (const folder of readdirSync(dir)
    .filter((name) => name.startsWith("postgres-"))
    .sort()) {
    const profile = summarizeProfile(join(dir, folder));
    if (!profile) continue;
    console.log(`\n${folder}:`);
    printProfile(profile);
  }
}

// ---------------------------------------------------------------------------------------------------------------

/** The summary: a header, then `body`'s rows in aligned columns (figures right-aligned). */
function table(body: [string, string, string, string][]): string {
  const rows: [string, string, string, string][] = [
    ["measurement", "figure", "target", ""],
    ["-----------", "------", "------", ""],
    ...body,
  ];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]?.length ?? 0)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 1 ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
        .join("   ")
        .trimEnd(),
    )
    .join("\n");
}

const cpuText = (cpu: CpuShare) =>
  `${cpu.serverPercent === undefined ? "?" : cpu.serverPercent}% / ${cpu.loadGeneratorPercent}% of a core`;

/** Builds the dashboard into `outDir` (never dist/web, which a developer may be serving) for the browser phases. */
function buildDashboard(outDir: string): string {
  console.log(`Building the dashboard (vite build --outDir ${outDir}) for the browser phases ...`);
  execFileSync(
    process.execPath,
    [
      join(ROOT, "node_modules/vite/bin/vite.js"),
      "build",
      "--outDir",
      outDir,
      "--emptyOutDir",
      "--logLevel",
      "warn",
    ],
    {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  return outDir;
}

function writeResults(results: object): void {
  const out = resolve(ROOT, flags.out ?? "bench-results/latest.json");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
  console.log(`\nResults written to ${relative(ROOT, out)}`);
}

async function main() {
  const fileMiB = config.fileBytes / MIB;
  const dataDir = mkdtempSync(join(os.tmpdir(), "jobs-bench-"));
  const profileDir = config.profile ? join(dataDir, "profile") : undefined;
  if (profileDir) mkdirSync(profileDir);
  const secretKey = "sk_bench_" + randomUUID().replaceAll("-", "");
  const cpus = os.cpus();
  const machine = {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    /** Other processes on the machine skew every figure: the 1-minute load average before the run says how busy it was. */
    loadAverage1m: round(os.loadavg()[0] ?? 0, 2),
  };
  console.log(
    `Jobs platform benchmark: ${machine.os}, ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, load average ${machine.loadAverage1m}`,
  );
  console.log(
    "Server: a child process (node --import tsx src/server/main.ts), SQLite (WAL) in a temp folder; load: node:http keep-alive agent.\n",
  );

  const phaseCount = config.only === "api" ? 7 : 10;
  const abuseConfig = {
    concurrency: config.concurrency,
    lifecycleSeconds: config.lifecycleSeconds,
    dataDir,
    secretKey,
  };
  if (config.only === "abuse") {
    try {
      console.log("under abuse: job lifecycles alone, then beside large inserts and a filtered replay ...");
      const abuse = await measureUnderAbuse({ ...abuseConfig, profileDir }, (line) => console.log(line));
      console.log("\n" + table(abuseRows(abuse)));
      const profile = profileDir ? summarizeProfile(profileDir) : undefined;
      if (profile) printProfile(profile);
      writeResults({ at: new Date().toISOString(), machine, config, targets: ABUSE_TARGETS, abuse });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    return;
  }
  if (config.only === "reads") {
    try {
      console.log("reads: the dashboard's job lists and a job's timeline over a large log ...");
      const reads = await measureReads({ dataDir, secretKey }, (line) => console.log(line));
      console.log("\n" + table(readsRows(reads)));
      writeResults({ at: new Date().toISOString(), machine, config, targets: READS_TARGETS, reads });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    return;
  }
  if (config.only === "metrics") {
    try {
      console.log("metrics: GET /v1/metrics/jobs over 30 days of jobs ...");
      const metrics = await measureMetrics(
        { dataDir, jobs: config.metricsJobs, skipPostgres: config.skipPostgres },
        (line) => console.log(line),
      );
      console.log("\n" + table(metricsRows(metrics)));
      writeResults({ at: new Date().toISOString(), machine, config, targets: METRICS_TARGETS, metrics });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    return;
  }
  if (config.only === "search") {
    try {
      console.log("search: GET /v1/jobs?q= over a year of jobs ...");
      const search = await measureSearch(
        { dataDir, secretKey, jobs: config.searchJobs, skipPostgres: config.skipPostgres },
        (line) => console.log(line),
      );
      console.log("\n" + table(searchRows(search)));
      writeResults({ at: new Date().toISOString(), machine, config, targets: SEARCH_TARGETS, search });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    return;
  }
  const loopFile = join(dataDir, "loop-delay.json");
  let server: ServerChild | undefined;
  const http = { current: undefined as HttpClient | undefined };
  try {
    const runBrowser = config.only === undefined || config.only === "browser";
    const webDir = runBrowser ? (config.webDir ?? buildDashboard(join(dataDir, "web"))) : undefined;
    server = await startServerChild({
      dataDir,
      secretKey,
      profileDir,
      webDir,
      // Only the phases that read it load the monitor: its file write every 100 ms runs on the server's event loop.
      loopFile: config.only === "jobs" || config.only === "endurance" ? undefined : loopFile,
      // Room for the file phase's upload, whatever --file-mib says, and for the import phase's CSV.
      env: { MAX_FILE_BYTES: String(Math.max(1024 * MIB, config.fileBytes)) },
    });
    const client = new HttpClient(server.baseUrl, { maxSockets: config.concurrency, token: secretKey });
    http.current = client;
    const browserConfig = {
      baseUrl: server.baseUrl,
      secretKey,
      tableJobs: config.tableJobs,
      runningJobs: config.runningJobs,
      updatesPerSecond: config.updateRate,
      liveSeconds: config.liveSeconds,
      tableRuns: config.tableRuns,
    };

    /** A run of one group of phases on its own: its rows, and its figures in the results file. */
    const finishAlone = async (rows: [string, string, string, string][], results: object) => {
      await stopServerChild(server as ServerChild);
      console.log("\n" + table(rows));
      const profile = profileDir ? summarizeProfile(profileDir) : undefined;
      if (profile) printProfile(profile);
      if (profileDir) printPostgresProfiles(profileDir);
      writeResults({ at: new Date().toISOString(), machine, config, ...results });
    };
    const bullConfig = {
      dataDir,
      concurrency: config.concurrency,
      lifecycleSeconds: config.lifecycleSeconds,
      subscribers: config.subscribers,
      updates: config.updates,
      intervalMs: config.intervalMs,
    };
    if (config.only === "jobs") {
      console.log(
        `jobs: lifecycles (${config.concurrency} clients, ${config.lifecycleSeconds} s) and event latency (${config.subscribers} subscribers) on SQLite, then BullMQ, then PostgreSQL ...`,
      );
      // The lifecycles, and what the database and its WAL took per lifecycle, as the kernel counted it
      // (checkpoints included); their jobs in the space `spaceId` if one is given.
      const pid = server.child.pid;
      const lifecyclesWritten = async (spaceId?: string) => {
        await measureLifecycles(client, config.concurrency, config.warmupSeconds, spaceId);
        const writtenBefore = processWriteBytes(pid);
        const run = await measureLifecycles(client, config.concurrency, config.lifecycleSeconds, spaceId);
        const writtenAfter = processWriteBytes(pid);
        const written =
          writtenBefore !== undefined && writtenAfter !== undefined && run.lifecycles > 0
            ? round((writtenAfter - writtenBefore) / 1024 / run.lifecycles, 1)
            : undefined;
        return { run, written };
      };
      const { run: lifecycle, written: writtenKiB } = await lifecyclesWritten();
      const inSpace = config.lifecycleSpace
        ? await lifecyclesWritten(await createLifecycleSpace(client))
        : undefined;
      const events = await measureEventLatency(
        client,
        server.baseUrl,
        secretKey,
        config.subscribers,
        config.updates,
        config.intervalMs,
      );
      const bull = await runBullPhases(bullConfig, (line) => console.log(line));
      const postgres = config.skipPostgres
        ? undefined
        : await runPostgresPhases({ ...config, profileDir }, (line) => console.log(line));
      return finishAlone(
        [
          [
            `SQLite job lifecycles (${REQUESTS_PER_LIFECYCLE} requests each, N = ${config.concurrency}, SQLITE_SYNCHRONOUS=${serverSynchronous})`,
            `${fmt(lifecycle.lifecyclesPerSecond, 1)} /s`,
            `>= ${TARGETS.lifecyclesPerSecond} /s`,
            lifecycle.lifecyclesPerSecond >= TARGETS.lifecyclesPerSecond ? "PASS" : "FAIL",
          ],
          [
            "  request latency p50 / p99; done / failed",
            `${fmt(lifecycle.latencyP50Ms, 2)} / ${fmt(lifecycle.latencyP99Ms, 2)} ms; ${fmt(lifecycle.lifecycles)} / ${fmt(lifecycle.failedLifecycles)}`,
            "",
            "",
          ],
          [
            "  written to storage per lifecycle",
            writtenKiB === undefined ? "n/a" : `${fmt(writtenKiB, 1)} KiB`,
            "<= 50 KB",
            writtenKiB === undefined ? "" : writtenKiB * 1024 <= 50_000 ? "PASS" : "FAIL",
          ],
          ...(inSpace
            ? [
                [
                  "  the same, jobs of a space: lifecycles/s; written per lifecycle",
                  `${fmt(inSpace.run.lifecyclesPerSecond, 1)} /s; ${inSpace.written === undefined ? "n/a" : `${fmt(inSpace.written, 1)} KiB`}`,
                  "<= 50 KB",
                  inSpace.written === undefined ? "" : inSpace.written * 1024 <= 50_000 ? "PASS" : "FAIL",
                ] as [string, string, string, string],
              ]
            : []),
          [
            `  event, arrival - request start p50 / p99 (${events.subscribers} subscribers)`,
            `${fmt(events.arrivalMinusRequestStartP50Ms, 2)} / ${fmt(events.arrivalMinusRequestStartP99Ms, 2)} ms`,
            "",
            `${fmt(events.missing)} missing`,
          ],
          ...bullRows(bull, {
            lifecyclesPerSecond: lifecycle.lifecyclesPerSecond,
            eventP99Ms: events.arrivalMinusRequestStartP99Ms,
          }),
          ...(postgres ? postgresRows(postgres) : []),
        ],
        {
          targets: TARGETS,
          lifecycle: { ...lifecycle, writtenKiB },
          ...(inSpace ? { lifecycleInSpace: { ...inSpace.run, writtenKiB: inSpace.written } } : {}),
          events,
          bull,
          postgres,
        },
      );
    }
    if (config.only === "endurance") {
      console.log(
        `endurance: ${fmt(config.enduranceLifecycles)} SQLite lifecycles in a row (${config.concurrency} clients) ...`,
      );
      const endurance = await measureEndurance(
        client,
        config.concurrency,
        config.enduranceLifecycles,
        (stretch, perSecond) =>
          console.log(
            `    lifecycles ${fmt((stretch - 1) * ENDURANCE_STRETCH + 1)}-${fmt(stretch * ENDURANCE_STRETCH)}: ${fmt(perSecond, 1)} /s`,
          ),
      );
      return finishAlone(
        [
          [
            `SQLite lifecycles, first ${fmt(ENDURANCE_STRETCH)} / last ${fmt(ENDURANCE_STRETCH)} of ${fmt(endurance.lifecycles)}`,
            `${fmt(endurance.perStretch[0] ?? 0, 1)} / ${fmt(endurance.perStretch.at(-1) ?? 0, 1)} /s`,
            "",
            `${fmt(endurance.failedLifecycles)} failed`,
          ],
          [
            "  last over first",
            endurance.lastOverFirst === undefined ? "n/a" : fmt(endurance.lastOverFirst, 2),
            ">= 0.9",
            endurance.lastOverFirst === undefined ? "" : endurance.lastOverFirst >= 0.9 ? "PASS" : "FAIL",
          ],
        ],
        { endurance },
      );
    }
    if (config.only === "import") {
      console.log(`import: ${fmt(config.importRows)} rows uploaded, extracted and mapped ...`);
      const imported = await measureImport(
        client,
        server.baseUrl,
        secretKey,
        server.child.pid,
        loopFile,
        config.importRows,
      );
      console.log(
        `    then find and replace, a mutation and delete all on its ${fmt(config.importRows)} records ...`,
      );
      const recordJobs = await measureRecordJobs(client, server.baseUrl, server.child.pid, loopFile, {
        workbookId: imported.workbookId,
        sheetId: imported.sheetId,
        records: imported.importedRows,
      });
      return finishAlone([...importRows(imported), ...recordJobRows(recordJobs)], {
        targets: { ...IMPORT_TARGETS, ...RECORD_JOB_TARGETS },
        imported,
        recordJobs,
      });
    }
    if (config.only === "csv") {
      console.log(`csv: a ${fmt(config.csvRows)}-record sheet downloaded as CSV and exported ...`);
      const csv = await measureCsv(
        client,
        server.baseUrl,
        secretKey,
        server.child.pid,
        loopFile,
        config.csvRows,
      );
      return finishAlone(csvRows(csv), { targets: CSV_TARGETS, csv });
    }
    if (config.only === "browser") {
      const browser = await runBrowserPhases(browserConfig, (line) => console.log(line));
      return finishAlone(browserRows(browser), { targets: BROWSER_TARGETS, browser });
    }

    console.log(
      `1/${phaseCount} loopback ceiling: GET /v1/health, ${config.concurrency} clients, ${config.healthSeconds} s ...`,
    );
    const pid = server.child.pid;
    const health = await withCpu(pid, () => measureHealth(client, config.concurrency, config.healthSeconds));

    if (config.warmupSeconds > 0) {
      console.log(`    warm-up: ${config.warmupSeconds} s of job lifecycles (not counted) ...`);
      await measureLifecycles(client, config.concurrency, config.warmupSeconds);
    }
    console.log(
      `2/${phaseCount} job lifecycles: create → ack → ${UPDATES_PER_LIFECYCLE} updates → complete, ${config.concurrency} clients, ${config.lifecycleSeconds} s ...`,
    );
    const lifecycle = await withCpu(pid, () =>
      measureLifecycles(client, config.concurrency, config.lifecycleSeconds),
    );

    console.log(
      `3/${phaseCount} event latency: ${config.subscribers} SSE subscribers, ${config.updates} updates every ${config.intervalMs} ms ...`,
    );
    const baseUrl = server.baseUrl;
    const events = await withCpu(pid, () =>
      measureEventLatency(client, baseUrl, secretKey, config.subscribers, config.updates, config.intervalMs),
    );

    console.log(`    BullMQ, the anchor: the same lifecycle and progress events on Redis ...`);
    const bull: BullResults | undefined = await runBullPhases(bullConfig, (line) => console.log(line));

    console.log(
      `4/${phaseCount} ${fileMiB} MiB upload and download: multipart upload streamed from a generator, then download ...`,
    );
    const files = await withCpu(pid, () =>
      measureFileTransfer(client, baseUrl, secretKey, pid, config.fileBytes),
    );

    console.log(
      `5/${phaseCount} ${fmt(SHEET_RECORDS)}-record sheet: ${SHEET_CALLS} inserts of ${fmt(SHEET_PER_CALL)}, then page reads, filter and search (${SHEET_READS} each) ...`,
    );
    const sheet = await withCpu(pid, () => measureLargeSheet(client));

    console.log(
      `6/${phaseCount} import: a ${fmt(config.importRows)}-row CSV uploaded, extracted and mapped by the system worker ...`,
    );
    const imported = await measureImport(client, baseUrl, secretKey, pid, loopFile, config.importRows);
    console.log(
      `    then find and replace, a mutation and delete all on its ${fmt(config.importRows)} records ...`,
    );
    const recordJobs = await measureRecordJobs(client, baseUrl, pid, loopFile, {
      workbookId: imported.workbookId,
      sheetId: imported.sheetId,
      records: imported.importedRows,
    });

    console.log(
      `7/${phaseCount} csv: a ${fmt(config.csvRows)}-record sheet downloaded as CSV over HTTP and exported by its job ...`,
    );
    const csv = await measureCsv(client, baseUrl, secretKey, pid, loopFile, config.csvRows);
    client.close();

    console.log(
      `7b/${phaseCount} under abuse: job lifecycles alone, then beside large inserts and a filtered replay (a server of its own) ...`,
    );
    const abuse = await measureUnderAbuse(abuseConfig, (line) => console.log(line));

    console.log(
      `7c/${phaseCount} reads: the dashboard's job lists and a job's timeline over 200,000 jobs and 2,000,000 events (a server of its own) ...`,
    );
    const reads = await measureReads({ dataDir, secretKey }, (line) => console.log(line));

    let postgres: PostgresResults | undefined;
    if (!config.skipPostgres) {
      console.log(`PostgreSQL: phases 2 and 3 again, with one API instance and then two on one database ...`);
      postgres = await runPostgresPhases({ ...config, profileDir }, (line) => console.log(line));
    }

    const browser: BrowserResults | undefined = runBrowser
      ? await runBrowserPhases(browserConfig, (line) => console.log(line))
      : undefined;

    await stopServerChild(server);
    const profile = profileDir ? summarizeProfile(profileDir) : undefined;
    if (profileDir && profile) {
      // Kept for a closer look (Chrome DevTools, speedscope); the temp folder is removed below.
      const kept = resolve(ROOT, "bench-results", "server.cpuprofile");
      mkdirSync(dirname(kept), { recursive: true });
      copyFileSync(join(profileDir, profile.file), kept);
      profile.file = relative(ROOT, kept);
    }

    const pass = (ok: boolean) => (ok ? "PASS" : "FAIL");
    const lifecycleOk =
      lifecycle.lifecyclesPerSecond >= TARGETS.lifecyclesPerSecond && lifecycle.failedLifecycles === 0;
    const eventOk = events.arrivalMinusResponseP99Ms < TARGETS.eventP99Ms && events.missing === 0;
    const filesOk = files.contentMatches && files.rssGrowthMiB < TARGETS.fileRssGrowthMiB;
    console.log(
      "\n" +
        table([
          [
            `loopback ceiling, GET /v1/health (${config.concurrency} clients)`,
            `${fmt(health.requestsPerSecond)} req/s`,
            "",
            "",
          ],
          [
            "  latency p50 / p99",
            `${fmt(health.latencyP50Ms, 2)} / ${fmt(health.latencyP99Ms, 2)} ms`,
            "",
            "",
          ],
          ["  CPU, server / load generator", cpuText(health.cpu), "", ""],
          [
            `job lifecycles (${REQUESTS_PER_LIFECYCLE} requests each, N = ${config.concurrency})`,
            `${fmt(lifecycle.lifecyclesPerSecond, 1)} /s`,
            `>= ${TARGETS.lifecyclesPerSecond} /s`,
            pass(lifecycleOk),
          ],
          ["  requests", `${fmt(lifecycle.requestsPerSecond)} req/s`, "", ""],
          ["  CPU, server / load generator", cpuText(lifecycle.cpu), "", ""],
          [
            "  request latency p50 / p99",
            `${fmt(lifecycle.latencyP50Ms, 2)} / ${fmt(lifecycle.latencyP99Ms, 2)} ms`,
            "",
            "",
          ],
          [
            "  lifecycles done / failed",
            `${fmt(lifecycle.lifecycles)} / ${fmt(lifecycle.failedLifecycles)}`,
            "",
            "",
          ],
          [
            `event latency (${events.subscribers} subscribers x ${events.updates} updates)`,
            `${fmt(events.deliveries)} deliveries`,
            "0 missing",
            `${fmt(events.missing)} missing`,
          ],
          [
            "  arrival - response p50 / p99",
            `${fmt(events.arrivalMinusResponseP50Ms, 2)} / ${fmt(events.arrivalMinusResponseP99Ms, 2)} ms`,
            `p99 < ${TARGETS.eventP99Ms} ms`,
            pass(eventOk),
          ],
          [
            "  arrival - request start p50 / p99",
            `${fmt(events.arrivalMinusRequestStartP50Ms, 2)} / ${fmt(events.arrivalMinusRequestStartP99Ms, 2)} ms`,
            `p99 < ${TARGETS.eventP99Ms} ms`,
            pass(events.arrivalMinusRequestStartP99Ms < TARGETS.eventP99Ms),
          ],
          [
            "  update response p50 / p99",
            `${fmt(events.updateResponseP50Ms, 2)} / ${fmt(events.updateResponseP99Ms, 2)} ms`,
            "",
            "",
          ],
          ["  CPU, server / load generator", cpuText(events.cpu), "", ""],
          ...bullRows(bull, {
            lifecyclesPerSecond: lifecycle.lifecyclesPerSecond,
            eventP99Ms: events.arrivalMinusRequestStartP99Ms,
          }),
          ...(postgres ? postgresRows(postgres) : []),
          [
            `${fileMiB} MiB upload / download (multipart, streamed)`,
            `${fmt(files.uploadMBps, 1)} / ${fmt(files.downloadMBps, 1)} MB/s`,
            "",
            files.contentMatches ? "bytes equal" : "BYTES DIFFER",
          ],
          [
            "  server RSS before / peak upload / peak download",
            `${fmt(files.rssBeforeMiB, 1)} / ${fmt(files.rssPeakUploadMiB, 1)} / ${fmt(files.rssPeakDownloadMiB, 1)} MiB`,
            "",
            "",
          ],
          [
            `  server RSS growth (${fmt(files.rssSamples)} samples, every 20 ms)`,
            `+${fmt(files.rssGrowthMiB, 1)} MiB`,
            `< ${TARGETS.fileRssGrowthMiB} MiB`,
            pass(filesOk),
          ],
          ["  CPU, server / load generator", cpuText(files.cpu), "", ""],
          ...sheetRows(sheet),
          ...importRows(imported),
          ...recordJobRows(recordJobs),
          ...csvRows(csv),
          ...abuseRows(abuse),
          ...readsRows(reads),
          ...(browser ? browserRows(browser) : []),
        ]),
    );
    if (lifecycle.firstError) console.log(`\nfirst lifecycle error: ${lifecycle.firstError}`);
    if (events.streamFailures) console.log(`\n${events.streamFailures} event streams failed`);
    if (profile) printProfile(profile);
    if (profileDir) printPostgresProfiles(profileDir);

    const results = {
      at: new Date().toISOString(),
      machine,
      config,
      targets: {
        ...TARGETS,
        ...BROWSER_TARGETS,
        ...IMPORT_TARGETS,
        ...RECORD_JOB_TARGETS,
        ...CSV_TARGETS,
        ...ABUSE_TARGETS,
        ...READS_TARGETS,
      },
      health,
      lifecycle,
      events,
      files,
      sheet,
      imported,
      recordJobs,
      csv,
      abuse,
      bull,
      reads,
      postgres,
      browser,
      pass: { lifecycles: lifecycleOk, eventLatency: eventOk, files: filesOk },
      profile,
    };
    writeResults(results);
  } catch (error) {
    if (server) console.error(`server output:\n${server.output()}`);
    throw error;
  } finally {
    http.current?.close();
    if (server) await stopServerChild(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
