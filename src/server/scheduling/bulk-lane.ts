import { yieldToLoop } from "../system-jobs/yield-to-loop";

/** The share of the event loop bulk work may take while other requests wait, unless configured. */
export const DEFAULT_BULK_SHARE = 0.1;

/**
 * How long after an interactive request the lane still counts as busy: requests that wait in the socket for the loop
 * have not reached a route yet, so the count in flight alone reads 0 exactly when the loop is busiest.
 */
const RECENT_MS = 200;

/** Most time bulk work may be owed: one very long step never stalls the lane for longer than this. */
const MAX_DEBT_MS = 2_000;

export type BulkLaneOptions = {
  /** Share of the loop, above 0 and at most 1, that bulk work may take while interactive requests are in flight. */
  share?: number;
  /** Milliseconds since an arbitrary origin (tests pass a fake clock). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Paces bulk work (10,000-record writes, their answers, long event replays) on the one event loop that every request
 * shares. Bulk work runs in steps, one step at a time across all bulk requests, each after a turn of the loop. While
 * the lane is contended (interactive requests, everything else: a job's update, a health check, a page of records,
 * are in flight or were a moment ago), a step that took `t` ms is followed by a pause of `t * (1 - share) / share`
 * ms before the next one, so interactive work keeps at least `1 - share` of the loop however many bulk requests are
 * queued. With nothing else going on, bulk work runs at full speed and owes nothing.
 *
 * Without it, four clients posting large batches each took a step per loop turn and every job update waited behind
 * all four: the job lifecycle rate fell to 3% of its rate alone (bench, "under abuse").
 */
export class BulkLane {
  readonly share: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #interactive = 0;
  #lastInteractiveAt = Number.NEGATIVE_INFINITY;
  /** When the next step may start while interactive requests are in flight. */
  #readyAt = Number.NEGATIVE_INFINITY;
  #queue: Promise<void> = Promise.resolve();

  constructor(options: BulkLaneOptions = {}) {
    const share = options.share ?? DEFAULT_BULK_SHARE;
    if (!(share > 0 && share <= 1))
      throw new Error(`The bulk share must be above 0 and at most 1, got ${share}`);
    this.share = share;
    this.#now = options.now ?? (() => performance.now());
    this.#sleep = options.sleep ?? realSleep;
  }

  /** Whether interactive requests are in flight, or were a moment ago. */
  get contended(): boolean {
    return this.#interactive > 0 || this.#now() - this.#lastInteractiveAt < RECENT_MS;
  }

  /** An interactive request started; call what it returns when it ends (more calls change nothing). */
  interactiveStarted(): () => void {
    this.#interactive++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#interactive--;
      this.#lastInteractiveAt = this.#now();
    };
  }

  /**
   * Runs one step of bulk work when its turn comes: after the steps already queued and a turn of the loop, and, while
   * the lane is contended, once the pause owed for earlier steps is over. A step must not wait for
   * another step (it would wait for itself); one that holds the store's write lock charges its time instead
   * (`charge`), since pausing while holding it would stall every other write.
   */
  run<T>(step: () => T | Promise<T>): Promise<T> {
    const result = this.#queue.then(async () => {
      await this.#waitForTurn();
      const started = this.#now();
      try {
        return await step();
      } finally {
        this.charge(this.#now() - started);
      }
    });
    this.#queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Counts `ms` of bulk work done outside `run` (inside a write transaction) against the share. */
  charge(ms: number): void {
    const now = this.#now();
    if (!this.contended || this.share >= 1) {
      this.#readyAt = now;
      return;
    }
    const owed = (Math.max(ms, 0) * (1 - this.share)) / this.share;
    this.#readyAt = Math.min(Math.max(this.#readyAt, now) + owed, now + MAX_DEBT_MS);
  }

  async #waitForTurn(): Promise<void> {
    await yieldToLoop();
    // Checked again after each pause: once the interactive requests are done, the rest of the pause is forgiven.
    for (let wait = this.#readyAt - this.#now(); this.#interactive > 0 && wait > 0;) {
      await this.#sleep(Math.min(wait, 50));
      wait = this.#readyAt - this.#now();
    }
  }
}

/**
 * Runs `step` as a step of `lane`; where there is none (a request that is not bulk work, a worker), at once, or after
 * a plain turn of the loop when it follows an earlier step of the same work (`follows`).
 */
export async function bulkStep<T>(
  lane: BulkLane | undefined,
  step: () => T | Promise<T>,
  follows = false,
): Promise<T> {
  if (lane) return lane.run(step);
  if (follows) await yieldToLoop();
  return step();
}
