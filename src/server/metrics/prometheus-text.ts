import { JOB_STATUSES, type JobStatus } from "../../core";
import { BINS_PER_DOUBLING, binMiddle, mergeHistogram, type DurationHistogram } from "./duration-histogram";
import type { JobMetricRollup } from "./job-metric-changes";

/** The content type Prometheus scrapes text in. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/**
 * Histogram bucket bounds in milliseconds: 1 ms and every fourth power of it (4 ms, 16 ms ... about 70 minutes).
 * Each is an edge of the roll-ups' log-scale bins (2^(2k) ms is bin 16k's upper edge), so the cumulative counts
 * Prometheus gets are exact; only `_sum` is an estimate (each duration taken at its bin's middle, within 4.4%).
 */
const BOUNDS_MS = Array.from({ length: 12 }, (_, k) => 4 ** k);

type Totals = {
  created: number;
  finished: Record<"complete" | "failed" | "canceled", number>;
  run: DurationHistogram;
  wait: DurationHistogram;
};

/**
 * The `/metrics` text (Prometheus exposition format 0.0.4): counters of jobs created and finished (by status) and
 * histograms of run and wait seconds, per operation, from roll-ups of every minute so far (counters never go
 * down while roll-ups are only added to); and a gauge of the jobs in each status now.
 */
export function prometheusText(
  rollups: Iterable<JobMetricRollup>,
  jobsByStatus: Partial<Record<JobStatus, number>>,
): string {
  const byOperation = new Map<string, Totals>();
  for (const rollup of rollups) {
    let totals = byOperation.get(rollup.operation);
    if (!totals) {
      totals = { created: 0, finished: { complete: 0, failed: 0, canceled: 0 }, run: {}, wait: {} };
      byOperation.set(rollup.operation, totals);
    }
    totals.created += rollup.created;
    totals.finished.complete += rollup.completed;
    totals.finished.failed += rollup.failed;
    totals.finished.canceled += rollup.canceled;
    mergeHistogram(totals.run, rollup.runMs);
    mergeHistogram(totals.wait, rollup.waitMs);
  }
  const operations = [...byOperation.keys()].sort();
  const lines: string[] = [];
  const header = (name: string, type: string, help: string) =>
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);

  header("jobs_created_total", "counter", "Jobs created.");
  for (const operation of operations)
    lines.push(`jobs_created_total${labels({ operation })} ${byOperation.get(operation)?.created ?? 0}`);

  header("jobs_finished_total", "counter", "Jobs that reached a final status.");
  for (const operation of operations)
    for (const [status, count] of Object.entries(byOperation.get(operation)?.finished ?? {}))
      lines.push(`jobs_finished_total${labels({ operation, status })} ${count}`);

  const histogram = (name: string, help: string, pick: (totals: Totals) => DurationHistogram) => {
    header(name, "histogram", help);
    for (const operation of operations) {
      const totals = byOperation.get(operation);
      if (totals) lines.push(...histogramLines(name, operation, pick(totals)));
    }
  };
  histogram("job_run_seconds", "How long jobs ran, executing to end.", (totals) => totals.run);
  histogram("job_wait_seconds", "How long jobs waited, ready to executing.", (totals) => totals.wait);

  header("jobs", "gauge", "Jobs in each status now.");
  for (const status of JOB_STATUSES) lines.push(`jobs${labels({ status })} ${jobsByStatus[status] ?? 0}`);
  return `${lines.join("\n")}\n`;
}

function histogramLines(name: string, operation: string, histogram: DurationHistogram): string[] {
  const bins = Object.entries(histogram)
    .map(([bin, count]) => [Number(bin), count] as const)
    .sort((a, b) => a[0] - b[0]);
  const lines: string[] = [];
  let count = 0;
  let sumMs = 0;
  let next = 0;
  for (const boundMs of BOUNDS_MS) {
    // Bins up to this bound's: bin b's upper edge is 2^(b/8) ms, bin 0's is 1 ms.
    const lastBin = Math.round(BINS_PER_DOUBLING * Math.log2(boundMs));
    for (; next < bins.length && (bins[next]?.[0] ?? Infinity) <= lastBin; next++) {
      const [bin, n] = bins[next] ?? [0, 0];
      count += n;
      sumMs += n * binMiddle(bin);
    }
    lines.push(`${name}_bucket${labels({ operation, le: String(boundMs / 1_000) })} ${count}`);
  }
  for (; next < bins.length; next++) {
    const [bin, n] = bins[next] ?? [0, 0];
    count += n;
    sumMs += n * binMiddle(bin);
  }
  lines.push(
    `${name}_bucket${labels({ operation, le: "+Inf" })} ${count}`,
    `${name}_sum${labels({ operation })} ${Math.round(sumMs) / 1_000}`,
    `${name}_count${labels({ operation })} ${count}`,
  );
  return lines;
}

const labels = (values: Record<string, string>) =>
  `{${Object.entries(values)
    .map(
      ([key, value]) => `${key}="${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`,
    )
    .join(",")}}`;
