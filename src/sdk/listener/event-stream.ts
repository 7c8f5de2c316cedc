import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { Event, ListenerAnnouncement } from "../../core";
import { ApiError } from "../client/errors";
import { apiUrl, resolveToken, type TokenSource } from "../client/http";
import { errorMessage, silentLogger, type Logger } from "./logger";

/**
 * An event as the stream delivers it: core's `Event`, with any field a newer server adds (such as `namespaces`)
 * kept, so filters can match it.
 */
export type StreamEvent = Event & { readonly [field: string]: unknown };

/** Reads a message's JSON as an event, or says why it is not one. */
export type EventReader = (
  value: unknown,
) => { ok: true; event: StreamEvent } | { ok: false; message: string };

/**
 * Takes a message as the server sent it: for the dashboard, which its own server feeds from core's schemas (checking
 * them again cost the first page zod and the schemas). The SDK's {@link EventStream} checks each one.
 */
export const eventsAsSent: EventReader = (value) => ({ ok: true, event: value as StreamEvent });

/** The server-side filters of `GET /events/stream`. */
export type StreamFilters = {
  spaceId?: string;
  /** Topic globs (`job:*`, `space:created`); none means every topic. */
  topics?: readonly string[];
  domain?: string;
};

/** The server's `event: reset` message: its log does not hold the cursor, so state must be fetched again. */
export type StreamReset = {
  /** The position the stream continues after (the log's last position when the reset was sent). */
  lastEventId: string;
  /** Why, as the server put it: `cursor-ahead-of-log` (a reset database) or `cursor-pruned` (retention deleted it). */
  reason?: string;
};

/** Reconnection timing: exponential back-off with full jitter. */
export type BackoffOptions = {
  /** First delay ceiling, in ms (250). */
  baseMs?: number;
  /** Largest delay ceiling, in ms (10 s). */
  capMs?: number;
};

/** How {@link EventStream} connects and what it reports. */
export type EventStreamOptions = {
  /** The server, e.g. `http://localhost:8080`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer`, resolved again before every connection. */
  token?: TokenSource;
  fetch?: typeof fetch;
  filters?: StreamFilters;
  /** Resume after this log position; without it the stream starts at the end of the log (only new events). */
  lastEventId?: string;
  /**
   * The listener this stream belongs to, sent with every connection (`listener=`), so the server lists it as
   * connected while the stream is open, whichever instance a reconnect reaches. Read again before each connection.
   */
  announce?: () => ListenerAnnouncement | undefined;
  /** Called for every event, in log order, before the cursor moves past it. */
  onEvent: (event: StreamEvent) => void;
  /** Called when the server sent `event: reset`; the cursor has already moved to `lastEventId`. */
  onReset?: (reset: StreamReset) => void;
  /**
   * Called when the connection's state changes: `open` (a connection answered), `reconnecting` (it dropped and the
   * stream waits to try again; `attempt` counts tries since the last healthy connection), `refused` (the server
   * refused it for good: bad token, unknown space) and `closed` (after `close()`).
   */
  onStateChange?: (state: StreamState, detail: { attempt: number }) => void;
  logger?: Logger;
  backoff?: BackoffOptions;
  /** Reconnect when no byte (event or heartbeat comment) arrived for this long, in ms (45 s; the server pings every 15 s). */
  watchdogMs?: number;
  /** A connection that stayed open this long, in ms, or delivered an event, resets the back-off (5 s). */
  healthyAfterMs?: number;
  /** Random source in [0, 1) for the jitter (tests make it deterministic). */
  random?: () => number;
};

/** What a stream's connection is doing, as reported to `onStateChange`. */
export type StreamState = "open" | "reconnecting" | "refused" | "closed";

/** Statuses that will not change by retrying with the same URL and token. */
const FATAL_STATUSES = new Set([400, 401, 403, 404]);
/** The server's limits on the `topic` filter; beyond them the stream asks for every topic and filters locally. */
const MAX_TOPICS = 50;
const MAX_TOPIC_LENGTH = 1_024;
const TOPIC_GLOB = /^[a-z0-9*:_-]+$/i;

const RECONNECT = Symbol("reconnect");
const WATCHDOG = Symbol("watchdog");
const CLOSE = Symbol("close");

/**
 * The `topic` filter for a set of handler topic globs: undefined (every topic) when one of them is `**` or the set
 * is beyond what the server accepts, so the stream never filters out an event a handler wants.
 */
export function streamTopics(topics: Iterable<string>): string[] | undefined {
  const set = new Set<string>();
  for (const topic of topics) {
    // "" is read as "**" by topic matching; a glob the server's filter cannot express is matched locally.
    if (!topic || topic === "**" || topic.length > 128 || !TOPIC_GLOB.test(topic)) return undefined;
    set.add(topic);
  }
  const sorted = [...set].sort();
  if (sorted.length > MAX_TOPICS || sorted.join(",").length > MAX_TOPIC_LENGTH) return undefined;
  return sorted;
}

function sameFilters(a: StreamFilters, b: StreamFilters): boolean {
  return (
    a.spaceId === b.spaceId &&
    a.domain === b.domain &&
    (a.topics ?? []).join(",") === (b.topics ?? []).join(",") &&
    !a.topics === !b.topics
  );
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Waits `ms`, or less if one of `signals` aborts first. */
function sleep(ms: number, ...signals: AbortSignal[]): Promise<void> {
  return new Promise((resolve) => {
    if (signals.some((signal) => signal.aborted)) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      for (const signal of signals) signal.removeEventListener("abort", done);
      resolve();
    }
    for (const signal of signals) signal.addEventListener("abort", done, { once: true });
  });
}

/** Past this, an announcement's handlers are sent without their filters (broader, never narrower than the truth). */
const MAX_ANNOUNCEMENT_CHARS = 12_000;

/** The `listener=` query value: the announcement as JSON, its handlers simplified when it would not fit a URL. */
function announcementParam(announcement: ListenerAnnouncement | undefined): string | undefined {
  if (!announcement) return undefined;
  const json = JSON.stringify(announcement);
  if (json.length <= MAX_ANNOUNCEMENT_CHARS) return json;
  const topics = [...new Set(announcement.handles.flatMap((handler) => handler.topics))];
  const simpler = JSON.stringify({ ...announcement, handles: [{ topics: topics.slice(0, 50) }] });
  return simpler.length <= MAX_ANNOUNCEMENT_CHARS && topics.length <= 50
    ? simpler
    : JSON.stringify({ ...announcement, handles: [{ topics: ["**"] }] });
}

async function readErrorBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => "");
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return text;
  }
}

/**
 * One server-sent-events connection to `GET /v1/events/stream`, kept open: `fetch` plus `eventsource-parser` (so the
 * `Authorization` header can be sent), resume with `Last-Event-ID` after a drop, exponential back-off with full
 * jitter between attempts, a watchdog that reconnects a connection gone silent, the server's `reset` message, and
 * its `reconnect` message (the instance is shutting down: connect again at once, to another one). Each message is
 * read with `readEvent`: {@link EventStream} checks it with core's `Event`, the dashboard takes it as sent.
 */
export class EventStreamBase {
  readonly #readEvent: EventReader;
  readonly #options: EventStreamOptions;
  readonly #fetch: typeof fetch;
  readonly #logger: Logger;
  readonly #closer = new AbortController();
  #filters: StreamFilters;
  #cursor: string | undefined;
  #connection: AbortController | undefined;
  /** Aborted by `reconnect()` to cut a back-off wait short. */
  #wake: AbortController | undefined;
  #loop: Promise<void> | undefined;
  #connections = 0;
  #startCursor: number | undefined;
  /** Set by the server's `reconnect` message; the connection reading it ends and the next one starts at once. */
  #moveNow = false;
  readonly #firstOpen = deferred();

  constructor(options: EventStreamOptions, readEvent: EventReader) {
    this.#options = options;
    this.#readEvent = readEvent;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#logger = options.logger ?? silentLogger;
    this.#filters = options.filters ?? {};
    this.#cursor = options.lastEventId;
    // A caller that never awaits `start()` must not see an unhandled rejection.
    this.#firstOpen.promise.catch(() => undefined);
  }

  /** The position of the last event (or reset) received: what the next connection sends as `Last-Event-ID`. */
  get lastEventId(): string | undefined {
    return this.#cursor;
  }

  /** How many connections were opened so far (a reconnect adds one). */
  get connections(): number {
    return this.#connections;
  }

  /**
   * The log position the first connection started after (the server's `X-Stream-Cursor`): events after it come
   * through the stream, those up to it do not. Undefined until connected, or from a server that does not say.
   */
  get startCursor(): number | undefined {
    return this.#startCursor;
  }

  /** The filters the stream asks the server for. */
  get filters(): StreamFilters {
    return this.#filters;
  }

  /**
   * Starts reading in the background. Resolves once the first connection is open (events committed after that are
   * delivered); rejects if the server refuses the stream for good (bad token, unknown space) or `close()` comes first.
   */
  start(): Promise<void> {
    this.#loop ??= this.#run();
    return this.#firstOpen.promise;
  }

  /** Changes the server-side filters; an open connection is replaced at once, resuming from the cursor. */
  setFilters(filters: StreamFilters): void {
    if (sameFilters(filters, this.#filters)) return;
    this.#filters = filters;
    this.#connection?.abort(RECONNECT);
  }

  /**
   * Drops the current connection and connects again, resuming from the cursor (as after a network failure); during a
   * back-off wait, connects at once (call it when the network is known to be back, e.g. on the browser's `online`).
   */
  reconnect(): void {
    this.#connection?.abort(RECONNECT);
    this.#wake?.abort();
  }

  /** Stops reading; resolves when the connection is closed. Events not yet received are not delivered. */
  async close(): Promise<void> {
    this.#closer.abort(CLOSE);
    this.#connection?.abort(CLOSE);
    this.#firstOpen.reject(new Error("The event stream was closed before it connected"));
    await this.#loop;
  }

  async #run(): Promise<void> {
    const base = this.#options.backoff?.baseMs ?? 250;
    const cap = this.#options.backoff?.capMs ?? 10_000;
    const healthyAfter = this.#options.healthyAfterMs ?? 5_000;
    const random = this.#options.random ?? Math.random;
    let attempt = 0;
    let refused = false;
    while (!this.#closer.signal.aborted) {
      const connection = new AbortController();
      this.#connection = connection;
      const outcome = await this.#connect(connection);
      if (this.#closer.signal.aborted) break;
      if (outcome.fatal) {
        this.#logger.error(`event stream refused: ${outcome.fatal.message}`, {
          status: outcome.fatal.status,
        });
        this.#firstOpen.reject(outcome.fatal);
        this.#closer.abort(CLOSE);
        refused = true;
        break;
      }
      if (outcome.delivered || outcome.openMs >= healthyAfter) attempt = 0;
      if (connection.signal.reason === RECONNECT || outcome.moved) continue;
      const delay = Math.floor(random() * Math.min(cap, base * 2 ** attempt));
      attempt += 1;
      this.#options.onStateChange?.("reconnecting", { attempt });
      this.#logger.warn(`event stream dropped (${outcome.reason}); reconnecting in ${delay} ms`, {
        lastEventId: this.#cursor,
        attempt,
      });
      const wake = new AbortController();
      this.#wake = wake;
      await sleep(delay, this.#closer.signal, wake.signal);
      this.#wake = undefined;
    }
    this.#connection = undefined;
    this.#options.onStateChange?.(refused ? "refused" : "closed", { attempt });
  }

  /** One connection, from request to the end of its body. Never throws. */
  async #connect(
    connection: AbortController,
  ): Promise<{ fatal?: ApiError; delivered: boolean; moved: boolean; openMs: number; reason: string }> {
    const filters = this.#filters;
    const url = apiUrl(this.#options.baseUrl, "/events/stream", {
      spaceId: filters.spaceId,
      domain: filters.domain,
      topic: filters.topics?.length ? filters.topics : undefined,
      listener: announcementParam(this.#options.announce?.()),
    });
    const headers: Record<string, string> = { accept: "text/event-stream", "cache-control": "no-cache" };
    let delivered = false;
    this.#moveNow = false;
    let openedAt: number | undefined;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const watchdogMs = this.#options.watchdogMs ?? 45_000;
    const feedWatchdog = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => connection.abort(WATCHDOG), watchdogMs);
    };
    const result = (reason: string, fatal?: ApiError) => ({
      fatal,
      delivered,
      moved: this.#moveNow,
      openMs: openedAt === undefined ? 0 : Date.now() - openedAt,
      reason,
    });
    try {
      const token = await resolveToken(this.#options.token);
      if (token) headers.authorization = `Bearer ${token}`;
      if (this.#cursor !== undefined) headers["last-event-id"] = this.#cursor;
      feedWatchdog();
      const response = await this.#fetch(url, { headers, signal: connection.signal });
      if (!response.ok) {
        const error = ApiError.from(response.status, await readErrorBody(response));
        return result(`status ${response.status}`, FATAL_STATUSES.has(response.status) ? error : undefined);
      }
      if (!response.body) return result("no body");
      const start = response.headers.get("x-stream-cursor");
      if (this.#connections === 0 && start !== null && /^\d+$/.test(start)) this.#startCursor = Number(start);
      openedAt = Date.now();
      this.#connections += 1;
      this.#firstOpen.resolve();
      this.#options.onStateChange?.("open", { attempt: 0 });
      feedWatchdog();

      const parser = createParser({
        onEvent: (message) => {
          if (this.#handleMessage(message)) delivered = true;
        },
      });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          feedWatchdog();
          parser.feed(decoder.decode(value, { stream: true }));
          // Leave the loop rather than abort the request: the server ends the body right after this message, and
          // undici (Node 20) leaves a read pending for good when the request is aborted after the body has arrived.
          if (this.#moveNow) return result("the server asked to reconnect");
        }
      } finally {
        reader.cancel().catch(() => undefined);
      }
      return result("the server ended the stream");
    } catch (error) {
      const reason = connection.signal.reason;
      if (reason === WATCHDOG) return result(`no data for ${watchdogMs} ms`);
      if (reason === RECONNECT || reason === CLOSE) return result("reconnect");
      return result(errorMessage(error));
    } finally {
      clearTimeout(watchdog);
      // Releases the socket whatever ended the connection.
      if (!connection.signal.aborted) connection.abort(CLOSE);
    }
  }

  /**
   * The server's `event: reconnect`: that instance is shutting down. Connect again at once (the load balancer sends
   * the new connection to another instance), with no back-off: nothing is wrong, and a wait would only delay events.
   * The message's id is the server's cursor for this stream: every event up to it was sent before or filtered out,
   * so resuming from it misses and repeats nothing.
   */
  #moveToAnotherServer(message: EventSourceMessage): void {
    let data: { lastEventId?: unknown; reason?: unknown } = {};
    try {
      data = JSON.parse(message.data) as typeof data;
    } catch {
      // The id alone says where to resume; without it the cursor stays as it is.
    }
    const lastEventId = message.id ?? (data.lastEventId === undefined ? undefined : String(data.lastEventId));
    if (lastEventId !== undefined) this.#cursor = lastEventId;
    this.#logger.info("event stream: the server asked to reconnect; reconnecting at once", {
      reason: typeof data.reason === "string" ? data.reason : undefined,
      lastEventId: this.#cursor,
    });
    this.#moveNow = true;
  }

  /** Handles one SSE message; true when it was an event. The cursor moves only after the event was handed on. */
  #handleMessage(message: EventSourceMessage): boolean {
    if (this.#closer.signal.aborted) return false;
    if (message.event === "reset") {
      let data: { lastEventId?: unknown; reason?: unknown } = {};
      try {
        data = JSON.parse(message.data) as typeof data;
      } catch {
        // The id alone is enough to re-sync.
      }
      const lastEventId =
        message.id ?? (data.lastEventId === undefined ? undefined : String(data.lastEventId));
      if (lastEventId !== undefined) this.#cursor = lastEventId;
      const reset: StreamReset = {
        lastEventId: this.#cursor ?? "0",
        ...(typeof data.reason === "string" ? { reason: data.reason } : {}),
      };
      this.#logger.warn("event stream reset by the server: refetch state", reset);
      this.#options.onReset?.(reset);
      return false;
    }
    if (message.event === "reconnect") {
      this.#moveToAnotherServer(message);
      return false;
    }
    if (message.event !== undefined && message.event !== "message") return false;
    let parsed: ReturnType<EventReader> | undefined;
    try {
      parsed = this.#readEvent(JSON.parse(message.data));
    } catch (error) {
      this.#logger.warn(`event stream: a message is not JSON (${errorMessage(error)})`, { id: message.id });
    }
    if (parsed && !parsed.ok) {
      this.#logger.warn(`event stream: a message is not an event (${parsed.message})`, { id: message.id });
    }
    if (parsed?.ok) {
      try {
        this.#options.onEvent(parsed.event);
      } catch (error) {
        this.#logger.error(
          `event stream: delivering event ${parsed.event.id} failed: ${errorMessage(error)}`,
        );
      }
    }
    if (message.id !== undefined) this.#cursor = message.id;
    return !!parsed?.ok;
  }
}
