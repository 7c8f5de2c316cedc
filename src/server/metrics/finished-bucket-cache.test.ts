import { describe, expect, it } from "vitest";
import { JobMetricsQuery } from "../../core";
import { addDuration } from "./duration-histogram";
import { emptyRollup, type JobMetricRollup } from "./job-metric-changes";
import { jobMetricsFromRollups, queryMinutes } from "./job-metrics-from-rollups";
import { FinishedBucketCache } from "./finished-bucket-cache";
import { PeriodRollupCache } from "./period-rollup-cache";
import { RollupTable } from "./rollup-table";

const T0 = Date.parse("2026-03-02T00:00:00.000Z");
const FIRST = T0 / 60_000;

/** Two operations in two spaces every minute of a day, with run and wait times that vary. */
function day(): RollupTable {
  const table = new RollupTable();
  for (let minute = FIRST; minute < FIRST + 1_440; minute++)
    for (const [i, operation] of ["export", "import"].entries())
      for (const spaceId of ["us_sp_a", "us_sp_b"]) {
        const rollup: JobMetricRollup = {
          ...emptyRollup(minute, operation, spaceId),
          created: 1,
          completed: 1,
        };
        addDuration(rollup.runMs, 100 + ((minute * 7 + i) % 500));
        addDuration(rollup.waitMs, (minute * 3) % 40);
        table.add([rollup]);
      }
  return table;
}

function cacheOver(table: RollupTable, now: () => Date, maxAnswers?: number) {
  const reads: [number, number][] = [];
  const read = async (from: number, to: number, spaceId?: string) => {
    reads.push([from, to]);
    return [...table.range(from, to)].filter((r) => spaceId === undefined || r.spaceId === spaceId);
  };
  const cache = new FinishedBucketCache(new PeriodRollupCache(read, now), now, maxAnswers);
  return { cache, reads };
}

const query = (from: number, to: number, bucket: string, spaceId?: string) =>
  JobMetricsQuery.parse({
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    bucket,
    spaceId,
  });

describe("finished bucket cache", () => {
  it("answers as the minute rows do, and reads only the buckets not yet over the second time", async () => {
    const table = day();
    // The clock is at 18:00: the buckets after 17:55 are not over.
    const { cache, reads } = cacheOver(table, () => new Date(T0 + 18 * 3_600_000));
    const plain = (q: JobMetricsQuery) => {
      const { from, to } = queryMinutes(q);
      return jobMetricsFromRollups(q, table.range(from, to));
    };
    const queries = [
      query(T0 + 90_000, T0 + 86_400_000, "minute"),
      query(T0 + 90_000, T0 + 86_400_000, "5m", "us_sp_b"),
      query(T0 - 3_600_000, T0 + 86_400_000, "hour"),
    ];
    for (const q of queries) expect(await cache.answer(q)).toEqual(plain(q));
    reads.length = 0;
    for (const q of queries) expect(await cache.answer(q)).toEqual(plain(q));
    // The ragged first 5 minutes (from 00:01), and the buckets from the open hour (17:00) on.
    expect(Math.min(...reads.map(([from]) => from))).toBe(FIRST + 1);
    expect(reads.filter(([from]) => from > FIRST + 1).every(([from]) => from >= FIRST + 17 * 60)).toBe(true);
  });

  it("keeps at most the answers it is given room for, dropping the oldest buckets filled", async () => {
    const table = day();
    const { cache, reads } = cacheOver(table, () => new Date(T0 + 2 * 86_400_000), 200);
    const morning = query(T0, T0 + 60 * 60_000, "minute");
    const evening = query(T0 + 20 * 3_600_000, T0 + 21 * 3_600_000, "minute");
    await cache.answer(morning);
    await cache.answer(evening);
    reads.length = 0;
    // 60 minutes of 2 operations each: the evening's 120 answers fit, the morning's were dropped for them.
    await cache.answer(evening);
    expect(reads).toEqual([]);
    const again = await cache.answer(morning);
    expect(reads.length).toBeGreaterThan(0);
    expect(again.buckets).toHaveLength(120);
  });
});
