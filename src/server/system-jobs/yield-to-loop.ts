/**
 * Lets the event loop run what is waiting (requests, stream writes, timers) before the next chunk of a system job.
 * A timer, not a microtask: microtasks run before I/O, so only a macrotask gives other requests their turn. Runs in
 * browsers too (mock mode), where there is no setImmediate.
 */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
