/**
 * Lets the event loop run what is waiting (requests, stream writes, timers) before the next chunk of a system job.
 * A macrotask, not a microtask: microtasks run before I/O, so only a macrotask gives other requests their turn. In
 * Node `setImmediate`, which runs right after the I/O that is ready; a `setTimeout(0)` would idle for a millisecond
 * each time, a tenth of a fast chunk. Browsers (mock mode) have no setImmediate and take the timer.
 */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === "function") setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}
