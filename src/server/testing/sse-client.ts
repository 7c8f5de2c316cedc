import { createParser, type EventSourceMessage } from "eventsource-parser";

export type SseMessage = EventSourceMessage;

export type SseConnectOptions = {
  /** Bearer token sent in the Authorization header (omit for none; use `query.token` to send it in the URL). */
  token?: string;
  /** Sent as the `Last-Event-ID` header. */
  lastEventId?: string | number;
  /** Query parameters (`spaceId`, `topic`, `domain`, `lastEventId`, `token`). */
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
};

export type SseClient = {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON error body when the server refused the stream (status other than 200). */
  readonly errorBody: unknown;
  /** Every message received, in arrival order (`event` is undefined for plain messages, "reset" for a reset). */
  readonly messages: SseMessage[];
  /** Comment lines (": ping"), without the leading colon. */
  readonly comments: string[];
  /** Raw chunks in arrival order, for checks on what came first. */
  readonly chunks: string[];
  /** The id of the last message that carried one, as a reconnecting EventSource would send it. */
  readonly lastEventId: string | undefined;
  /** True once the response body has ended (server closed it, or `close()` was called). */
  readonly ended: boolean;
  /** Plain messages (no `event:` type) parsed as JSON, with their SSE id as a number. */
  events<T = Record<string, unknown>>(): { position: number; data: T }[];
  /** Resolves when `predicate` holds (checked after every chunk); rejects after `timeoutMs`. */
  waitFor(predicate: (client: SseClient) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  /** Aborts the request and waits for the reader to stop. */
  close(): Promise<void>;
};

/**
 * A small server-sent-events client over `fetch`, for tests: connects (optionally resuming with Last-Event-ID),
 * collects messages with their ids and comments, and can be aborted at any time.
 */
export async function connectSse(url: string, options: SseConnectOptions = {}): Promise<SseClient> {
  const target = new URL(url);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) target.searchParams.set(key, String(value));
  }
  const headers: Record<string, string> = { accept: "text/event-stream", ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.lastEventId !== undefined) headers["last-event-id"] = String(options.lastEventId);

  const controller = new AbortController();
  const response = await fetch(target, { headers, signal: controller.signal });

  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const chunks: string[] = [];
  let lastEventId: string | undefined;
  let ended = false;
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const check of [...waiters]) check();
  };

  let errorBody: unknown;
  let reading: Promise<void> = Promise.resolve();
  if (response.status !== 200 || !response.body) {
    const text = await response.text();
    try {
      errorBody = text ? JSON.parse(text) : undefined;
    } catch {
      errorBody = text;
    }
    ended = true;
  } else {
    const parser = createParser({
      onEvent(message) {
        messages.push(message);
        if (message.id !== undefined) lastEventId = message.id;
      },
      onComment(comment) {
        comments.push(comment.trim());
      },
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    reading = (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          parser.feed(value);
          notify();
        }
      } catch {
        // Aborted by close(), or the server dropped the connection: either way the stream has ended.
      } finally {
        ended = true;
        notify();
      }
    })();
  }

  const client: SseClient = {
    status: response.status,
    headers: response.headers,
    errorBody,
    messages,
    comments,
    chunks,
    get lastEventId() {
      return lastEventId;
    },
    get ended() {
      return ended;
    },
    events<T>() {
      return messages
        .filter((m) => m.event === undefined || m.event === "message")
        .map((m) => ({ position: Number(m.id), data: JSON.parse(m.data) as T }));
    },
    waitFor(predicate, timeoutMs = 5_000, what = "condition") {
      if (predicate(client)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `SSE: timed out after ${timeoutMs} ms waiting for ${what} (${messages.length} messages)`,
            ),
          );
        }, timeoutMs);
        const check = () => {
          let ok = false;
          try {
            ok = predicate(client);
          } catch (error) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(error as Error);
            return;
          }
          if (ok) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          } else if (ended) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(new Error(`SSE: the stream ended while waiting for ${what}`));
          }
        };
        waiters.add(check);
      });
    },
    async close() {
      controller.abort();
      await reading;
    },
  };
  return client;
}
