import { ROLLUP_COLUMNS, rollupOfRow, type RollupRow } from "../../metrics/rollup-rows";
import type { JobMetricRollup } from "../../metrics/job-metric-changes";
import { yieldToLoop } from "../../system-jobs/yield-to-loop";
import type { Connection, Param } from "./connection";

/**
 * Rows per statement of a roll-up read. better-sqlite3 reads synchronously: a month of a million jobs' minute rows
 * in one statement (and their histograms parsed) held the event loop for seconds, so the rows come in steps in key
 * order with the loop let run between them.
 */
export const rollupReadStep = { rows: 2_000 };

const ORDER = "ORDER BY minute, space_id, operation LIMIT ?";

/**
 * The roll-ups of minutes `from <= minute < to` (of one space or all), read in steps of `rollupReadStep.rows` by
 * their primary key. Outside a transaction a row written between steps is read as it is when its step comes, as
 * with any read taken while jobs change.
 */
export async function readSqliteRollups(
  conn: Connection,
  fromMinute: number,
  toMinute: number,
  spaceId?: string,
): Promise<JobMetricRollup[]> {
  const space = spaceId === undefined ? "" : " AND space_id = ?";
  const spaceParams: Param[] = spaceId === undefined ? [] : [spaceId];
  const first = conn.rows(
    `SELECT ${ROLLUP_COLUMNS} FROM job_metric_minutes WHERE minute >= ? AND minute < ?${space} ${ORDER}`,
  );
  const next = conn.rows(
    `SELECT ${ROLLUP_COLUMNS} FROM job_metric_minutes
     WHERE (minute, space_id, operation) > (?, ?, ?) AND minute < ?${space} ${ORDER}`,
  );
  const step = rollupReadStep.rows;
  const rollups: JobMetricRollup[] = [];
  let rows = first.all(fromMinute, toMinute, ...spaceParams, step) as RollupRow[];
  for (;;) {
    for (const row of rows) rollups.push(rollupOfRow(row));
    const last = rows.at(-1);
    if (rows.length < step || !last) return rollups;
    await yieldToLoop();
    rows = next.all(
      last.minute,
      last.space_id,
      last.operation,
      toMinute,
      ...spaceParams,
      step,
    ) as RollupRow[];
  }
}
