import type { DurationHistogram } from "./duration-histogram";
import { RollupTable } from "./rollup-table";
import type { JobMetricRollup } from "./job-metric-changes";

/** A roll-up as the SQL stores keep it: no space is '', histograms are JSON (text, or parsed by the driver). */
export type RollupRow = {
  minute: number;
  space_id: string;
  operation: string;
  created: number;
  completed: number;
  failed: number;
  canceled: number;
  run_ms: string | DurationHistogram;
  wait_ms: string | DurationHistogram;
};

const histogram = (value: string | DurationHistogram): DurationHistogram =>
  typeof value === "string" ? (JSON.parse(value) as DurationHistogram) : value;

export const ROLLUP_COLUMNS =
  "minute, space_id, operation, created, completed, failed, canceled, run_ms, wait_ms";

export function rollupOfRow(row: RollupRow): JobMetricRollup {
  return {
    minute: Number(row.minute),
    operation: row.operation,
    ...(row.space_id === "" ? {} : { spaceId: row.space_id }),
    created: Number(row.created),
    completed: Number(row.completed),
    failed: Number(row.failed),
    canceled: Number(row.canceled),
    runMs: histogram(row.run_ms),
    waitMs: histogram(row.wait_ms),
  };
}

/** The values of `ROLLUP_COLUMNS` for a roll-up, histograms as JSON text. */
export function rowValues(
  rollup: JobMetricRollup,
): [number, string, string, number, number, number, number, string, string] {
  return [
    rollup.minute,
    rollup.spaceId ?? "",
    rollup.operation,
    rollup.created,
    rollup.completed,
    rollup.failed,
    rollup.canceled,
    JSON.stringify(rollup.runMs),
    JSON.stringify(rollup.waitMs),
  ];
}

/**
 * Changes merged to one per key and sorted by key (minute, space, operation): a multi-row upsert may touch a row
 * once only, and two transactions that upsert rows in one order cannot deadlock over them.
 */
export function mergedChanges(changes: Iterable<JobMetricRollup>): JobMetricRollup[] {
  const table = new RollupTable();
  table.add(changes);
  return [...table.all()].sort(
    (a, b) =>
      a.minute - b.minute || compare(a.spaceId ?? "", b.spaceId ?? "") || compare(a.operation, b.operation),
  );
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
