import type { ApiClient } from "../client/client";
import type { Logger } from "../listener/logger";

/** A promise with its resolve function outside, for handlers a test releases at the moment it chooses. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once `predicate` holds (polled every 10 ms); rejects with `what` after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** Reads until `done` says so (every 20 ms, up to `tries` reads); answers the last value read. */
export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  tries = 500,
): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await read();
    if (done(value)) return value;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The events a job of `spaceId` published (topics `job:*`), in log order. */
export async function jobEvents(api: ApiClient, spaceId: string, jobId: string) {
  const { data } = await api.events.list({ spaceId, topic: "job:*", pageSize: 1000 });
  return data.filter((e) => e.context.jobId === jobId);
}

/** A logger that keeps every line, so tests can assert on what the listener reported. */
export function memoryLogger(): Logger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const log = (level: string) => (message: string) => void lines.push({ level, message });
  return { lines, debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

/**
 * A `fetch` for the event stream that the test can cut: `drop()` errors the body of the open stream mid-read (as a
 * network failure does) and aborts its request, so the listener has to reconnect and resume.
 */
export function droppableFetch(): { fetch: typeof fetch; drop(): boolean; streams: number } {
  let current: AbortController | undefined;
  const state = {
    streams: 0,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      if (!url.includes("/events/stream")) return fetch(input, init);
      const controller = new AbortController();
      init?.signal?.addEventListener("abort", () => controller.abort(init.signal?.reason), { once: true });
      current = controller;
      state.streams += 1;
      return fetch(input, { ...init, signal: controller.signal });
    }) as typeof fetch,
    drop(): boolean {
      if (!current || current.signal.aborted) return false;
      current.abort(new Error("connection dropped by the test"));
      return true;
    },
  };
  return state;
}
