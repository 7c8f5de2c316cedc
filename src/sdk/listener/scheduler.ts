/** One unit of work: a handler run for one event. */
export type Task = () => Promise<void>;

/**
 * Runs tasks with two rules: tasks with the same key run one after another in the order they were queued (the
 * events of one job), and at most `maxConcurrency` tasks run at once across all keys (the rest wait, first come
 * first served).
 */
export class Scheduler {
  readonly #maxConcurrency: number;
  readonly #queues = new Map<string, { task: Task; done: () => void }[]>();
  readonly #slotWaiters: (() => void)[] = [];
  readonly #running = new Set<Promise<void>>();
  #busy = 0;
  #stopped = false;

  constructor(maxConcurrency: number) {
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1)
      throw new RangeError(`maxConcurrency must be a positive integer, got ${maxConcurrency}`);
    this.#maxConcurrency = maxConcurrency;
  }

  /** Tasks running right now. */
  get running(): number {
    return this.#running.size;
  }

  /** Tasks queued and not started yet. */
  get queued(): number {
    let count = 0;
    for (const queue of this.#queues.values()) count += queue.length;
    return count - this.#running.size;
  }

  /** Queues `task` behind the other tasks of `key`; resolves when it ran (or was dropped by `stop()`). */
  enqueue(key: string, task: Task): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    return new Promise<void>((done) => {
      const queue = this.#queues.get(key);
      if (queue) {
        queue.push({ task, done });
        return;
      }
      this.#queues.set(key, [{ task, done }]);
      void this.#work(key);
    });
  }

  /**
   * Starts no more tasks (queued ones are dropped) and resolves when the running ones have finished.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const wake of this.#slotWaiters.splice(0)) wake();
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  async #work(key: string): Promise<void> {
    const queue = this.#queues.get(key);
    if (!queue) return;
    while (queue.length > 0) {
      await this.#acquire();
      const entry = queue[0];
      if (this.#stopped || !entry) {
        this.#release();
        break;
      }
      const run = entry.task().catch(() => undefined);
      this.#running.add(run);
      try {
        await run;
      } finally {
        this.#running.delete(run);
        this.#release();
        queue.shift();
        entry.done();
      }
    }
    for (const entry of queue.splice(0)) entry.done();
    this.#queues.delete(key);
  }

  #acquire(): Promise<void> {
    if (this.#stopped || this.#busy < this.#maxConcurrency) {
      this.#busy += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.#slotWaiters.push(() => {
        this.#busy += 1;
        resolve();
      }),
    );
  }

  #release(): void {
    this.#busy -= 1;
    const next = this.#slotWaiters.shift();
    if (next) next();
  }
}
