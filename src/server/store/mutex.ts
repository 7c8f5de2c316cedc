/** A promise-chain mutex: callers run one at a time, in arrival order. */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(work, work);
    // The chain must survive a rejected turn, or one failure would block every later caller.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
