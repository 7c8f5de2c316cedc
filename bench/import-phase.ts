/**
 * The import phase of `npm run bench`: a generated CSV of `rows` rows and 8 columns (about 100 bytes a row) is
 * uploaded (streamed as it is generated), extracted by the platform's own worker, then mapped into a sheet of 8
 * fields. For each step it prints rows per second; for the whole job the server's peak RSS growth, the longest
 * event-loop delay (bench/loop-monitor.ts in the server) and `GET /v1/health` p99, measured by a probe that asks
 * every 20 ms while the job runs.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fmt, HttpClient, percentile, round, sleep } from "./http-client";
import { processRssMiB, sampleRss } from "./process-stats";

export const IMPORT_TARGETS = {
  extractRowsPerSecond: 100_000,
  mapRowsPerSecond: 50_000,
  rssGrowthMiB: 200,
  healthP99Ms: 100,
};

const COLUMNS = ["First Name", "Last Name", "Email Address", "Company", "City", "Country", "Phone", "Age"];
const FIELDS = [
  { key: "firstName", label: "First name", type: "string" },
  { key: "lastName", label: "Last name", type: "string" },
  { key: "email", label: "Email", type: "string" },
  { key: "company", label: "Company", type: "string" },
  { key: "city", label: "City", type: "string" },
  { key: "country", label: "Country", type: "string" },
  { key: "phone", label: "Phone", type: "string" },
  { key: "age", label: "Age", type: "number" },
];
const CITIES = ["Lisbon", "Nairobi", "Osaka", "Quito", "Tallinn", "Winnipeg", "Zagreb"];

function csvRow(n: number): string {
  const city = CITIES[n % CITIES.length] as string;
  return `First${n},Last${n},person${n}@example.com,Company ${n % 997} Ltd,${city},Country ${n % 50},+1 555 ${String(n).padStart(7, "0")},${18 + (n % 80)}\n`;
}

/** The multipart body of the CSV upload, generated a few thousand rows at a time as fetch asks for it. */
function csvUpload(spaceId: string, rows: number) {
  const boundary = `bench${randomUUID().replaceAll("-", "")}`;
  const encoder = new TextEncoder();
  let next = 0;
  let stage: "head" | "rows" | "done" = "head";
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (stage === "head") {
          controller.enqueue(
            encoder.encode(
              `--${boundary}\r\nContent-Disposition: form-data; name="spaceId"\r\n\r\n${spaceId}\r\n` +
                `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench-import.csv"\r\n` +
                `Content-Type: text/csv\r\n\r\n${COLUMNS.join(",")}\n`,
            ),
          );
          stage = "rows";
        } else if (stage === "rows" && next < rows) {
          let text = "";
          const end = Math.min(rows, next + 2_000);
          for (; next < end; next++) text += csvRow(next + 1);
          controller.enqueue(encoder.encode(text));
        } else {
          controller.enqueue(encoder.encode(`\r\n--${boundary}--\r\n`));
          controller.close();
          stage = "done";
        }
      },
    },
    { highWaterMark: 0 },
  );
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

export type Job = {
  id: string;
  status: string;
  progress: number;
  info?: string;
  outcome?: { message?: string };
};

/** `GET /v1/health` every 20 ms on a connection of its own, until stopped; answers the latencies. */
/** Uploads a generated CSV of `rows` rows into the space (mode import); answers the file. */
export async function uploadCsv(baseUrl: string, secretKey: string, spaceId: string, rows: number) {
  const upload = csvUpload(spaceId, rows);
  const uploaded = await fetch(`${baseUrl}/v1/files`, {
    method: "POST",
    headers: { authorization: `Bearer ${secretKey}`, "content-type": upload.contentType },
    body: upload.body,
    duplex: "half",
  } as RequestInit);
  const text = await uploaded.text();
  if (uploaded.status !== 200)
    throw new Error(`the upload answered ${uploaded.status}: ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { data: { id: string; size: number } }).data;
}

export function healthProbe(baseUrl: string) {
  const probe = new HttpClient(baseUrl, { maxSockets: 1 });
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await probe.request("GET", "/v1/health");
      latencies.push(performance.now() - started);
      await sleep(20);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      probe.close();
      latencies.sort((a, b) => a - b);
      return {
        count: latencies.length,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        maxMs: latencies.at(-1) ?? 0,
      };
    },
  };
}

/** Reads the server's event-loop delay (bench/loop-monitor.ts); SIGUSR2 starts a new measurement. */
export function loopDelay(pid: number | undefined, file: string) {
  const read = () => JSON.parse(readFileSync(file, "utf8")) as { maxMs: number; p99Ms: number; at: number };
  return {
    async reset() {
      if (pid !== undefined) process.kill(pid, "SIGUSR2");
      await sleep(150);
    },
    async read() {
      await sleep(150);
      return read();
    },
  };
}

export async function waitFor(
  http: HttpClient,
  jobId: string,
  done: (job: Job) => boolean,
  timeoutMs = 600_000,
): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { data } = await http.json<Job>("GET", `/v1/jobs/${jobId}`);
    if (done(data)) return data;
    if (Date.now() > deadline) throw new Error(`job ${jobId} is still ${data.status}`);
    await sleep(50);
  }
}

export const finished = (job: Job) => ["complete", "failed", "canceled"].includes(job.status);

export type ImportResults = Awaited<ReturnType<typeof measureImport>>;

/**
 * Uploads, extracts and maps `rows` rows on a running server child; `loopFile` is the file its loop monitor writes.
 */
export async function measureImport(
  http: HttpClient,
  baseUrl: string,
  secretKey: string,
  pid: number | undefined,
  loopFile: string,
  rows: number,
) {
  const { data: space } = await http.json<{ id: string }>("POST", "/v1/spaces", { name: "bench import" });
  const { data: target } = await http.json<{ id: string; sheets: { id: string }[] }>(
    "POST",
    "/v1/workbooks",
    {
      name: "Bench CRM",
      spaceId: space.id,
      sheets: [{ name: "People", slug: "people", fields: FIELDS }],
    },
  );
  await sleep(500);
  const rssBefore = processRssMiB(pid) ?? Number.NaN;
  const rss = sampleRss(pid, 50);
  const loop = loopDelay(pid, loopFile);
  await loop.reset();
  const health = healthProbe(baseUrl);

  const uploadStart = performance.now();
  const file = await uploadCsv(baseUrl, secretKey, space.id, rows);
  const uploadSeconds = (performance.now() - uploadStart) / 1000;

  const { data: jobs } = await http.json<Job[]>("GET", `/v1/jobs?fileId=${file.id}&operation=extract`);
  const extractJob = jobs[0];
  if (!extractJob) throw new Error("the upload made no extract job");
  const extractStart = performance.now();
  const extracted = await waitFor(http, extractJob.id, finished);
  const extractSeconds = (performance.now() - extractStart) / 1000;
  if (extracted.status !== "complete")
    throw new Error(`extraction ${extracted.status}: ${extracted.outcome?.message}`);
  const extractLoop = await loop.read();

  const { data: fileNow } = await http.json<{ workbookId: string; sheetId: string }>(
    "GET",
    `/v1/files/${file.id}`,
  );
  const planStart = performance.now();
  const { data: mapJob } = await http.json<Job>("POST", "/v1/jobs", {
    type: "workbook",
    operation: "map",
    source: fileNow.workbookId,
    destination: target.id,
    config: { sourceSheetId: fileNow.sheetId, destinationSheetId: target.sheets[0]?.id },
  });
  const planSeconds = (performance.now() - planStart) / 1000;
  const { data: plan } = await http.json<{ plan: { fieldMapping: unknown[] } }>(
    "GET",
    `/v1/jobs/${mapJob.id}/plan`,
  );
  await loop.reset();
  const mapStart = performance.now();
  await http.json("POST", `/v1/jobs/${mapJob.id}/execute`);
  const mapped = await waitFor(http, mapJob.id, finished);
  const mapSeconds = (performance.now() - mapStart) / 1000;
  if (mapped.status !== "complete")
    throw new Error(`the import ${mapped.status}: ${mapped.outcome?.message}`);
  const mapLoop = await loop.read();

  const healthStats = await health.stop();
  const peak = rss.stop().peakMiB;
  const { data: counts } = await http.json<{ counts: { total: number } }>(
    "GET",
    `/v1/sheets/${target.sheets[0]?.id}/counts`,
  );
  return {
    rows,
    workbookId: target.id,
    sheetId: target.sheets[0]?.id ?? "",
    fileMB: round(file.size / 1e6, 1),
    uploadSeconds: round(uploadSeconds, 2),
    extractSeconds: round(extractSeconds, 2),
    extractRowsPerSecond: Math.round(rows / extractSeconds),
    planMs: round(planSeconds * 1000, 1),
    edges: plan.plan.fieldMapping.length,
    mapSeconds: round(mapSeconds, 2),
    mapRowsPerSecond: Math.round(rows / mapSeconds),
    importedRows: counts.counts.total,
    rssBeforeMiB: round(rssBefore, 1),
    rssGrowthMiB: round(peak - rssBefore, 1),
    loopDelayMaxMs: round(Math.max(extractLoop.maxMs, mapLoop.maxMs), 1),
    loopDelayP99Ms: round(Math.max(extractLoop.p99Ms, mapLoop.p99Ms), 1),
    health: {
      count: healthStats.count,
      p50Ms: round(healthStats.p50Ms, 2),
      p99Ms: round(healthStats.p99Ms, 2),
      maxMs: round(healthStats.maxMs, 1),
    },
  };
}

/** The import phase's rows of the summary table. */
export function importRows(r: ImportResults): [string, string, string, string][] {
  const t = IMPORT_TARGETS;
  const check = (ok: boolean) => (ok ? "ok" : "MISSED");
  return [
    [
      `import: ${fmt(r.rows)} rows x 8 columns CSV (${r.fileMB} MB), upload`,
      `${fmt(r.uploadSeconds, 2)} s`,
      "",
      "",
    ],
    [
      "  extract (file:extract)",
      `${fmt(r.extractRowsPerSecond)} rows/s`,
      `>= ${fmt(t.extractRowsPerSecond)}`,
      check(r.extractRowsPerSecond >= t.extractRowsPerSecond),
    ],
    [`  plan (${r.edges} edges proposed)`, `${fmt(r.planMs, 1)} ms`, "", ""],
    [
      "  map (workbook:map)",
      `${fmt(r.mapRowsPerSecond)} rows/s`,
      `>= ${fmt(t.mapRowsPerSecond)}`,
      check(r.mapRowsPerSecond >= t.mapRowsPerSecond),
    ],
    ["  rows in the destination sheet", fmt(r.importedRows), fmt(r.rows), check(r.importedRows === r.rows)],
    [
      "  server peak RSS growth",
      `${fmt(r.rssGrowthMiB, 1)} MiB`,
      `< ${t.rssGrowthMiB} MiB`,
      check(r.rssGrowthMiB < t.rssGrowthMiB),
    ],
    [
      "  longest event-loop delay (p99)",
      `${fmt(r.loopDelayMaxMs, 1)} ms (${fmt(r.loopDelayP99Ms, 1)})`,
      "",
      "",
    ],
    [
      `  GET /v1/health meanwhile p50 / p99 (${fmt(r.health.count)})`,
      `${fmt(r.health.p50Ms, 2)} / ${fmt(r.health.p99Ms, 2)} ms`,
      `p99 < ${t.healthP99Ms} ms`,
      check(r.health.p99Ms < t.healthP99Ms),
    ],
  ];
}
