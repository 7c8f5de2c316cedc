/**
 * The record-job phases of `npm run bench`, on the sheet the import phase filled (1,000,000 records by default):
 * find and replace over every record, a sandboxed mutation of every record, then deleting all of them. Each runs as
 * the platform's own job; for each the bench prints records per second (the sheet's records over the job's time,
 * from its creation to its completion, the snapshot for Undo included), the server's peak RSS growth, the longest
 * event-loop delay and `GET /v1/health` p99 while it runs.
 */
import { performance } from "node:perf_hooks";
import { fmt, round, sleep, type HttpClient } from "./http-client";
import { finished, healthProbe, loopDelay, waitFor, type Job } from "./import-phase";
import { processRssMiB, sampleRss } from "./process-stats";

export const RECORD_JOB_TARGETS = {
  deleteRecordsPerSecond: 200_000,
  findReplaceRecordsPerSecond: 100_000,
  mutateRecordsPerSecond: 20_000,
  healthP99Ms: 100,
};

/** Upper-cases the email of every record: a change on each one, so every record is written. */
const MUTATION = `function mutateRecord(record) {
  const email = record.values.email;
  if (email && typeof email.value === "string") email.value = email.value.toUpperCase();
  return record;
}`;

type JobFigures = {
  seconds: number;
  /** From the job's creation to the end of the snapshot's copy (polled every 50 ms). */
  snapshotSeconds: number;
  recordsPerSecond: number;
  outcome: string;
  rssGrowthMiB: number;
  loopDelayMaxMs: number;
  health: { count: number; p50Ms: number; p99Ms: number; maxMs: number };
};

async function measureJob(
  http: HttpClient,
  baseUrl: string,
  pid: number | undefined,
  loopFile: string,
  records: number,
  body: object,
): Promise<JobFigures> {
  await sleep(500);
  const rssBefore = processRssMiB(pid) ?? Number.NaN;
  const rss = sampleRss(pid, 50);
  const loop = loopDelay(pid, loopFile);
  await loop.reset();
  const health = healthProbe(baseUrl);
  const started = performance.now();
  const created = await http.request("POST", "/v1/jobs", body);
  if (created.status !== 201 && created.status !== 200)
    throw new Error(`creating the job answered ${created.status}: ${created.text.slice(0, 300)}`);
  const job = (JSON.parse(created.text) as { data: Job }).data;
  // When the snapshot's copy ended (its progress line says "Saving a snapshot"), to show the two phases apart.
  let copiedAt: number | undefined;
  let copying = false;
  const done = await waitFor(http, job.id, (now) => {
    const saving = /^Saving a snapshot/.test(now.info ?? "");
    if (saving) copying = true;
    else if (copying && copiedAt === undefined) copiedAt = performance.now();
    return finished(now);
  });
  const seconds = (performance.now() - started) / 1000;
  const snapshotSeconds = ((copiedAt ?? performance.now()) - started) / 1000;
  if (done.status !== "complete")
    throw new Error(
      `${String((body as { operation?: unknown }).operation)} ${done.status}: ${done.outcome?.message}`,
    );
  const loopNow = await loop.read();
  const healthStats = await health.stop();
  const peak = rss.stop().peakMiB;
  return {
    seconds: round(seconds, 2),
    snapshotSeconds: round(snapshotSeconds, 2),
    recordsPerSecond: Math.round(records / seconds),
    outcome: done.outcome?.message ?? "",
    rssGrowthMiB: round(peak - rssBefore, 1),
    loopDelayMaxMs: round(loopNow.maxMs, 1),
    health: {
      count: healthStats.count,
      p50Ms: round(healthStats.p50Ms, 2),
      p99Ms: round(healthStats.p99Ms, 2),
      maxMs: round(healthStats.maxMs, 1),
    },
  };
}

export type RecordJobResults = Awaited<ReturnType<typeof measureRecordJobs>>;

/** Runs the three record jobs, one after the other, on a sheet of `records` records of workbook `workbookId`. */
export async function measureRecordJobs(
  http: HttpClient,
  baseUrl: string,
  pid: number | undefined,
  loopFile: string,
  target: { workbookId: string; sheetId: string; records: number },
) {
  const { workbookId, sheetId, records } = target;
  const findReplace = await measureJob(http, baseUrl, pid, loopFile, records, {
    type: "sheet",
    operation: "find-replace",
    source: sheetId,
    config: {
      fieldKey: "city",
      find: "Lisbon",
      replace: "Lisboa",
      snapshotLabel: "Before the bench's replace",
    },
  });
  const mutate = await measureJob(http, baseUrl, pid, loopFile, records, {
    type: "sheet",
    operation: "mutate-records",
    source: sheetId,
    config: { sheetId, mutateRecord: MUTATION, snapshotLabel: "Before the bench's mutation" },
  });
  const deleteAll = await measureJob(http, baseUrl, pid, loopFile, records, {
    type: "workbook",
    operation: "delete-records",
    source: workbookId,
    config: { sheet: sheetId, filter: "all", snapshotLabel: "Before the bench's delete" },
  });
  const { data: left } = await http.json<{ counts: { total: number } }>(
    "GET",
    `/v1/sheets/${sheetId}/counts`,
  );
  return { records, findReplace, mutate, deleteAll, recordsLeft: left.counts.total };
}

/** The record-job phases' rows of the summary table. */
export function recordJobRows(r: RecordJobResults): [string, string, string, string][] {
  const t = RECORD_JOB_TARGETS;
  const check = (ok: boolean) => (ok ? "ok" : "MISSED");
  const rows = (name: string, f: JobFigures, target: number): [string, string, string, string][] => [
    [
      `  ${name}`,
      `${fmt(f.recordsPerSecond)} records/s`,
      `>= ${fmt(target)}`,
      check(f.recordsPerSecond >= target),
    ],
    [
      "    snapshot copy / the change itself",
      `${fmt(f.snapshotSeconds, 2)} s / ${fmt(f.seconds - f.snapshotSeconds, 2)} s (${fmt(Math.round(r.records / Math.max(f.seconds - f.snapshotSeconds, 0.001)))} records/s)`,
      "",
      "",
    ],
    [
      "    peak RSS growth, longest loop delay",
      `${fmt(f.rssGrowthMiB, 1)} MiB, ${fmt(f.loopDelayMaxMs, 1)} ms`,
      "",
      "",
    ],
    [
      `    GET /v1/health meanwhile p50 / p99 (${fmt(f.health.count)})`,
      `${fmt(f.health.p50Ms, 2)} / ${fmt(f.health.p99Ms, 2)} ms`,
      `p99 < ${t.healthP99Ms} ms`,
      check(f.health.p99Ms < t.healthP99Ms),
    ],
  ];
  return [
    [`record jobs on a ${fmt(r.records)}-record sheet (snapshot for Undo included)`, "", "", ""],
    ...rows("find and replace over all (sheet:find-replace)", r.findReplace, t.findReplaceRecordsPerSecond),
    ...rows("sandboxed mutation of all (sheet:mutate-records)", r.mutate, t.mutateRecordsPerSecond),
    ...rows("delete all (workbook:delete-records)", r.deleteAll, t.deleteRecordsPerSecond),
    ["  records left after delete all", fmt(r.recordsLeft), "0", check(r.recordsLeft === 0)],
  ];
}
