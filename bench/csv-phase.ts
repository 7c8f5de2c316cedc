/**
 * The CSV phase of `npm run bench`: a sheet of `rows` records (8 fields) is built through the import phase's fast path
 * (a generated CSV uploaded and extracted by the system worker), then downloaded as CSV over HTTP
 * (`GET /v1/sheets/{id}/download`) and exported by the `sheet:export-csv` job into a file. For each it prints rows
 * per second, the server's peak RSS growth (memory must stay flat however large the sheet), the longest event-loop
 * delay and `GET /v1/health` p99, measured every 20 ms while the CSV streams.
 */
import { performance } from "node:perf_hooks";
import { fmt, type HttpClient, round, sleep } from "./http-client";
import { finished, healthProbe, loopDelay, uploadCsv, waitFor, type Job } from "./import-phase";
import { processRssMiB, sampleRss } from "./process-stats";

export const CSV_TARGETS = { downloadRowsPerSecond: 200_000, rssGrowthMiB: 100, healthP99Ms: 100 };

/** Builds the sheet: the CSV upload of the import phase, extracted into a sheet of 8 string and number fields. */
async function buildSheet(http: HttpClient, baseUrl: string, secretKey: string, rows: number) {
  const { data: space } = await http.json<{ id: string }>("POST", "/v1/spaces", { name: "bench csv" });
  const started = performance.now();
  const file = await uploadCsv(baseUrl, secretKey, space.id, rows);
  const { data: jobs } = await http.json<Job[]>("GET", `/v1/jobs?fileId=${file.id}&operation=extract`);
  if (!jobs[0]) throw new Error("the upload made no extract job");
  const extracted = await waitFor(http, jobs[0].id, finished);
  if (extracted.status !== "complete")
    throw new Error(`extraction ${extracted.status}: ${extracted.outcome?.message}`);
  const { data: fileNow } = await http.json<{ sheetId: string }>("GET", `/v1/files/${file.id}`);
  return { sheetId: fileNow.sheetId, buildSeconds: (performance.now() - started) / 1000 };
}

/** Reads a streamed CSV response to its end, counting bytes and lines without keeping them. */
async function drainCsv(response: Response): Promise<{ bytes: number; lines: number }> {
  if (!response.body) throw new Error("the download has no body");
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return { bytes, lines };
}

/** Runs `work` with the server's RSS sampled, `GET /v1/health` probed and its event-loop delay measured. */
async function watched<T>(
  baseUrl: string,
  pid: number | undefined,
  loopFile: string,
  work: () => Promise<T>,
) {
  await sleep(500);
  const rssBefore = processRssMiB(pid) ?? Number.NaN;
  const rss = sampleRss(pid, 20);
  const loop = loopDelay(pid, loopFile);
  await loop.reset();
  const health = healthProbe(baseUrl);
  const started = performance.now();
  const value = await work();
  const seconds = (performance.now() - started) / 1000;
  const healthStats = await health.stop();
  const loopStats = await loop.read();
  const peak = rss.stop().peakMiB;
  return {
    value,
    seconds: round(seconds, 2),
    rssBeforeMiB: round(rssBefore, 1),
    rssGrowthMiB: round(peak - rssBefore, 1),
    loopDelayMaxMs: round(loopStats.maxMs, 1),
    health: {
      count: healthStats.count,
      p50Ms: round(healthStats.p50Ms, 2),
      p99Ms: round(healthStats.p99Ms, 2),
      maxMs: round(healthStats.maxMs, 1),
    },
  };
}

export type CsvResults = Awaited<ReturnType<typeof measureCsv>>;

/** Builds a `rows`-record sheet on a running server child, then measures its CSV download and its export job. */
export async function measureCsv(
  http: HttpClient,
  baseUrl: string,
  secretKey: string,
  pid: number | undefined,
  loopFile: string,
  rows: number,
) {
  const { sheetId, buildSeconds } = await buildSheet(http, baseUrl, secretKey, rows);
  const download = await watched(baseUrl, pid, loopFile, async () => {
    const response = await fetch(`${baseUrl}/v1/sheets/${sheetId}/download`, {
      headers: { authorization: `Bearer ${secretKey}` },
    });
    if (response.status !== 200) throw new Error(`the download answered ${response.status}`);
    return drainCsv(response);
  });
  const exported = await watched(baseUrl, pid, loopFile, async () => {
    const { data: created } = await http.json<Job>("POST", "/v1/jobs", {
      type: "sheet",
      operation: "export-csv",
      source: sheetId,
      config: { options: {} },
    });
    const job = await waitFor(http, created.id, finished);
    if (job.status !== "complete") throw new Error(`the export ${job.status}: ${job.outcome?.message}`);
    return job;
  });
  const downloadedRows = download.value.lines - 1;
  return {
    rows,
    buildSeconds: round(buildSeconds, 2),
    download: {
      ...download,
      value: undefined,
      rows: downloadedRows,
      megabytes: round(download.value.bytes / 1e6, 1),
      rowsPerSecond: Math.round(downloadedRows / download.seconds),
    },
    exportJob: { ...exported, value: undefined, rowsPerSecond: Math.round(rows / exported.seconds) },
  };
}

/** The CSV phase's rows of the summary table. */
export function csvRows(r: CsvResults): [string, string, string, string][] {
  const t = CSV_TARGETS;
  const check = (ok: boolean) => (ok ? "ok" : "MISSED");
  const { download: d, exportJob: e } = r;
  return [
    [`csv: ${fmt(r.rows)}-record sheet (built by upload + extract)`, `${fmt(r.buildSeconds, 2)} s`, "", ""],
    [
      `  GET /sheets/{id}/download (${fmt(d.megabytes, 1)} MB)`,
      `${fmt(d.rowsPerSecond)} rows/s`,
      `>= ${fmt(t.downloadRowsPerSecond)}`,
      check(d.rowsPerSecond >= t.downloadRowsPerSecond && d.rows === r.rows),
    ],
    [
      "    server peak RSS growth",
      `${fmt(d.rssGrowthMiB, 1)} MiB`,
      `< ${t.rssGrowthMiB} MiB`,
      check(d.rssGrowthMiB < t.rssGrowthMiB),
    ],
    ["    longest event-loop delay", `${fmt(d.loopDelayMaxMs, 1)} ms`, "", ""],
    [
      `    GET /v1/health meanwhile p50 / p99 (${fmt(d.health.count)})`,
      `${fmt(d.health.p50Ms, 2)} / ${fmt(d.health.p99Ms, 2)} ms`,
      `p99 < ${t.healthP99Ms} ms`,
      check(d.health.p99Ms < t.healthP99Ms),
    ],
    ["  export job (sheet:export-csv) into a file", `${fmt(e.rowsPerSecond)} rows/s`, "", ""],
    [
      "    server peak RSS growth",
      `${fmt(e.rssGrowthMiB, 1)} MiB`,
      `< ${t.rssGrowthMiB} MiB`,
      check(e.rssGrowthMiB < t.rssGrowthMiB),
    ],
    [
      `    GET /v1/health meanwhile p50 / p99 (${fmt(e.health.count)})`,
      `${fmt(e.health.p50Ms, 2)} / ${fmt(e.health.p99Ms, 2)} ms`,
      `p99 < ${t.healthP99Ms} ms`,
      check(e.health.p99Ms < t.healthP99Ms),
    ],
  ];
}
