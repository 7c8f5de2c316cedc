import type { Event } from "../../../core";

export type LogFollowerOptions = {
  /** Up to `limit` events after `position`, in position order (the store's `readEventsAfter`). */
  readAfter: (position: number, limit: number) => Promise<Event[]>;
  /** Hands events to the commit listeners, in position order, each exactly once. */
  emit: (events: Event[]) => void;
  /** Whether anyone listens; without listeners the follower only moves its cursor and reads nothing. */
  hasListeners: () => boolean;
  /** The log position everything before has already happened (the log's last position when the store opened). */
  start: number;
  batchSize?: number;
};

/**
 * Turns "the log has grown to position N" (this instance's own commits, a NOTIFY from another instance, a poll of
 * the log) into commit-listener calls in position order, every event once, whatever order the news arrives in.
 *
 * Positions are dense and commit in position order (they are allocated under a transaction-level lock), so the
 * log up to any position a commit or a notification names is complete when the news arrives: reading after the
 * cursor can never skip an event that commits later. Own commits whose first position is the next one are
 * handed on from memory; anything else (another instance's events, or own events behind a gap) is read from the
 * log. One drain runs at a time, so events are never emitted twice or out of order.
 */
export class LogFollower {
  #cursor: number;
  #known: number;
  /** Own committed events not yet emitted, by position. */
  readonly #pending = new Map<number, Event>();
  #draining: Promise<void> | undefined;
  #again = false;
  readonly #batchSize: number;
  readonly #waiters = new Set<{ position: number; resolve: () => void }>();

  constructor(private readonly options: LogFollowerOptions) {
    this.#cursor = options.start;
    this.#known = options.start;
    this.#batchSize = options.batchSize ?? 500;
  }

  /** The last position handed to the listeners (or skipped while nobody listened). */
  get cursor(): number {
    return this.#cursor;
  }

  /** Events this instance just committed. */
  committed(events: Event[]): void {
    if (events.length === 0) return;
    for (const event of events) {
      if (event.position > this.#cursor) this.#pending.set(event.position, event);
    }
    this.#learn(events[events.length - 1]!.position);
  }

  /** The log holds everything up to `position` (a notification, or a poll of the log's last position). */
  reached(position: number): void {
    if (Number.isSafeInteger(position)) this.#learn(position);
  }

  /**
   * Resolves once the listeners have been handed every event up to `position` (at once when they have), or after
   * `timeoutMs` if a read of the log fails meanwhile: the events still come, in order, with the next news.
   */
  until(position: number, timeoutMs = 5_000): Promise<void> {
    if (this.#cursor >= position) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        resolve();
      }, timeoutMs);
      const waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.#waiters.add(waiter);
    });
  }

  /** Resolves once everything known so far has been emitted (tests, and shutdown). */
  async settled(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  #learn(position: number): void {
    if (position > this.#known) this.#known = position;
    if (this.#known <= this.#cursor) return;
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = this.#drain().finally(() => {
      this.#draining = undefined;
      if (this.#again) {
        this.#again = false;
        this.#learn(this.#known);
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#cursor < this.#known) {
      if (!this.options.hasListeners()) {
        // Nobody to tell: jump ahead rather than read what no one would receive.
        this.#cursor = this.#known;
        this.#pending.clear();
        this.#release();
        return;
      }
      const fromMemory: Event[] = [];
      for (let next = this.#pending.get(this.#cursor + 1); next; next = this.#pending.get(this.#cursor + 1)) {
        this.#pending.delete(next.position);
        fromMemory.push(next);
        this.#cursor = next.position;
      }
      if (fromMemory.length > 0) {
        this.#emit(fromMemory);
        continue;
      }
      let batch: Event[];
      try {
        batch = await this.options.readAfter(this.#cursor, this.#batchSize);
      } catch (error) {
        // The next notification or poll starts another drain from the same cursor: nothing is skipped.
        console.error("reading the event log failed", error);
        return;
      }
      const fresh = batch.filter((event) => event.position > this.#cursor);
      if (fresh.length === 0) return;
      for (const event of fresh) this.#pending.delete(event.position);
      this.#cursor = fresh[fresh.length - 1]!.position;
      this.#emit(fresh);
    }
  }

  #emit(events: Event[]): void {
    try {
      this.options.emit(events);
    } catch (error) {
      console.error("commit listener failed", error);
    }
    this.#release();
  }

  /** Resolves the waiters the cursor has now passed. */
  #release(): void {
    for (const waiter of this.#waiters) {
      if (waiter.position > this.#cursor) continue;
      this.#waiters.delete(waiter);
      waiter.resolve();
    }
  }
}
