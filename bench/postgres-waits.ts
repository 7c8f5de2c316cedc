import pg from "pg";
import { round } from "./http-client";

export type WaitShare = { wait: string; percent: number };

/**
 * Samples what the schema's backends are doing (pg_stat_activity's wait event, or "CPU" when active without one,
 * or "idle in transaction", the server process's turn) every `everyMs` until stopped: which lock, I/O or client
 * read the database's side of the write path waits on. The sampling connection itself is left out.
 */
export async function sampleWaits(databaseUrl: string, everyMs = 10) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await client.query<{ wait: string }>(
        `SELECT CASE
           WHEN state = 'idle in transaction' THEN 'idle in transaction (the server process)'
           WHEN state = 'active' AND wait_event IS NULL THEN 'active, no wait (CPU)'
           ELSE COALESCE(wait_event_type || ': ' || wait_event, state) END AS wait
         FROM pg_stat_activity
         WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND state <> 'idle'`,
      );
      samples++;
      for (const { wait } of rows) counts.set(wait, (counts.get(wait) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    /** The busy backends' states, each as a share of all busy-backend samples, most common first. */
    async stop(): Promise<{ samples: number; busyPerSample: number; waits: WaitShare[] }> {
      stopped = true;
      await loop;
      await client.end();
      const busy = [...counts.values()].reduce((sum, n) => sum + n, 0) || 1;
      return {
        samples,
        busyPerSample: round(busy / Math.max(1, samples), 2),
        waits: [...counts.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 8)
          .map(([wait, n]) => ({ wait, percent: round((n / busy) * 100, 1) })),
      };
    },
  };
}
