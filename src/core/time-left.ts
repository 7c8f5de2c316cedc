/**
 * How long a running job has left, for the overlay and the jobs panel. The listener's own estimate
 * (`estimatedCompletionAt`) wins; without one, the rate of the recent progress ticks gives one, but only while the
 * progress is steady: a job that stalls, jumps or slows down gets no figure at all rather than a wild guess.
 */

/** One observed progress value of a job, at a time in ms since the epoch. */
export type ProgressSample = { at: number; progress: number };

/** How many recent samples an estimate looks at (and a history keeps). */
export const PROGRESS_SAMPLES_KEPT = 20;
/** Samples older than this are too old to say anything about the current rate. */
const WINDOW_MS = 60_000;
/** The rate needs at least this many samples over at least this long. */
const MIN_SAMPLES = 3;
const MIN_SPAN_MS = 2_000;
/** The rate of the newer half of the window must be within this factor of the older half's. */
const STEADY_FACTOR = 2;
/** Longer estimates than this are not shown: they say more about the noise than about the job. */
const MAX_ESTIMATE_MS = 24 * 60 * 60 * 1000;

export type TimeLeftInput = {
  progress: number | undefined;
  estimatedCompletionAt?: string | undefined;
  /** The job's recent progress, oldest first. */
  samples?: readonly ProgressSample[];
  now: number;
};

/** Appends a sample to a history, dropping repeats of the same value and keeping the last `PROGRESS_SAMPLES_KEPT`. */
export function addProgressSample(
  history: readonly ProgressSample[],
  sample: ProgressSample,
): ProgressSample[] {
  const last = history[history.length - 1];
  // A lower value means the job restarted (a retry): the old history describes another run.
  if (last && sample.progress < last.progress) return [sample];
  if (last && sample.progress === last.progress) return [...history];
  return [...history, sample].slice(-PROGRESS_SAMPLES_KEPT);
}

function rate(from: ProgressSample, to: ProgressSample): number {
  return (to.progress - from.progress) / (to.at - from.at);
}

/** Milliseconds left, or undefined when nothing trustworthy can be said. */
export function estimateTimeLeft({
  progress,
  estimatedCompletionAt,
  samples = [],
  now,
}: TimeLeftInput): number | undefined {
  if (estimatedCompletionAt) {
    const end = Date.parse(estimatedCompletionAt);
    if (!Number.isNaN(end)) return Math.max(0, end - now);
  }
  if (progress === undefined || progress <= 0 || progress >= 100) return undefined;
  const recent = samples.filter((sample) => now - sample.at <= WINDOW_MS);
  if (recent.length < MIN_SAMPLES) return undefined;
  const first = recent[0]!;
  const last = recent[recent.length - 1]!;
  const span = last.at - first.at;
  if (span < MIN_SPAN_MS) return undefined;
  const overall = rate(first, last);
  if (!(overall > 0)) return undefined;
  // Steady: the older and the newer half of the window move at comparable rates.
  const middle = recent[Math.floor(recent.length / 2)]!;
  if (middle.at > first.at && last.at > middle.at) {
    const older = rate(first, middle);
    const newer = rate(middle, last);
    if (!(older > 0) || !(newer > 0)) return undefined;
    if (newer / older > STEADY_FACTOR || older / newer > STEADY_FACTOR) return undefined;
  }
  // Stalled: much longer without a tick than the ticks usually take.
  const typicalGap = span / (recent.length - 1);
  const sinceLast = now - last.at;
  if (sinceLast > Math.max(3 * typicalGap, 5_000)) return undefined;
  const left = (100 - Math.max(progress, last.progress)) / overall - sinceLast;
  if (left > MAX_ESTIMATE_MS) return undefined;
  return Math.max(0, left);
}
