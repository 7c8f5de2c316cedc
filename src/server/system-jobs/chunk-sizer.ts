/**
 * How many rows the next chunk of a system job takes, so that one chunk holds the event loop for about `targetMs`
 * (well under the 50 ms budget, since a commit and a stream write may follow it in the same turn). It starts small,
 * then follows the measured time per row, growing or shrinking by at most a factor of two per chunk.
 */
export class ChunkSizer {
  #size: number;

  constructor(
    private readonly options: { targetMs?: number; initial?: number; min?: number; max?: number } = {},
  ) {
    this.#size = options.initial ?? 200;
  }

  get size(): number {
    return this.#size;
  }

  /** Records how long the last chunk of `rows` rows took. */
  observe(elapsedMs: number, rows: number): void {
    if (rows <= 0) return;
    const { targetMs = 20, min = 20, max = 20_000 } = this.options;
    const perRow = Math.max(elapsedMs, 0.01) / rows;
    const ideal = targetMs / perRow;
    const bounded = Math.min(Math.max(ideal, this.#size / 2), this.#size * 2);
    this.#size = Math.round(Math.min(Math.max(bounded, min), max));
  }
}
