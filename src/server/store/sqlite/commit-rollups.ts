import type { JobMetricRollup } from "../../metrics/job-metric-changes";
import { mergedChanges, ROLLUP_COLUMNS, rowValues } from "../../metrics/rollup-rows";
import type { Connection } from "./connection";

const UPSERT_JOB_METRICS = `INSERT INTO job_metric_minutes (${ROLLUP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (minute, space_id, operation) DO UPDATE SET created = created + excluded.created,
    completed = completed + excluded.completed, failed = failed + excluded.failed,
    canceled = canceled + excluded.canceled, run_ms = histogram_merge(run_ms, excluded.run_ms),
    wait_ms = histogram_merge(wait_ms, excluded.wait_ms)`;

/**
 * The job metric roll-ups that the transactions of one database transaction (a commit group) add, held until its
 * COMMIT and written then, merged to one upsert per minute, space and operation: a group of job calls changes one
 * or two rows, where an upsert per call ran the JSON histogram merge each time (a job's creation, start and end are
 * three of its lifecycle's thirteen calls). A transaction's savepoint that rolls back takes its changes back out,
 * so the rows still count exactly the committed writes, and they become visible with them, at the COMMIT.
 */
export class CommitRollups {
  readonly #changes: JobMetricRollup[] = [];
  /** Where the open savepoint's changes start. */
  #mark = 0;

  add(changes: readonly JobMetricRollup[]): void {
    for (const change of changes) this.#changes.push(change);
  }

  savepoint(): void {
    this.#mark = this.#changes.length;
  }

  rollbackToSavepoint(): void {
    this.#changes.length = this.#mark;
  }

  /** Writes what the group added, inside its transaction: call it right before the COMMIT. */
  write(conn: Connection): void {
    if (this.#changes.length === 0) return;
    const changes = this.#changes.length === 1 ? [this.#changes[0]!] : mergedChanges(this.#changes);
    this.discard();
    for (const change of changes) conn.rows(UPSERT_JOB_METRICS).run(...rowValues(change));
  }

  /** Forgets what the group added (its transaction rolled back, or its changes were written). */
  discard(): void {
    this.#changes.length = 0;
    this.#mark = 0;
  }
}
