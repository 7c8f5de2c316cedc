/**
 * The "under abuse" phase of `npm run bench` (issue 15, finding 2): the job lifecycle phase run twice on a server of
 * its own, first alone, then while four clients insert 10,000-record batches back to back and one event stream
 * replays a 1,000,000-event log filtered to one space from its start, again and again. For each run it prints
 * `GET /v1/health` p99 (one probe every 20 ms), the lifecycle rate and the longest event-loop delay; the targets are
 * health p99 under 100 ms and a lifecycle rate under abuse of at least 70% of the rate alone.
 */
import { mkdirSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openSqliteStore } from "../src/server/store/sqlite/sqlite-store";
import { makeEvent } from "../src/server/store/store-fixtures";
import { fmt, HttpClient, round, sleep } from "./http-client";
import { healthProbe, loopDelay } from "./import-phase";
import { measureLifecycles } from "./job-phases";
import { startServerChild, stopServerChild } from "./server-child";

export const ABUSE_TARGETS = { abuseHealthP99Ms: 100, abuseLifecycleShare: 0.7 };

const INSERT_CLIENTS = 4;
const INSERT_ROWS = 10_000;
const LOG_EVENTS = 1_000_000;
/** One event in this many is the replayed space's. */
const TARGET_EVERY = 10_000;
const TARGET_SPACE = "us_sp_benchreplay";

export type AbuseConfig = {
  concurrency: number;
  lifecycleSeconds: number;
  dataDir: string;
  secretKey: string;
  /** Write a CPU profile of the server here (with --profile). */
  profileDir?: string;
};

/** Writes the log straight into the server's database file before it starts: a million events over HTTP take long. */
async function writeLog(dbFile: string): Promise<number> {
  const store = await openSqliteStore({ filename: dbFile });
  const createdAt = new Date().toISOString();
  let matching = 0;
  try {
    for (let start = 0; start < LOG_EVENTS; start += 50_000) {
      await store.transaction(async (tx) => {
        for (let i = start; i < start + 50_000; i++) {
          const target = i % TARGET_EVERY === TARGET_EVERY - 1;
          if (target) matching++;
          await tx.appendEvent(
            makeEvent({
              topic: "job:updated",
              createdAt,
              payload: { job: "workbook:bench", progress: i % 100, info: "filler ".repeat(20) },
              context: { spaceId: target ? TARGET_SPACE : `us_sp_benchother${i % 100}` },
            }),
          );
        }
      });
    }
  } finally {
    await store.close();
  }
  return matching;
}

/** A 10,000-record body of the large-sheet phase's shape (seven fields, about 160 bytes a record). */
function insertBody(batch: number): string {
  return JSON.stringify(
    Array.from({ length: INSERT_ROWS }, (_, i) => {
      const n = batch * INSERT_ROWS + i;
      return {
        n: { value: n },
        firstName: { value: `First${n}` },
        lastName: { value: `Last${n}` },
        email: { value: `user${n}@example.com` },
        age: { value: 18 + (n % 80) },
        city: { value: "Lisbon" },
        status: { value: "lead" },
      };
    }),
  );
}

/** Four clients posting their batch again and again until `stop`; answers the calls and records done. */
function startInserters(baseUrl: string, secretKey: string, sheetId: string) {
  let running = true;
  let calls = 0;
  let failures = 0;
  const bodies = Array.from({ length: INSERT_CLIENTS }, (_, i) => insertBody(i));
  const client = new HttpClient(baseUrl, { maxSockets: INSERT_CLIENTS, token: secretKey });
  const loops = bodies.map(async (body) => {
    while (running) {
      const r = await client.request("POST", `/v1/sheets/${sheetId}/records`, body);
      if (r.status === 200) calls++;
      else failures++;
    }
  });
  return async () => {
    running = false;
    await Promise.all(loops);
    client.close();
    return { calls, failures, records: calls * INSERT_ROWS };
  };
}

/** One stream replaying the filtered log from its start until it has every match, then again, until `stop`. */
function startReplays(baseUrl: string, secretKey: string, matching: number) {
  let running = true;
  let replays = 0;
  let wrong = 0;
  const seconds: number[] = [];
  const abort = new AbortController();
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const response = await fetch(`${baseUrl}/v1/events/stream?spaceId=${TARGET_SPACE}`, {
        headers: { authorization: `Bearer ${secretKey}`, "last-event-id": "0" },
        signal: abort.signal,
      }).catch(() => undefined);
      if (!response?.body) break;
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let text = "";
      let received = 0;
      try {
        while (running && received < matching) {
          const { value, done } = await reader.read();
          if (done) break;
          text += decoder.decode(value, { stream: true });
          const messages = text.split("\n\n");
          text = messages.pop() ?? "";
          for (const message of messages) {
            const data = /^data: (.*)$/m.exec(message)?.[1];
            if (!data) continue;
            received++;
            if (!data.includes(TARGET_SPACE)) wrong++;
          }
        }
      } catch {
        // Aborted at the end of the phase.
      }
      await reader.cancel().catch(() => undefined);
      if (received >= matching) {
        replays++;
        seconds.push((performance.now() - started) / 1000);
      }
    }
  })();
  return async () => {
    running = false;
    abort.abort();
    await loop;
    return { replays, wrong, replaySecondsMax: round(Math.max(0, ...seconds), 2) };
  };
}

export async function measureUnderAbuse(config: AbuseConfig, log: (line: string) => void) {
  const dataDir = join(config.dataDir, "abuse");
  mkdirSync(dataDir, { recursive: true });
  log(
    `    writing a ${fmt(LOG_EVENTS)}-event log (one event in ${fmt(TARGET_EVERY)} of the replayed space) ...`,
  );
  const matching = await writeLog(join(dataDir, "jobs.db"));
  const loopFile = join(dataDir, "loop-delay.json");
  const server = await startServerChild({
    dataDir,
    secretKey: config.secretKey,
    loopFile,
    profileDir: config.profileDir,
  });
  const pid = server.child.pid;
  const http = new HttpClient(server.baseUrl, { maxSockets: config.concurrency, token: config.secretKey });
  try {
    const { data: space } = await http.json<{ id: string }>("POST", "/v1/spaces", { name: "bench abuse" });
    const { data: workbook } = await http.json<{ sheets: { id: string }[] }>("POST", "/v1/workbooks", {
      name: "Bench abuse",
      spaceId: space.id,
      sheets: [
        {
          name: "Contacts",
          slug: "contacts",
          fields: ["n", "firstName", "lastName", "email", "age", "city", "status"].map((key) => ({
            key,
            type: key === "n" || key === "age" ? "number" : "string",
          })),
        },
      ],
    });
    const sheetId = workbook.sheets[0]?.id as string;
    const loop = loopDelay(pid, loopFile);
    const run = async (abuse: boolean) => {
      await loop.reset();
      const stopInserts = abuse ? startInserters(server.baseUrl, config.secretKey, sheetId) : undefined;
      const stopReplays = abuse ? startReplays(server.baseUrl, config.secretKey, matching) : undefined;
      if (abuse) await sleep(1_000);
      const health = healthProbe(server.baseUrl);
      const lifecycle = await measureLifecycles(http, config.concurrency, config.lifecycleSeconds);
      const healthFigures = await health.stop();
      const loopFigures = await loop.read();
      const inserts = await stopInserts?.();
      const replays = await stopReplays?.();
      return {
        lifecyclesPerSecond: lifecycle.lifecyclesPerSecond,
        failedLifecycles: lifecycle.failedLifecycles,
        lifecycleP99Ms: lifecycle.latencyP99Ms,
        healthP50Ms: round(healthFigures.p50Ms, 2),
        healthP99Ms: round(healthFigures.p99Ms, 2),
        healthMaxMs: round(healthFigures.maxMs, 2),
        healthProbes: healthFigures.count,
        loopDelayMaxMs: round(loopFigures.maxMs, 1),
        inserts,
        replays,
      };
    };
    log(`    the lifecycle phase alone, ${config.lifecycleSeconds} s ...`);
    await measureLifecycles(http, config.concurrency, 1);
    const alone = await run(false);
    log(
      `    again, with ${INSERT_CLIENTS} clients inserting ${fmt(INSERT_ROWS)}-record batches and a stream replaying the log filtered to one space ...`,
    );
    const abused = await run(true);
    return {
      logEvents: LOG_EVENTS,
      matchingEvents: matching,
      insertClients: INSERT_CLIENTS,
      insertRows: INSERT_ROWS,
      loadAverage1m: round(os.loadavg()[0] ?? 0, 2),
      alone,
      abused,
      lifecycleShare: round(abused.lifecyclesPerSecond / alone.lifecyclesPerSecond, 2),
    };
  } finally {
    http.close();
    await stopServerChild(server);
  }
}

export type AbuseResults = Awaited<ReturnType<typeof measureUnderAbuse>>;

/** The phase's rows of the summary table. */
export function abuseRows(r: AbuseResults): [string, string, string, string][] {
  const pass = (ok: boolean) => (ok ? "PASS" : "FAIL");
  const healthOk = r.abused.healthP99Ms < ABUSE_TARGETS.abuseHealthP99Ms;
  const shareOk = r.lifecycleShare >= ABUSE_TARGETS.abuseLifecycleShare && r.abused.failedLifecycles === 0;
  const inserts = r.abused.inserts;
  const replays = r.abused.replays;
  return [
    [
      `under abuse: ${r.insertClients} x ${fmt(r.insertRows)}-record inserts, a filtered ${fmt(r.logEvents)}-event replay`,
      "",
      "",
      `load average ${fmt(r.loadAverage1m, 2)}`,
    ],
    [
      "  GET /v1/health p99, alone / under abuse",
      `${fmt(r.alone.healthP99Ms, 1)} / ${fmt(r.abused.healthP99Ms, 1)} ms`,
      `< ${ABUSE_TARGETS.abuseHealthP99Ms} ms`,
      pass(healthOk),
    ],
    [
      "  GET /v1/health max, alone / under abuse",
      `${fmt(r.alone.healthMaxMs, 1)} / ${fmt(r.abused.healthMaxMs, 1)} ms`,
      "",
      "",
    ],
    [
      "  job lifecycles, alone / under abuse",
      `${fmt(r.alone.lifecyclesPerSecond, 1)} / ${fmt(r.abused.lifecyclesPerSecond, 1)} /s (${fmt(r.lifecycleShare * 100)}%)`,
      `>= ${fmt(ABUSE_TARGETS.abuseLifecycleShare * 100)}%`,
      pass(shareOk),
    ],
    [
      "  longest event-loop delay, alone / under abuse",
      `${fmt(r.alone.loopDelayMaxMs, 1)} / ${fmt(r.abused.loopDelayMaxMs, 1)} ms`,
      "",
      "",
    ],
    [
      "  inserts done (records) / failed",
      `${fmt(inserts?.calls ?? 0)} (${fmt(inserts?.records ?? 0)}) / ${fmt(inserts?.failures ?? 0)}`,
      "",
      "",
    ],
    [
      `  replays done (${fmt(r.matchingEvents)} events each) / slowest / stray events`,
      `${fmt(replays?.replays ?? 0)} / ${fmt(replays?.replaySecondsMax ?? 0, 2)} s / ${fmt(replays?.wrong ?? 0)}`,
      "",
      "",
    ],
  ];
}
