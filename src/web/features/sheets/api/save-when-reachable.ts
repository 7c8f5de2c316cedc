import { ConnectionError } from "../../../../sdk";

/** How long to wait before trying again after `attempt` failed tries, if nothing says the server is back sooner. */
export const retryDelayMs = (attempt: number) => Math.min(1_000 * 2 ** attempt, 15_000);

/**
 * Sends a save until the server answers: a call that found no server (`ConnectionError`) waits, via `wait`, for the
 * connection to come back, then is sent again; a refusal or success ends it. So an edit made offline is not lost:
 * it stays pending (the cell shows it as saving) and is saved once the server is back.
 *
 * @param wait resolves when it is worth trying again (the connection came back, or the given delay passed)
 */
export async function saveWhenReachable<T>(
  send: () => Promise<T>,
  wait: (delayMs: number) => Promise<void>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof ConnectionError)) throw error;
    }
    await wait(retryDelayMs(attempt));
  }
}
