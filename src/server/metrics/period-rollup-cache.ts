import { yieldToLoop } from "../system-jobs/yield-to-loop";
import type { JobMetricRollup } from "./job-metric-changes";
import { RollupTable } from "./rollup-table";

/** Reads the per-minute roll-ups of minutes `from <= minute < to` (a store's `readJobMetricRollups`). */
export type ReadMinuteRollups = (
  fromMinute: number,
  toMinute: number,
  spaceId?: string,
) => Promise<JobMetricRollup[]>;

/**
 * Minutes a period must have been over before it is cached: a roll-up is keyed by the clock reading of its write,
 * so a write that commits later (a slow transaction, an instance whose clock is behind) still lands in a minute
 * that has ended. Past this margin the minute rows of a period are taken as final.
 */
export const SETTLED_AFTER_MINUTES = 5;

const HOUR = 60;
const DAY = 1_440;
/**
 * Minutes of minute rows read and folded at a time when hours are filled, the event loop let run between: a month
 * at a million jobs is about a million rows, seconds of parsing and adding that must not hold other requests.
 */
const FILL_SLICE_MINUTES = HOUR;

/**
 * A read-through cache of hour and day roll-ups, one per period and operation (per space, or all spaces added up),
 * folded on first read from the minute rows of periods that are over; the unfinished periods and a range's ragged
 * edges are read from the minute rows every time (a day's from its closed hours and the minutes after). Nothing is added to the job writes: a period is summed once per
 * instance, then a month by hour reads 720 cached periods instead of every minute row of the month. Folding adds
 * counts and histogram bins, so the answer is the one the minute rows give.
 */
export class PeriodRollupCache {
  private readonly periods = new Map<string, JobMetricRollup[]>();

  constructor(
    private readonly read: ReadMinuteRollups,
    private readonly now: () => Date,
    /** Cached periods kept (per scope and width); the oldest filled go first. */
    private readonly maxPeriods = 50_000,
  ) {}

  /**
   * The roll-ups of minutes `from <= minute < to` for buckets of `widthMinutes`: coarse ones (keyed by their
   * period's first minute) for the whole closed periods a bucket of that width covers, minute ones elsewhere.
   */
  async rollups(
    from: number,
    to: number,
    widthMinutes: number,
    spaceId?: string,
  ): Promise<JobMetricRollup[]> {
    const width = widthMinutes % DAY === 0 ? DAY : widthMinutes % HOUR === 0 ? HOUR : 0;
    if (width === 0) return this.read(from, to, spaceId);
    // A day's ragged edges (the open day, a range that starts within one) are whole hours and a few minutes.
    const edges = (a: number, b: number) =>
      width === DAY ? this.rollups(a, b, HOUR, spaceId) : this.read(a, b, spaceId);
    const settled = Math.floor(this.now().getTime() / 60_000) - SETTLED_AFTER_MINUTES;
    const first = Math.ceil(from / width) * width;
    const end = Math.min(Math.floor(to / width), Math.floor(settled / width)) * width;
    if (end <= first) return edges(from, to);
    const [head, middle, tail] = await Promise.all([
      first > from ? edges(from, first) : [],
      this.closedPeriods(first, end, width, spaceId),
      to > end ? edges(end, to) : [],
    ]);
    return [...head, ...middle, ...tail];
  }

  /** The roll-ups of the closed periods from `first` to `end`: cached ones, and the missing runs folded. */
  private async closedPeriods(
    first: number,
    end: number,
    width: number,
    spaceId?: string,
  ): Promise<JobMetricRollup[]> {
    const found = new Map<number, JobMetricRollup[]>();
    const runs: [number, number][] = [];
    for (let start = first; start < end; start += width) {
      const cached = this.periods.get(periodKey(spaceId, width, start));
      if (cached) found.set(start, cached);
      else {
        const last = runs.at(-1);
        if (last && last[1] === start) last[1] = start + width;
        else runs.push([start, start + width]);
      }
    }
    const filled = await Promise.all(runs.map(([from, to]) => this.fill(from, to, width, spaceId)));
    for (const periods of filled) for (const [start, rollups] of periods) found.set(start, rollups);
    const rollups: JobMetricRollup[] = [];
    for (let start = first; start < end; start += width) rollups.push(...(found.get(start) ?? []));
    return rollups;
  }

  /**
   * Folds and caches the periods from `first` to `end`: a day from cached hours, hours from minute rows read a slice
   * at a time, the event loop let run between slices.
   */
  private async fill(
    first: number,
    end: number,
    width: number,
    spaceId: string | undefined,
  ): Promise<Map<number, JobMetricRollup[]>> {
    const periods = new Map<number, JobMetricRollup[]>();
    const slice = width === DAY ? end - first : Math.max(width, FILL_SLICE_MINUTES);
    for (let from = first; from < end; from += slice) {
      if (from > first) await yieldToLoop();
      const to = Math.min(end, from + slice);
      const finer =
        width === DAY
          ? await this.closedPeriods(from, to, HOUR, spaceId)
          : await this.read(from, to, spaceId);
      const tables = new Map<number, RollupTable>();
      for (let start = from; start < to; start += width) tables.set(start, new RollupTable());
      for (const rollup of finer) {
        const start = Math.floor(rollup.minute / width) * width;
        // All spaces add up to one roll-up per operation: the all-space answer has no space in its buckets.
        const { spaceId: _space, ...withoutSpace } = rollup;
        tables.get(start)?.add([{ ...(spaceId === undefined ? withoutSpace : rollup), minute: start }]);
      }
      for (const [start, table] of tables) {
        const rollups = [...table.all()];
        periods.set(start, rollups);
        this.periods.set(periodKey(spaceId, width, start), rollups);
      }
    }
    for (const oldest of this.periods.keys()) {
      if (this.periods.size <= this.maxPeriods) break;
      this.periods.delete(oldest);
    }
    return periods;
  }
}

const periodKey = (spaceId: string | undefined, width: number, start: number) =>
  `${spaceId ?? ""}\u0000${width}\u0000${start}`;
