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

  add(changes: Iterable<JobMetricRollup>): void {
    for (const change of changes) {
      const key = `${change.minute}\u0000${change.spaceId ?? ""}\u0000${change.operation}`;
      let rollup = this.byKey.get(key);
      if (!rollup) {
        rollup = emptyRollup(change.minute, change.operation, change.spaceId);
        this.byKey.set(key, rollup);
        this.minuteList(change.minute).push(rollup);
      }
      rollup.created += change.created;
      rollup.completed += change.completed;
      rollup.failed += change.failed;
      rollup.canceled += change.canceled;
      mergeHistogram(rollup.runMs, change.runMs);
      mergeHistogram(rollup.waitMs, change.waitMs);
    }
  }

  /** The roll-ups of minutes `from <= minute < to`. */
  *range(from: number, to: number): Generator<JobMetricRollup> {
    for (let i = lowerBound(this.minutes, from); i < this.minutes.length; i++) {
      const minute = this.minutes[i] ?? to;
      if (minute >= to) return;
      yield* this.byMinute.get(minute) ?? [];
    }
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
