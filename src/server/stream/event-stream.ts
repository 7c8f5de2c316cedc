import type { Context } from "hono";
import { EventStreamQuery, topicMatches, type Event, type Principal } from "../../core";
import { notFound, tooManyRequests, unavailable } from "../http/api-error";
import { principalKey } from "../http/rate-limit";
import type { Drain } from "../http/drain";
import type { ApiRouter, AppEnv } from "../http/api-router";
import type { BulkLane } from "../scheduling/bulk-lane";
import type { ListenerPresenceTracker } from "../presence/listener-presence";
import { requireOperator } from "../services/access";
import type { EventLogFilter, Store } from "../store/store";
import { yieldToLoop } from "../system-jobs/yield-to-loop";
import { sseFrame } from "./sse-frame";
import { sseResponse, type SseStream } from "./sse-stream";

export type StreamOptions = {
  /** Interval of the keep-alive comment; 15 s by default (proxies drop idle connections at 30-60 s). */
  heartbeatMs?: number;
  /** Events read per replay query. */
  batchSize?: number;
  /** Streams one token may hold open at once (the secret key is not counted against it); 0 for no cap. */
  maxPerToken?: number;
  /** Streams this instance holds open at once, whoever holds them; 0 for no cap. */
  maxTotal?: number;
  /**
   * Most log positions one replay query covers. The store filters in the database, so a query over positions where
   * nothing matches returns nothing; this bounds what one query may have to pass over before it answers.
   */
  scanWindow?: number;
};

export const DEFAULT_STREAM_CAPS = { maxPerToken: 20, maxTotal: 2_000 };

/** The `retry` a draining instance asks for: soon, but not all clients in the same millisecond. */
const RECONNECT_RETRY_MS = 250;

type StreamFilter = { spaceId?: string; topics?: string[]; domain?: string };

function matches(event: Event, filter: StreamFilter, principal: Principal): boolean {
  if (principal.kind === "user" && event.context.spaceId !== principal.spaceId) return false;
  if (filter.spaceId && event.context.spaceId !== filter.spaceId) return false;
  if (filter.domain && event.domain !== filter.domain) return false;
  return !filter.topics?.length || topicMatches(filter.topics, event.topic);
}

/**
 * One subscriber: replays the log after its cursor, then follows commits. Commits arrive in position order from
 * the store and are sent straight from memory, synchronously, in the commit listener; only a gap between the cursor
 * and the next commit (events committed while the replay was running) is read from the log, so every event is sent
 * once, in order, whatever the timing.
 */
class Subscription {
  #cursor: number;
  #pending: Event[] = [];
  #running: Promise<void> | undefined;
  #closed = false;

  constructor(
    private readonly store: Store,
    private readonly stream: SseStream,
    private readonly filter: StreamFilter,
    private readonly principal: Principal,
    cursor: number,
    private readonly batchSize: number,
    private readonly scanWindow: number,
    private readonly lane: BulkLane,
  ) {
    this.#cursor = cursor;
  }

  /** What the store can select in the database: a user's stream is its space's whatever it asked. */
  get #logFilter(): EventLogFilter {
    const spaceId = this.principal.kind === "user" ? this.principal.spaceId : this.filter.spaceId;
    return {
      ...(spaceId ? { spaceId } : {}),
      ...(this.filter.domain ? { domain: this.filter.domain } : {}),
      ...(this.filter.topics?.length ? { topics: this.filter.topics } : {}),
    };
  }

  /** Catches up from the log; call once, after subscribing to commits. */
  start(): Promise<void> {
    return this.#flush(true);
  }

  push(events: Event[]): void {
    this.#pending.push(...events);
    if (!this.#running) this.#sendPending();
  }

  close(): void {
    this.#closed = true;
  }

  /**
   * Stops sending and resolves, once the write in progress (if any) is done, with the position the client has seen
   * up to: every event at or below it was sent or filtered out, none above it was sent.
   */
  async finish(): Promise<number> {
    this.#closed = true;
    await this.#running;
    return this.#cursor;
  }

  /** Reads the log after the cursor, then sends what was pushed meanwhile; one at a time. */
  #flush(fromLog: boolean): Promise<void> {
    this.#running ??= (fromLog ? this.#replay() : Promise.resolve()).finally(() => {
      this.#running = undefined;
      // Commits pushed while the log was being read are still queued.
      if (!this.#closed && this.#pending.length > 0) this.#sendPending();
    });
    return this.#running;
  }

  /** Sends the pushed events that follow the cursor; a gap before the next one is read from the log first. */
  #sendPending(): void {
    let sent = 0;
    while (!this.#closed && sent < this.#pending.length) {
      const next = this.#pending[sent] as Event;
      if (next.position > this.#cursor + 1) break;
      this.#send(next);
      sent++;
    }
    this.#pending.splice(0, sent);
    if (!this.#closed && this.#pending.length > 0) void this.#flush(true);
  }

  /**
   * Sends what the log holds after the cursor, up to its last position now (later commits are pushed): the store
   * selects the matching events in the database, a window of positions per query, and the event loop gets a turn
   * between queries, so a replay over millions of events that do not match holds it only as long as one query.
   * A replay longer than one window is bulk work: its queries are steps of the bulk lane. It waits for the client
   * when much is buffered for it (on the Node server's direct path), so a slow reader is not dropped for its replay.
   */
  async #replay(): Promise<void> {
    const last = await this.store.lastEventPosition();
    const filter = this.#logFilter;
    const long = last - this.#cursor > this.scanWindow;
    while (!this.#closed && this.#cursor < last) {
      const from = this.#cursor;
      const through = Math.min(from + this.scanWindow, last);
      const read = () => this.store.readEventsAfter(from, this.batchSize, { through, filter });
      const batch = long ? await this.lane.run(read) : await read();
      // Retention deletes a prefix of the log: when it reached past the cursor, what the client missed is gone.
      const first = await this.store.firstEventPosition();
      if (first > from + 1) this.#reset(first - 1);
      for (const event of batch) {
        // A client far behind takes a replay at its own pace rather than have it all buffered for it.
        const room = this.stream.room();
        if (room) await room;
        this.#send(event);
      }
      // A short read covered the whole window; a full one goes on after its last event.
      if (batch.length < this.batchSize && !this.#closed) this.#cursor = Math.max(this.#cursor, through);
      if (!long) await yieldToLoop();
    }
  }

  /** What the client had not seen up to `position` is gone: it must refetch, then follow from there. */
  #reset(position: number): void {
    this.#cursor = position;
    this.stream.writeMessage({
      event: "reset",
      data: JSON.stringify({ reason: "cursor-pruned", lastEventId: position }),
      id: String(position),
    });
  }

  #send(event: Event): void {
    if (this.#closed || event.position <= this.#cursor) return;
    this.#cursor = event.position;
    if (!matches(event, this.filter, this.principal)) return;
    this.stream.write(sseFrame(event));
  }
}

/** `GET /events/stream`: server-sent events with Last-Event-ID resume, heartbeats and server-side filters. */
export function registerEventStream(
  api: ApiRouter,
  store: Store,
  drain: Drain,
  options: StreamOptions = {},
  presence?: ListenerPresenceTracker,
): void {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const batchSize = options.batchSize ?? 500;
  const caps = new StreamCaps(
    options.maxPerToken ?? DEFAULT_STREAM_CAPS.maxPerToken,
    options.maxTotal ?? DEFAULT_STREAM_CAPS.maxTotal,
  );
  const scanWindow = options.scanWindow ?? 20_000;
  api.add(
    {
      method: "get",
      path: "/events/stream",
      tag: "Events",
      summary: "Stream events live (server-sent events)",
      description:
        "The `X-Stream-Cursor` response header is the position the stream starts after. A listener announces itself with `listener=` (the JSON of a `ListenerAnnouncement`; secret key or operator token): it is connected while one of its streams is open, and for a few seconds after the last one closed, so that a reconnect is not a disconnect (see `GET /listeners`). Each message's `id` is the event's log position and `data` the event as JSON. Reconnect with `Last-Event-ID` (or `?lastEventId=`) to receive everything after it, with no gap and no duplicate. A comment is sent at once and every 15 s. A cursor the log no longer covers gets an `event: reset` message: refetch, then follow. An instance that shuts down sends `event: reconnect` (with `retry: 250` and the cursor as `id`) and ends the stream: reconnect at once, with `Last-Event-ID`. EventSource cannot send headers, so `?token=` is accepted here.",
      access: "secret key, operator; user (own space)",
      query: EventStreamQuery,
      produces: "text/event-stream",
    },
    async ({ c, query, principal }) => {
      if (principal.kind === "user" && query.spaceId && query.spaceId !== principal.spaceId)
        throw notFound("space", query.spaceId);
      const header = c.req.header("last-event-id");
      const requested = header !== undefined && /^\d+$/.test(header) ? Number(header) : query.lastEventId;
      const [first, last] = await Promise.all([store.firstEventPosition(), store.lastEventPosition()]);
      if (query.listener) requireOperator(principal, "announce a listener");
      // Where the stream starts (as below: a cursor the log does not hold starts at its end). A listener that connects
      // reads the jobs that became ready before it from the API, and leaves those after it to the stream.
      const pruned = requested !== undefined && (requested > last || requested < first - 1);
      c.header("X-Stream-Cursor", String(requested === undefined || pruned ? last : requested));
      const releaseCap = caps.open(principal);
      let leave: (() => void) | undefined;
      try {
        // Before the stream answers: once a listener's stream is open, it is listed as connected.
        if (query.listener && presence) leave = await presence.opened(query.listener);
      } catch (error) {
        releaseCap();
        throw error;
      }
      const release = () => {
        releaseCap();
        leave?.();
      };
      return openStream(c, release, async (stream) => {
        let cursor = requested ?? last;
        // Ahead: the client knows positions this log never wrote (a reset database). Pruned: the events right
        // after the cursor were deleted by retention. Either way what it missed is gone: it must refetch.
        const reason =
          cursor > last ? "cursor-ahead-of-log" : cursor < first - 1 ? "cursor-pruned" : undefined;
        if (reason) {
          stream.writeMessage({
            event: "reset",
            data: JSON.stringify({ reason, lastEventId: last }),
            id: String(last),
          });
          cursor = last;
        }
        const subscription = new Subscription(
          store,
          stream,
          { spaceId: query.spaceId, topics: query.topic, domain: query.domain },
          principal,
          cursor,
          batchSize,
          scanWindow,
          api.lane,
        );
        const unsubscribe = store.onCommit((events) => subscription.push(events));
        const heartbeat = setInterval(() => stream.write(": ping\n\n"), heartbeatMs);
        let stopDraining: () => void = () => undefined;
        let ended!: () => void;
        const stopped = new Promise<void>((resolve) => (ended = resolve));
        const stop = () => {
          subscription.close();
          unsubscribe();
          clearInterval(heartbeat);
          stopDraining();
          ended();
        };
        // Registered before the replay, so a stream still catching up is told to move as promptly as one that follows.
        stopDraining = drain.onDrain(() => void sendReconnect(stream, subscription).finally(stop));
        await subscription.start();
        if (stream.aborted || stream.closed) stop();
        else stream.onAbort(stop);
        await stopped;
      });
    },
  );
}

/**
 * The instance is shutting down: a short `retry` and `event: reconnect` with the cursor as `id`, so any SSE client
 * (EventSource included) reconnects soon, through the load balancer to another instance, and resumes where it was.
 */
async function sendReconnect(stream: SseStream, subscription: Subscription): Promise<void> {
  const cursor = await subscription.finish();
  stream.writeMessage({
    event: "reconnect",
    data: JSON.stringify({ reason: "server-shutting-down", lastEventId: cursor }),
    id: String(cursor),
    retry: RECONNECT_RETRY_MS,
  });
}

/**
 * Open streams, per token and in total. A stream holds a connection and a commit listener for as long as the client
 * wants, so without a cap one token could hold the instance's sockets and memory.
 */
class StreamCaps {
  #total = 0;
  readonly #byToken = new Map<string, number>();

  constructor(
    private readonly maxPerToken: number,
    private readonly maxTotal: number,
  ) {}

  /** Counts a stream opened by `principal`, or refuses it; answers the function that releases it (once). */
  open(principal: Principal): () => void {
    if (this.maxTotal > 0 && this.#total >= this.maxTotal)
      throw unavailable(
        `This instance already holds its limit of ${this.maxTotal} open event streams; try again shortly`,
        5,
      );
    const key = principal.kind === "secret" ? undefined : principalKey(principal);
    const held = key === undefined ? 0 : (this.#byToken.get(key) ?? 0);
    if (key !== undefined && this.maxPerToken > 0 && held >= this.maxPerToken)
      throw tooManyRequests(
        `This token already holds its limit of ${this.maxPerToken} open event streams; close one before opening another`,
        5,
      );
    this.#total++;
    if (key !== undefined) this.#byToken.set(key, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#total--;
      if (key === undefined) return;
      const left = (this.#byToken.get(key) ?? 1) - 1;
      if (left > 0) this.#byToken.set(key, left);
      else this.#byToken.delete(key);
    };
  }
}

function openStream(
  c: Context<AppEnv>,
  release: () => void,
  run: (stream: SseStream) => Promise<void>,
): Response {
  c.header("X-Accel-Buffering", "no");
  c.header("Cache-Control", "no-cache, no-transform");
  return sseResponse(c, async (stream) => {
    try {
      stream.write(": connected\nretry: 2000\n\n");
      await run(stream);
    } finally {
      release();
    }
  });
}
