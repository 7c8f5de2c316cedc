import { describe, expect, it } from "vitest";
import { addDuration, type DurationHistogram } from "./duration-histogram";
import { emptyRollup, type JobMetricRollup } from "./job-metric-changes";
import { prometheusText } from "./prometheus-text";

const rollup = (
  operation: string,
  counts: Partial<JobMetricRollup>,
  runMs: number[] = [],
  waitMs: number[] = [],
): JobMetricRollup => {
  const histogram = (values: number[]) => {
    const h: DurationHistogram = {};
    for (const ms of values) addDuration(h, ms);
    return h;
  };
  return {
    ...emptyRollup(1, operation, undefined),
    ...counts,
    runMs: histogram(runMs),
    waitMs: histogram(waitMs),
  };
};

const sample = (text: string, series: string) =>
  text
    .split("\n")
    .find((line) => line.startsWith(`${series} `))
    ?.slice(series.length + 1);

describe("Prometheus text", () => {
  const text = prometheusText(
    [
      rollup("export", { created: 3, completed: 1 }, [4, 4_000], [1]),
      rollup("export", { failed: 1 }, [20]),
      rollup('say "hi"\n', { created: 1 }),
    ],
    { ready: 2, executing: 1 },
  );

  it("counts creations and ends per operation, summed over roll-ups", () => {
    expect(text).toContain("# TYPE jobs_created_total counter");
    expect(sample(text, 'jobs_created_total{operation="export"}')).toBe("3");
    expect(sample(text, 'jobs_finished_total{operation="export",status="complete"}')).toBe("1");
    expect(sample(text, 'jobs_finished_total{operation="export",status="failed"}')).toBe("1");
    expect(sample(text, 'jobs_created_total{operation="say \\"hi\\"\\n"}')).toBe("1");
  });

  it("gives cumulative histogram buckets in seconds, a duration on an edge counting below it", () => {
    expect(text).toContain("# TYPE job_run_seconds histogram");
    expect(sample(text, 'job_run_seconds_bucket{operation="export",le="0.001"}')).toBe("0");
    expect(sample(text, 'job_run_seconds_bucket{operation="export",le="0.004"}')).toBe("1");
    expect(sample(text, 'job_run_seconds_bucket{operation="export",le="0.064"}')).toBe("2");
    expect(sample(text, 'job_run_seconds_bucket{operation="export",le="4.096"}')).toBe("3");
    expect(sample(text, 'job_run_seconds_bucket{operation="export",le="+Inf"}')).toBe("3");
    expect(sample(text, 'job_run_seconds_count{operation="export"}')).toBe("3");
    const sum = Number(sample(text, 'job_run_seconds_sum{operation="export"}'));
    expect(Math.abs(sum - 4.024) / 4.024).toBeLessThan(0.045);
    expect(sample(text, 'job_wait_seconds_bucket{operation="export",le="0.001"}')).toBe("1");
  });

  it("gauges every status, zero when none", () => {
    expect(sample(text, 'jobs{status="ready"}')).toBe("2");
    expect(sample(text, 'jobs{status="failed"}')).toBe("0");
    expect(text.endsWith("\n")).toBe(true);
  });
});
