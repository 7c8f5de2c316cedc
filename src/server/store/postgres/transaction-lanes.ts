type Waiting = { independent: boolean; start: () => void };

/**
 * Admission of one instance's transactions: `independent` ones run side by side, up to `width` at once; any other
 * runs alone, after those before it and before those after it (arrival order, so neither kind starves the other).
 * Each waits for its turn before it begins, never in the middle, so no transaction holds a row lock while it waits
 * here and the lanes cannot deadlock with the database's locks.
 */
export class TransactionLanes {
  readonly #waiting: Waiting[] = [];
  #running = 0;
  #alone = false;
  #closed = false;
  #idle: (() => void) | undefined;

  constructor(private readonly width: number) {}

  run<T>(work: () => Promise<T>, independent: boolean): Promise<T> {
    if (this.#closed) return Promise.reject(new Error("the store is closed"));
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({
        independent,
        start: () => {
          work()
            .then(resolve, reject)
            .finally(() => {
              this.#running--;
              this.#alone = false;
              this.#admit();
            });
        },
      });
      this.#admit();
    });
  }

  /** Refuses new transactions from now on; resolves once the ones accepted before have ended. */
  close(): Promise<void> {
    this.#closed = true;
    return new Promise((resolve) => {
      this.#idle = resolve;
      this.#admit();
    });
  }

  #admit(): void {
    while (!this.#alone) {
      const next = this.#waiting[0];
      if (!next) break;
      if (next.independent ? this.#running >= this.width : this.#running > 0) break;
      this.#waiting.shift();
      this.#running++;
      this.#alone = !next.independent;
      next.start();
    }
    if (this.#closed && this.#running === 0 && this.#waiting.length === 0) this.#idle?.();
  }
}
