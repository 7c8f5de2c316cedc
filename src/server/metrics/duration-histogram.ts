/**
 * A fixed log-scale histogram of durations in milliseconds, the same bins in every store and roll-up, so histograms
 * of different minutes, operations and spaces add up bin by bin. Bin 0 holds durations up to 1 ms; bin b >= 1 holds
 * (2^((b-1)/8), 2^(b/8)] ms, up to the last bin, which also holds everything longer (about 49 days and more). Upper
 * edges are inclusive, as Prometheus's `le`, so whole-millisecond durations on an edge (4 ms, 16 ms) count below it.
 * A percentile read from it is the bin's geometric middle: at most 2^(1/16) - 1 (4.4%) from the true value above
 * 1 ms, and at most 0.5 ms off up to 1 ms.
 */
export const BINS_PER_DOUBLING = 8;
export const LAST_DURATION_BIN = 32 * BINS_PER_DOUBLING;

/** Counts by bin index; bins without a count are absent (most roll-ups fill a few bins of the 257). */
export type DurationHistogram = Record<number, number>;

export function durationBin(ms: number): number {
  if (!(ms > 1)) return 0;
  const bin = Math.ceil(BINS_PER_DOUBLING * Math.log2(ms));
  return Math.min(bin, LAST_DURATION_BIN);
}

/** The value a bin stands for: its geometric middle (half a millisecond for bin 0). */
export function binMiddle(bin: number): number {
  if (bin <= 0) return 0.5;
  return 2 ** ((bin - 0.5) / BINS_PER_DOUBLING);
}

export function addDuration(histogram: DurationHistogram, ms: number, count = 1): void {
  const bin = durationBin(ms);
  histogram[bin] = (histogram[bin] ?? 0) + count;
}

/** Adds `from` into `into` bin by bin (times `sign`: -1 takes it back out); a bin that reaches 0 is dropped. */
export function mergeHistogram(into: DurationHistogram, from: DurationHistogram, sign: 1 | -1 = 1): void {
  for (const [bin, count] of Object.entries(from)) {
    const index = Number(bin);
    const sum = (into[index] ?? 0) + sign * count;
    if (sum === 0) delete into[index];
    else into[index] = sum;
  }
}

export function histogramCount(histogram: DurationHistogram): number {
  let total = 0;
  for (const count of Object.values(histogram)) total += count;
  return total;
}

/**
 * The q-quantile (0 < q <= 1) by nearest rank: the middle of the bin holding the ceil(q * n)-th smallest duration,
 * rounded to a tenth of a millisecond; null for an empty histogram.
 */
export function histogramQuantile(histogram: DurationHistogram, q: number): number | null {
  return histogramQuantiles(histogram, [q])[0] ?? null;
}

/**
 * Several quantiles (ascending) in one pass over the bins: a month by hour reads four per bucket for thousands of
 * buckets, and walking the 257 indexes is faster than listing and sorting an object's keys.
 */
export function histogramQuantiles(histogram: DurationHistogram, qs: readonly number[]): (number | null)[] {
  const total = histogramCount(histogram);
  if (total === 0) return qs.map(() => null);
  const ranks = qs.map((q) => Math.max(1, Math.ceil(q * total)));
  const found: (number | null)[] = qs.map(() => null);
  let next = 0;
  let seen = 0;
  for (let bin = 0; bin <= LAST_DURATION_BIN && next < ranks.length; bin++) {
    const count = histogram[bin];
    if (count === undefined) continue;
    seen += count;
    while (next < ranks.length && seen >= (ranks[next] ?? Infinity)) {
      found[next] = Math.round(binMiddle(bin) * 10) / 10;
      next++;
    }
  }
  return found;
}
