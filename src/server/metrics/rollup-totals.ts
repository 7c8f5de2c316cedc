import { yieldToLoop } from "../system-jobs/yield-to-loop";
import type { JobMetricRollup } from "./job-metric-changes";
import { SETTLED_AFTER_MINUTES, type ReadMinuteRollups } from "./period-rollup-cache";
import { RollupTable } from "./rollup-table";

/** The last minute a roll-up can have (the stores' INTEGER column). */
const LAST_MINUTE = 2_147_483_647;
/** Roll-up rows a slice of the fold aims at: a few milliseconds of parsing and adding between turns of the loop. */
const SLICE_ROWS = 2_000;
const MIN_SLICE_MINUTES = 60;
const MAX_SLICE_MINUTES = 30 * 1_440;

/**
 * Every roll-up so far added up per operation, for the Prometheus counters: the minutes that are over (past
 * `SETTLED_AFTER_MINUTES`) are folded once, a slice at a time with the event loop let run between slices, and kept;
 * each call then reads only the minutes since. A scrape once summed every roll-up of the history at once, holding
 * the loop for as long as the history was long.
 */
export class RollupTotals {
  private readonly totals = new RollupTable();
  /** The minutes before this one are in `totals`; undefined before the first call. */
  private through: number | undefined;
  private sliceMinutes = MIN_SLICE_MINUTES;
  /** The fold under way: calls at once wait for one fold rather than each adding the same minutes. */
  private folding: Promise<void> = Promise.resolve();

  constructor(
    private readonly read: ReadMinuteRollups,
    private readonly firstMinute: () => Promise<number | undefined>,
    private readonly now: () => Date,
  ) {}

  /** One roll-up per operation for the settled minutes, and the roll-ups of the minutes since, as they are now. */
  async rollups(): Promise<JobMetricRollup[]> {
    const settled = Math.floor(this.now().getTime() / 60_000) - SETTLED_AFTER_MINUTES;
    const fold = this.folding.then(() => this.foldUntil(settled));
    this.folding = fold.catch(() => undefined);
    await fold;
    const since = await this.read(this.through ?? settled, LAST_MINUTE);
    return [...this.totals.all(), ...since];
  }

  private async foldUntil(settled: number): Promise<void> {
    this.through ??= (await this.firstMinute()) ?? settled;
    while (this.through < settled) {
      const to = Math.min(settled, this.through + this.sliceMinutes);
      const rollups = await this.read(this.through, to);
      this.totals.add(rollups.map(({ spaceId: _space, ...rollup }) => ({ ...rollup, minute: 0 })));
      this.through = to;
      // Slices follow the rows' density: a sparse history is read in longer and longer slices, a
      // busy one in short ones.
      const scaled = Math.min(
        2 * this.sliceMinutes,
        (this.sliceMinutes * SLICE_ROWS) / Math.max(1, rollups.length),
      );
      this.sliceMinutes = Math.round(Math.min(MAX_SLICE_MINUTES, Math.max(MIN_SLICE_MINUTES, scaled)));
      await yieldToLoop();
    }
  }
}
