import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../testing/test-server";

/*
 * The first long metrics read of an instance folds a month of minute rows (a million jobs' worth is about a million
 * rows); the SQLite store reads synchronously, so that read (and the Prometheus scrape, which sums every roll-up)
 * once held the event loop for seconds. Health must answer while it runs.
 */

/**
 * Longest the loop may be held: a sanity bound for a loaded, shared machine (the steps take 10-50 ms there); one
 * statement over these rows and its fold held it for 2.9 s.
 */
const LOOP_BOUND_MS = 250;
const DAYS = 30;
const SPACES = ["us_sp_loopa", "us_sp_loopb"];
const OPERATIONS = ["export", "import"];
/** The minute after the last row: a day long past, so every period is over. */
const END_MINUTE = Date.parse("2026-01-01T00:00:00.000Z") / 60_000;
const FIRST_MINUTE = END_MINUTE - DAYS * 1_440;
const ROWS = DAYS * 1_440 * SPACES.length * OPERATIONS.length;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  // The rows go straight into the table: as many jobs through the API would take minutes.
  const db = new Database(join(server.dataDir, "jobs.db"));
  try {
    const insert = db.prepare(
      `INSERT INTO job_metric_minutes (minute, space_id, operation, created, completed, failed, canceled, run_ms, wait_ms)
       VALUES (?, ?, ?, 1, 1, 0, 0, '{"80":1,"96":2}', '{"40":1}')`,
    );
    db.transaction(() => {
      for (let minute = FIRST_MINUTE; minute < END_MINUTE; minute++)
        for (const space of SPACES) for (const operation of OPERATIONS) insert.run(minute, space, operation);
    })();
  } finally {
    db.close();
  }
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

/** Pings health every 10 ms until stopped; answers the longest round trip and how many answered. */
function pingHealth() {
  let stopped = false;
  let maxMs = 0;
  let answered = 0;
  const running = (async () => {
    while (!stopped) {
      const started = performance.now();
      const response = await fetch(`${server.baseUrl}/v1/health`);
      await response.text();
      if (response.status === 200) answered++;
      maxMs = Math.max(maxMs, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await running;
      return { maxMs, answered };
    },
  };
}

/** Runs `read` with the loop's delay watched and health pinged; answers what it answered and the longest delay. */
async function watched<T>(read: () => Promise<T>) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const health = pingHealth();
  try {
    const answer = await read();
    return { answer, longestMs: delay.max / 1e6, health: await health.stop() };
  } finally {
    delay.disable();
  }
}

describe("metrics reads over many roll-ups", () => {
  it(
    "keep the event loop free while a month's first read folds its minute rows",
    { timeout: 120_000 },
    async () => {
      const query = new URLSearchParams({
        from: new Date(FIRST_MINUTE * 60_000).toISOString(),
        to: new Date(END_MINUTE * 60_000).toISOString(),
        bucket: "hour",
      });
      const { answer, longestMs, health } = await watched(() =>
        server.ok("GET", `/metrics/jobs?${query.toString()}`),
      );
      const buckets = answer.data.buckets as { created: number; completed: number }[];
      expect(buckets).toHaveLength(DAYS * 24 * OPERATIONS.length);
      expect(buckets.reduce((sum, bucket) => sum + bucket.created, 0)).toBe(ROWS);
      expect(health.answered).toBeGreaterThan(0);
      expect(longestMs).toBeLessThan(LOOP_BOUND_MS);
      expect(health.maxMs).toBeLessThan(2 * LOOP_BOUND_MS);
    },
  );

  it(
    "keep the event loop free while a first Prometheus scrape sums every roll-up",
    { timeout: 120_000 },
    async () => {
      const { answer, longestMs, health } = await watched(async () => {
        const response = await fetch(`${server.baseUrl}/metrics`, {
          headers: { authorization: `Bearer ${server.secretKey}` },
        });
        expect(response.status).toBe(200);
        return response.text();
      });
      for (const operation of OPERATIONS)
        expect(answer).toContain(`jobs_created_total{operation="${operation}"} ${ROWS / OPERATIONS.length}`);
      expect(health.answered).toBeGreaterThan(0);
      expect(longestMs).toBeLessThan(LOOP_BOUND_MS);
    },
  );
});
