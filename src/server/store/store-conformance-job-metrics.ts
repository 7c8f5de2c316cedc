import { describe, expect, it } from "vitest";
import { JobMetricsQuery, type Job } from "../../core";
import { jobMetricChanges } from "../metrics/job-metric-changes";
import { jobMetricsFromRollups } from "../metrics/job-metrics-from-rollups";
import { FinishedBucketCache } from "../metrics/finished-bucket-cache";
import { PeriodRollupCache } from "../metrics/period-rollup-cache";
import { prometheusText } from "../metrics/prometheus-text";
import { RollupTotals } from "../metrics/rollup-totals";
import { RollupTable } from "../metrics/rollup-table";
import type { Store } from "./store";
import { makeEvent, makeJob } from "./store-fixtures";

const T0 = Date.parse("2026-02-01T08:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1_000).toISOString();

/**
 * The conformance tests of the job metric roll-ups: every store adds a job write's `jobMetricChanges` in the write's
 * transaction, so `GET /metrics/jobs` answers the same from memory, SQLite and PostgreSQL.
 */
export function describeJobMetricsConformance(getStore: () => Store): void {
  /** Runs a job through its versions, one transaction per write (the first an insert), with an event in each. */
  const run = async (versions: Job[]) => {
    for (const [i, job] of versions.entries()) {
      const before = versions[i - 1];
      await getStore().transaction(async (tx) => {
        if (before) expect(await tx.updateJob(job, before)).toBe(true);
        else await tx.insertJob(job);
        await tx.appendEvent(makeEvent({ context: { jobId: job.id } }));
      });
    }
  };
  const lifecycle = (
    operation: string,
    spaceId: string | undefined,
    start: number,
    wait: number,
    runS: number,
    end: Job["status"],
  ) => {
    const created = makeJob({
      operation,
      spaceId,
      status: "ready",
      createdAt: at(start),
      updatedAt: at(start),
    });
    const executing: Job = {
      ...created,
      status: "executing",
      startedAt: at(start + wait),
      updatedAt: at(start + wait),
    };
    const ticked: Job = { ...executing, progress: 50, updatedAt: at(start + wait + 1) };
    const ended: Job = {
      ...ticked,
      status: end,
      finishedAt: at(start + wait + runS),
      updatedAt: at(start + wait + runS),
    };
    return [created, executing, ticked, ended];
  };
  const expected = (lifecycles: Job[][], query: JobMetricsQuery) => {
    const table = new RollupTable();
    for (const versions of lifecycles)
      versions.forEach((job, i) => table.add(jobMetricChanges(versions[i - 1], job)));
    return jobMetricsFromRollups(query, table.all());
  };
  const answer = async (query: JobMetricsQuery) => {
    const minutes = {
      from: Math.floor(Date.parse(query.from) / 60_000),
      to: Math.ceil(Date.parse(query.to) / 60_000),
    };
    return jobMetricsFromRollups(
      query,
      await getStore().readJobMetricRollups(minutes.from, minutes.to, query.spaceId),
    );
  };

  describe("job metrics", () => {
    const lifecycles = () => [
      lifecycle("export", "us_sp_metrics_a", 0, 2, 10, "complete"),
      lifecycle("export", "us_sp_metrics_a", 5, 4, 20, "complete"),
      lifecycle("export", "us_sp_metrics_a", 10, 6, 30, "failed"),
      lifecycle("import", "us_sp_metrics_b", 30, 1, 3_600, "complete"),
      lifecycle("import", undefined, 100, 0, 1, "canceled"),
    ];

    it("adds every job write's changes to the roll-ups, ticks adding none", async () => {
      const jobs = lifecycles();
      for (const versions of jobs) await run(versions);
      for (const bucket of ["minute", "hour"] as const) {
        const query = JobMetricsQuery.parse({ from: at(0), to: at(7_200), bucket });
        const metrics = await answer(query);
        expect(metrics).toEqual(expected(jobs, query));
        expect(metrics.buckets.reduce((sum, b) => sum + b.created, 0)).toBe(5);
      }
      const hour = await answer(JobMetricsQuery.parse({ from: at(0), to: at(3_600), bucket: "hour" }));
      expect(hour.buckets.map((b) => [b.operation, b.created, b.completed, b.failed, b.canceled])).toEqual([
        ["export", 3, 2, 1, 0],
        ["import", 2, 0, 0, 1],
      ]);
    });

    it("names the earliest minute holding a roll-up", async () => {
      expect(await getStore().firstJobMetricMinute()).toBeUndefined();
      const jobs = lifecycles();
      for (const versions of jobs.slice(2)) await run(versions);
      expect(await getStore().firstJobMetricMinute()).toBe(Math.floor(T0 / 60_000));
      await run(lifecycle("export", "us_sp_metrics_a", -3_600, 2, 10, "complete"));
      expect(await getStore().firstJobMetricMinute()).toBe(Math.floor(T0 / 60_000) - 60);
    });

    it("adds up every roll-up so far, settled minutes once, as a plain sum does", async () => {
      let now = T0 + 7_200_000;
      let rowsRead = 0;
      const totals = new RollupTotals(
        async (from, to) => {
          const rollups = await getStore().readJobMetricRollups(from, to);
          rowsRead += rollups.length;
          return rollups;
        },
        () => getStore().firstJobMetricMinute(),
        () => new Date(now),
      );
      const plain = async () =>
        prometheusText(await getStore().readJobMetricRollups(-Infinity, Infinity), {});
      const jobs = lifecycles();
      for (const versions of jobs) await run(versions);
      expect(prometheusText(await totals.rollups(), {})).toBe(await plain());
      rowsRead = 0;
      expect(prometheusText(await totals.rollups(), {})).toBe(await plain());
      expect(rowsRead).toBe(0);
      // New jobs in minutes not yet settled, then the clock moves past them.
      await run(lifecycle("export", "us_sp_metrics_a", 7_000, 5, 20, "failed"));
      expect(prometheusText(await totals.rollups(), {})).toBe(await plain());
      now += 3_600_000;
      expect(prometheusText(await totals.rollups(), {})).toBe(await plain());
    });

    it("reads one space's roll-ups", async () => {
      const jobs = lifecycles();
      for (const versions of jobs) await run(versions);
      const query = JobMetricsQuery.parse({
        from: at(0),
        to: at(7_200),
        bucket: "day",
        spaceId: "us_sp_metrics_b",
      });
      const metrics = await answer(query);
      expect(metrics.buckets.map((b) => [b.operation, b.created, b.completed])).toEqual([["import", 1, 1]]);
      expect(metrics).toEqual(expected([jobs[3] ?? []], query));
    });

    it("adds nothing for a write that missed or a transaction that rolled back", async () => {
      const [created, executing] = lifecycle("export", "us_sp_metrics_c", 0, 3, 5, "complete");
      if (!created || !executing) throw new Error("lifecycle too short");
      await run([created]);
      await getStore().transaction(async (tx) => {
        expect(await tx.updateJob(executing, { status: "executing", updatedAt: created.updatedAt })).toBe(
          false,
        );
      });
      await expect(
        getStore().transaction(async (tx) => {
          await tx.updateJob(executing, created);
          await tx.insertJob(makeJob({ operation: "export", spaceId: "us_sp_metrics_c", createdAt: at(1) }));
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
      const query = JobMetricsQuery.parse({ from: at(0), to: at(600), bucket: "hour" });
      expect((await answer(query)).buckets.map((b) => [b.created, b.waitMs.p50])).toEqual([[1, null]]);
    });

    it("adds nothing for a transaction that rolled back among others that ran at once", async () => {
      // Run together, the SQLite store's transactions share one commit; the failing one's savepoint takes its
      // changes back out of the commit's roll-ups.
      const insert = (i: number, fail: boolean) =>
        getStore().transaction(
          async (tx) => {
            await tx.insertJob(
              makeJob({ operation: "grouped", spaceId: "us_sp_metrics_e", createdAt: at(i) }),
            );
            if (fail) throw new Error("rolled back");
          },
          { independent: true },
        );
      const settled = await Promise.allSettled([0, 1, 2, 3, 4, 5].map((i) => insert(i, i % 3 === 1)));
      expect(settled.map((s) => s.status)).toEqual([
        "fulfilled",
        "rejected",
        "fulfilled",
        "fulfilled",
        "rejected",
        "fulfilled",
      ]);
      const query = JobMetricsQuery.parse({
        from: at(0),
        to: at(600),
        bucket: "hour",
        spaceId: "us_sp_metrics_e",
      });
      expect((await answer(query)).buckets.map((b) => [b.operation, b.created])).toEqual([["grouped", 4]]);
    });

    it("adds the writes of transactions that run at once, and of several jobs in one", async () => {
      const jobs = Array.from({ length: 12 }, (_, i) =>
        lifecycle("bulk", "us_sp_metrics_d", i, 1 + (i % 3), 2 + i, "complete"),
      );
      await Promise.all(jobs.map((versions) => run(versions)));
      const together = Array.from({ length: 4 }, (_, i) =>
        makeJob({
          operation: "bulk",
          spaceId: "us_sp_metrics_d",
          createdAt: at(20 + i),
          updatedAt: at(20 + i),
        }),
      );
      await getStore().transaction(async (tx) => {
        for (const job of together) await tx.insertJob(job);
      });
      const query = JobMetricsQuery.parse({ from: at(0), to: at(600), bucket: "5m" });
      const metrics = await answer(query);
      expect(metrics).toEqual(expected([...jobs, ...together.map((job) => [job])], query));
      expect(metrics.buckets[0]?.created).toBe(16);
      expect(metrics.buckets[0]?.completed).toBe(12);
    });

    it("answers from cached buckets, hours and days as from the minute rows, for closed and open periods", async () => {
      const day = 86_400;
      let now = T0 + (3 * day + 1_800) * 1_000;
      let minuteRowsRead = 0;
      const cache = new PeriodRollupCache(
        async (from, to, spaceId) => {
          const rollups = await getStore().readJobMetricRollups(from, to, spaceId);
          minuteRowsRead += rollups.length;
          return rollups;
        },
        () => new Date(now),
      );
      const buckets = new FinishedBucketCache(cache, () => new Date(now));
      const cached = (query: JobMetricsQuery) => buckets.answer(query);
      const fresh = (offset: number) => [
        lifecycle("export", "us_sp_metrics_a", 3 * day + offset, 3, 40, "complete"),
        lifecycle("import", "us_sp_metrics_b", 3 * day + offset + 5, 1, 2, "failed"),
        lifecycle("import", undefined, 3 * day + offset + 7, 0, 1, "canceled"),
      ];
      const old = [
        ...lifecycles(),
        lifecycle("export", "us_sp_metrics_a", day + 100, 20, 7_000, "complete"),
        lifecycle("sync", "us_sp_metrics_b", 2 * day - 30, 50, 90, "failed"),
        lifecycle("export", "us_sp_metrics_a", 3 * day - 3_700, 10, 3_000, "complete"),
      ];
      // Ended 40 minutes ago (cached), and 2 minutes ago in the open hour (read live).
      const jobs = [...old, ...fresh(-600), ...fresh(1_680)];
      for (const versions of jobs) await run(versions);
      const queries = () =>
        (["hour", "day", "5m", "minute"] as const).flatMap((bucket) =>
          [undefined, "us_sp_metrics_a"].map((spaceId) =>
            JobMetricsQuery.parse({
              from: at({ hour: 1_800, day: 1_800, "5m": 2 * day + 1_234, minute: 3 * day - 20_000 }[bucket]),
              to: new Date(now + 3_600_000).toISOString(),
              bucket,
              spaceId,
            }),
          ),
        );
      for (const query of queries()) expect(await cached(query)).toEqual(await answer(query));
      const firstReads = minuteRowsRead;
      minuteRowsRead = 0;
      for (const query of queries()) expect(await cached(query)).toEqual(await answer(query));
      expect(minuteRowsRead).toBeLessThan(firstReads);

      const later = fresh(1_750);
      for (const versions of later) await run(versions);
      now += 7_200_000;
      for (const query of queries()) {
        const metrics = await cached(query);
        expect(metrics).toEqual(await answer(query));
        expect(metrics).toEqual(expected([...jobs, ...later], query));
      }
    });
  });
}
