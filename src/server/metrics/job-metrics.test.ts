import { describe, expect, it } from "vitest";
import { JobMetricsQuery, type Job } from "../../core";
import { makeJob } from "../store/store-fixtures";
import { jobMetricChanges } from "./job-metric-changes";
import { jobMetricsFromRollups } from "./job-metrics-from-rollups";
import { RollupTable } from "./rollup-table";

const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1_000).toISOString();

/** A job's writes, one snapshot after another, as a store sees them (the first is its creation). */
function lifecycle(operation: string, spaceId: string, steps: Partial<Job>[]): Job[] {
  const first = makeJob({ operation, spaceId, createdAt: at(0), updatedAt: at(0), ...steps[0] });
  const jobs = [first];
  for (const step of steps.slice(1)) jobs.push({ ...(jobs.at(-1) ?? first), ...step });
  return jobs;
}

function rollupsOf(lifecycles: Job[][]): RollupTable {
  const table = new RollupTable();
  for (const jobs of lifecycles)
    jobs.forEach((job, i) => {
      table.add(jobMetricChanges(i === 0 ? undefined : jobs[i - 1], job));
    });
  return table;
}

const query = (q: Record<string, string>) => JobMetricsQuery.parse({ from: at(0), to: at(7_200), ...q });

/** Ready at 0 s, started after `wait` s, ended after `run` s more with `status`. */
const ran = (operation: string, spaceId: string, wait: number, run: number, status: Job["status"]) =>
  lifecycle(operation, spaceId, [
    { status: "ready" },
    { status: "executing", startedAt: at(wait), updatedAt: at(wait) },
    { status, finishedAt: at(wait + run), updatedAt: at(wait + run) },
  ]);

describe("job metrics from roll-ups", () => {
  const known = [
    ran("export", "us_sp_a", 2, 10, "complete"),
    ran("export", "us_sp_a", 4, 20, "complete"),
    ran("export", "us_sp_a", 6, 30, "failed"),
    ran("import", "us_sp_b", 1, 3_600, "complete"),
    lifecycle("export", "us_sp_a", [
      { status: "ready" },
      { status: "canceled", finishedAt: at(5), updatedAt: at(5) },
    ]),
    lifecycle("export", "us_sp_b", [{ status: "created" }]),
  ];

  it("counts creations, ends by status, and run and wait times per bucket and operation", () => {
    const metrics = jobMetricsFromRollups(query({ bucket: "hour" }), rollupsOf(known).range(0, Infinity));
    expect(metrics.bucketSeconds).toBe(3_600);
    expect(
      metrics.buckets.map((b) => [b.start, b.operation, b.created, b.completed, b.failed, b.canceled]),
    ).toEqual([
      [at(0), "export", 5, 2, 1, 1],
      [at(0), "import", 1, 0, 0, 0],
      [at(3_600), "import", 0, 1, 0, 0],
    ]);
    const exports = metrics.buckets[0];
    // Run times 10, 20, 30 s; waits 2, 4, 6 s: the medians are the middle ones, within the histogram's 4.4%.
    expect(exports?.runMs.p50).toBeGreaterThan(20_000 * 0.956);
    expect(exports?.runMs.p50).toBeLessThan(20_000 * 1.045);
    expect(exports?.runMs.p95).toBeGreaterThan(30_000 * 0.956);
    expect(exports?.waitMs.p50).toBeGreaterThan(4_000 * 0.956);
    expect(exports?.waitMs.p50).toBeLessThan(4_000 * 1.045);
    // The import started in the first hour and ended in the second: its wait counts there, its run here.
    expect(metrics.buckets[1]?.runMs).toEqual({ p50: null, p95: null });
    expect(metrics.buckets[1]?.waitMs.p50).toBeGreaterThan(900);
    expect(metrics.buckets[2]?.runMs.p50).toBeGreaterThan(3_599_000 * 0.956);
  });

  it("keeps one space's jobs when asked for it", () => {
    const metrics = jobMetricsFromRollups(
      query({ bucket: "day", spaceId: "us_sp_b" }),
      rollupsOf(known).range(0, Infinity),
    );
    expect(metrics.spaceId).toBe("us_sp_b");
    expect(metrics.buckets.map((b) => [b.start, b.operation, b.created, b.completed])).toEqual([
      ["2026-03-01T00:00:00.000Z", "export", 1, 0],
      ["2026-03-01T00:00:00.000Z", "import", 1, 1],
    ]);
  });

  it("counts only the minutes of the range, in buckets aligned to the epoch", () => {
    const table = rollupsOf([ran("export", "us_sp_a", 0, 400, "complete")]);
    const metrics = jobMetricsFromRollups(
      JobMetricsQuery.parse({ from: at(120), to: at(900), bucket: "5m" }),
      table.range(0, Infinity),
    );
    // Created at minute 0 (before the range); ended at 6 min 40 s, in the bucket starting at 5 min.
    expect(metrics.buckets.map((b) => [b.start, b.created, b.completed])).toEqual([[at(300), 0, 1]]);
  });

  it("adds a retried job's second run as a run of its own", () => {
    const jobs = ran("export", "us_sp_a", 1, 1, "failed");
    const failed = jobs.at(-1) as Job;
    const retried: Job = {
      ...failed,
      status: "ready",
      updatedAt: at(10),
      startedAt: undefined,
      finishedAt: undefined,
    };
    const again: Job = { ...retried, status: "executing", startedAt: at(12), updatedAt: at(12) };
    const done: Job = { ...again, status: "complete", finishedAt: at(20), updatedAt: at(20) };
    const metrics = jobMetricsFromRollups(
      query({ bucket: "hour" }),
      rollupsOf([[...jobs, retried, again, done]]).range(0, Infinity),
    );
    expect(metrics.buckets.map((b) => [b.created, b.completed, b.failed])).toEqual([[1, 1, 1]]);
  });
});

describe("a job write's changes", () => {
  const executing = makeJob({
    operation: "x",
    status: "executing",
    createdAt: at(0),
    startedAt: at(3),
    updatedAt: at(3),
  });

  it("adds nothing for a progress tick of a running job", () => {
    const tick: Job = { ...executing, progress: 50, updatedAt: at(4) };
    expect(jobMetricChanges({ status: "executing", updatedAt: at(3) }, tick)).toEqual([]);
  });

  it("counts a start and an end when a ready job completes at once", () => {
    const done: Job = {
      ...executing,
      status: "complete",
      startedAt: at(9),
      finishedAt: at(9),
      updatedAt: at(9),
    };
    const changes = jobMetricChanges({ status: "ready", updatedAt: at(1) }, done);
    expect(changes.map((c) => [c.completed, Object.values(c.waitMs), Object.values(c.runMs)])).toEqual([
      [0, [1], []],
      [1, [], [1]],
    ]);
  });

  it("counts a creation straight into executing with no wait", () => {
    const changes = jobMetricChanges(undefined, { ...executing, startedAt: at(0), updatedAt: at(0) });
    expect(changes.map((c) => [c.created, c.waitMs])).toEqual([
      [1, {}],
      [0, { 0: 1 }],
    ]);
  });
});

describe("roll-up table", () => {
  it("reads a range of minutes in order, whatever order they were written in", () => {
    const table = new RollupTable();
    for (const minute of [5, 1, 3, 1, 9])
      table.add([
        { minute, operation: "x", created: 1, completed: 0, failed: 0, canceled: 0, runMs: {}, waitMs: {} },
      ]);
    expect([...table.range(1, 9)].map((r) => [r.minute, r.created])).toEqual([
      [1, 2],
      [3, 1],
      [5, 1],
    ]);
  });

  it("takes changes back out, dropping what becomes empty", () => {
    const table = new RollupTable();
    const change = {
      minute: 7,
      operation: "x",
      created: 1,
      completed: 0,
      failed: 0,
      canceled: 0,
      runMs: { 3: 1 },
      waitMs: {},
    };
    table.add([change]);
    table.add([change]);
    table.add([change], -1);
    expect([...table.all()].map((r) => [r.created, r.runMs])).toEqual([[1, { 3: 1 }]]);
    table.add([change], -1);
    expect([...table.all()]).toEqual([]);
  });
});
