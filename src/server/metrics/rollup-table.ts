import { mergeHistogram } from "./duration-histogram";
import { emptyRollup, type JobMetricRollup } from "./job-metric-changes";

/**
 * Roll-ups held in memory, one per minute, space and operation, kept in minute order for range reads: the memory
 * store's table, and what a SQL store's roll-up rows amount to.
 */
export class RollupTable {
  private readonly byKey = new Map<string, JobMetricRollup>();
  /** Minutes holding roll-ups, ascending; a new minute almost always comes last, so inserts are cheap. */
  private readonly minutes: number[] = [];
  private readonly byMinute = new Map<number, JobMetricRollup[]>();

  /** Adds the changes in (`sign` -1 takes them back out, as a rolled back transaction must). */
  add(changes: Iterable<JobMetricRollup>, sign: 1 | -1 = 1): void {
    for (const change of changes) {
      const key = `${change.minute}\u0000${change.spaceId ?? ""}\u0000${change.operation}`;
      let rollup = this.byKey.get(key);
      if (!rollup) {
        rollup = emptyRollup(change.minute, change.operation, change.spaceId);
        this.byKey.set(key, rollup);
        this.minuteList(change.minute).push(rollup);
      }
      rollup.created += sign * change.created;
      rollup.completed += sign * change.completed;
      rollup.failed += sign * change.failed;
      rollup.canceled += sign * change.canceled;
      mergeHistogram(rollup.runMs, change.runMs, sign);
      mergeHistogram(rollup.waitMs, change.waitMs, sign);
      if (isEmpty(rollup)) {
        this.byKey.delete(key);
        const list = this.byMinute.get(change.minute) ?? [];
        list.splice(list.indexOf(rollup), 1);
      }
    }
  }

  /** Every roll-up, in minute order. */
  all(): Generator<JobMetricRollup> {
    return this.range(-Infinity, Infinity);
  }

  /** The roll-ups of minutes `from <= minute < to`. */
  *range(from: number, to: number): Generator<JobMetricRollup> {
    for (let i = lowerBound(this.minutes, from); i < this.minutes.length; i++) {
      const minute = this.minutes[i] ?? to;
      if (minute >= to) return;
      yield* this.byMinute.get(minute) ?? [];
    }
  }

  /** The earliest minute holding a roll-up. */
  firstMinute(): number | undefined {
    return this.all().next().value?.minute;
  }

  private minuteList(minute: number): JobMetricRollup[] {
    let list = this.byMinute.get(minute);
    if (!list) {
      list = [];
      this.byMinute.set(minute, list);
      this.minutes.splice(lowerBound(this.minutes, minute), 0, minute);
    }
    return list;
  }
}

const isEmpty = (rollup: JobMetricRollup) =>
  rollup.created === 0 &&
  rollup.completed === 0 &&
  rollup.failed === 0 &&
  rollup.canceled === 0 &&
  Object.keys(rollup.runMs).length === 0 &&
  Object.keys(rollup.waitMs).length === 0;

function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? value) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
