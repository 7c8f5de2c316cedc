/** A bucket's rate: `perSecond` tokens flow in, up to `burst`; each request takes one. */
export type BucketRate = { perSecond: number; burst: number };

/** What one `take` found: whether it was allowed, and what the `RateLimit-*` and `Retry-After` headers say. */
export type BucketState = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until the next request would be allowed (0 when it is allowed now). */
  retryAfterSeconds: number;
};

type Bucket = { tokens: number; at: number };

/** Sweeps for idle buckets at most this often, so a take stays O(1) on average. */
const SWEEP_INTERVAL_MS = 30_000;

/**
 * Token buckets by key, in memory. The map is kept in least-recently-used order (a take moves its key to the end),
 * so idle buckets are found at the front: a bucket that has refilled is the same as no bucket and is dropped, and
 * past `maxBuckets` the least recently used go first. Memory stays bounded whatever number of keys callers invent.
 */
export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();
  #sweptAt = 0;

  constructor(
    readonly rate: BucketRate,
    private readonly now: () => number = Date.now,
    private readonly maxBuckets = 100_000,
  ) {}

  get size(): number {
    return this.#buckets.size;
  }

  take(key: string): BucketState {
    const now = this.now();
    const { perSecond, burst } = this.rate;
    const bucket = this.#buckets.get(key);
    let tokens = bucket ? Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond) : burst;
    const allowed = tokens >= 1;
    if (allowed) tokens -= 1;
    this.#buckets.delete(key);
    this.#buckets.set(key, { tokens, at: now });
    this.#evict(now);
    return {
      allowed,
      limit: burst,
      remaining: Math.floor(tokens),
      resetSeconds: Math.ceil((burst - tokens) / perSecond),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / perSecond)),
    };
  }

  /** Puts back the token a take of `key` used when what it paid for did not happen; never past `burst`. */
  giveBack(key: string): void {
    const bucket = this.#buckets.get(key);
    // No bucket: it has refilled (or was evicted), which is as full as it gets.
    if (!bucket) return;
    const now = this.now();
    const refilled = bucket.tokens + ((now - bucket.at) / 1000) * this.rate.perSecond;
    this.#buckets.set(key, { tokens: Math.min(this.rate.burst, refilled + 1), at: now });
  }

  #evict(now: number): void {
    while (this.#buckets.size > this.maxBuckets) {
      const oldest = this.#buckets.keys().next();
      if (oldest.done) break;
      this.#buckets.delete(oldest.value);
    }
    if (now - this.#sweptAt < SWEEP_INTERVAL_MS) return;
    this.#sweptAt = now;
    const refillMs = (this.rate.burst / this.rate.perSecond) * 1000;
    for (const [key, bucket] of this.#buckets) {
      // Least recently used first: the first bucket still refilling means every later one is too.
      if (now - bucket.at < refillMs) break;
      this.#buckets.delete(key);
    }
  }
}
