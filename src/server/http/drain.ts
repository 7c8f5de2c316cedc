import type { MiddlewareHandler } from "hono";

/**
 * The "this instance is going away" switch, shared by the pieces of the app that must react to it: the health check
 * answers 503 so a load balancer takes the instance out, responses ask keep-alive clients to close their connection,
 * and open event streams tell their clients to reconnect elsewhere. It holds no Node handles, so the app stays
 * runnable in a browser; the Node entry starts it when a signal arrives.
 */
export class Drain {
  #draining = false;
  readonly #listeners = new Set<() => void>();

  /** True once `start()` was called. */
  get draining(): boolean {
    return this.#draining;
  }

  /**
   * Calls `listener` when draining starts, or at once (synchronously) if it already has, so a stream opened during
   * the drain is told to go elsewhere too. Answers the function that unregisters it.
   */
  onDrain(listener: () => void): () => void {
    if (this.#draining) {
      listener();
      return () => undefined;
    }
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Starts draining; calling it again does nothing. */
  start(): void {
    if (this.#draining) return;
    this.#draining = true;
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        // One stream that cannot be told must not keep the others from hearing it.
        console.error("drain listener failed", error);
      }
    }
  }
}

/**
 * While draining, every response carries `Connection: close`: a keep-alive client then opens its next connection
 * to another instance instead of reusing one to a server that is about to close it.
 */
export function closeConnectionsWhileDraining(drain: Drain): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (drain.draining) c.header("connection", "close");
  };
}
