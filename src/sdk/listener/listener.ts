import {
  filterMatches,
  ListenerAnnouncement,
  listenersHandling,
  topicMatches,
  type EventFilter,
  type ListenerHandler,
} from "../../core";
import type { ApiClient } from "../client/client";
import { createClient } from "../client/create-client";
import type { TokenSource } from "../client/http";
import { JobCanceledError, ListenerStoppedError } from "./errors";
import { EventStream } from "./checked-event-stream";
import {
  streamTopics,
  type BackoffOptions,
  type StreamEvent,
  type StreamFilters,
  type StreamReset,
} from "./event-stream";
import { consoleLogger, errorMessage, type Logger } from "./logger";
import { Scheduler } from "./scheduler";

/** What a handler receives besides the event. */
export type HandlerContext = {
  /** A client bound to the mount's server and token, sending the listener's `X-Listener-Id`. */
  api: ApiClient;
  /**
   * Aborts when the event's job is canceled (reason: `JobCanceledError`) or the listener is unmounted (reason:
   * `ListenerStoppedError`). Pass it to `fetch` and check it between steps of long work.
   */
  signal: AbortSignal;
  /** The listener's logger. */
  logger: Logger;
};

/** A function run for each matching event. It may be async; a throw is logged and the listener carries on. */
export type EventHandler = (event: StreamEvent, context: HandlerContext) => unknown;

/** A function that registers handlers on a listener: `listener.use(plugin)`. */
export type ListenerPlugin = (listener: Listener) => void;

/** One topic glob or several (any of them). */
export type Topics = string | readonly string[];

/** How a listener delivers events. */
export type ListenerOptions = {
  /**
   * How the listener is listed by `GET /listeners` while it is mounted: the `npm_package_name` of the process running
   * it unless given, else "listener".
   */
  name?: string;
  /** Its version, listed next to its name: the `npm_package_version` of the process running it unless given. */
  version?: string;
  /** The machine it runs on: the host name in Node unless given; none in a browser. */
  host?: string;
  /** Most handlers running at once, across all jobs (8); the rest wait in order. */
  maxConcurrency?: number;
  /**
   * Once mounted, dispatch the `job:ready` of the ready jobs it handles that became ready before its stream opened:
   * they waited for a listener (true). `false` receives new events only.
   */
  pickUpWaitingJobs?: boolean;
  /** Where failed handlers, dropped connections and resets are reported (`console` by default). */
  logger?: Logger;
  /**
   * Sent as `X-Listener-Id` by the handlers' `api`: the first ack claims a job for this listener, so two listeners
   * never run one job. A random id per listener unless given (give a stable one to survive restarts).
   */
  listenerId?: string;
  /** How many recent event ids are remembered to deliver each event once (10,000). */
  dedupeSize?: number;
  /** Called when the server sent a `reset`: events may have been missed, so refetch whatever state you keep. */
  onReset?: (reset: StreamReset) => void;
  /** Tuning of the stream: reconnect back-off, silence watchdog (45 s), what counts as a healthy connection. */
  stream?: { backoff?: BackoffOptions; watchdogMs?: number; healthyAfterMs?: number; random?: () => number };
};

/** Where a listener connects. */
export type MountOptions = {
  /** The server, e.g. `http://localhost:8080`. */
  baseUrl: string;
  /** A secret key (listeners run server-side) or an operator token. */
  token: TokenSource;
  /** Only events of this space (filtered by the server). */
  spaceId?: string;
  /** The `fetch` used by the stream and by the handlers' `api`. */
  fetch?: typeof fetch;
  /** Resume after this log position instead of starting with new events only. */
  lastEventId?: string;
};

type Registration = { topics: readonly string[]; filter: EventFilter | undefined; handler: EventHandler };

/** What a listener's process tells about itself, where there is a process (Node); nothing in a browser. */
type ProcessInfo = {
  env?: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
};
const processInfo = (globalThis as { process?: ProcessInfo }).process;

function defaultHost(): string | undefined {
  try {
    const os = processInfo?.getBuiltinModule?.("node:os") as { hostname?: () => string } | undefined;
    return os?.hostname?.();
  } catch {
    return undefined;
  }
}

/** Most ready jobs a listener looks at when it connects (oldest first), to start those that waited for it. */
const PICK_UP_LIMIT = 100;

/** A bounded set of recently seen keys, oldest dropped first. */
class RecentIds {
  readonly #ids = new Set<string>();
  constructor(private readonly size: number) {}

  /** Adds `id`; false when it was already there. */
  add(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.size) {
      const oldest = this.#ids.values().next().value;
      if (oldest !== undefined) this.#ids.delete(oldest);
    }
    return true;
  }
}

/** `lst_` and 32 hex digits; `getRandomValues` (unlike `randomUUID`) also works on a page served over plain http. */
function randomListenerId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `lst_${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** A signal that aborts when any of `signals` does, with that signal's reason. */
function anySignal(signals: AbortSignal[]): AbortSignal {
  if (typeof AbortSignal.any === "function") return AbortSignal.any(signals);
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}

function toTopics(topics: Topics): readonly string[] {
  return typeof topics === "string" ? [topics] : [...topics];
}

function unmountedClient(): ApiClient {
  return createClient({
    baseUrl: "http://unmounted.invalid",
    fetch: () =>
      Promise.reject(new Error("the listener is not mounted, so its handlers have no server to call")),
  });
}

type Mounted = {
  stream: EventStream;
  api: ApiClient;
  stopping: AbortController;
  scheduler: Scheduler;
  spaceId: string | undefined;
};

/** What the listeners of one tree share: the connection, the delivery queues and the cancel watch. */
class Runtime {
  readonly logger: Logger;
  readonly listenerId: string;
  readonly #options: ListenerOptions;
  readonly #seen: RecentIds;
  /** Per job with work queued or running: aborted when a `job:updated` says the job was canceled. */
  readonly #jobSignals = new Map<string, { controller: AbortController; pending: number }>();
  #scheduler: Scheduler;
  #mounted: Mounted | undefined;
  #unmounting: Promise<void> | undefined;
  #filtersQueued = false;
  #idleApi: ApiClient | undefined;
  /** The announcement the stream last sent, to reconnect when the handlers change it. */
  #announced: string | undefined;
  #pickingUp: Promise<void> = Promise.resolve();

  constructor(
    readonly root: Listener,
    options: ListenerOptions,
  ) {
    this.#options = options;
    this.logger = options.logger ?? consoleLogger;
    this.listenerId = options.listenerId ?? randomListenerId();
    this.#seen = new RecentIds(options.dedupeSize ?? 10_000);
    this.#scheduler = new Scheduler(options.maxConcurrency ?? 8);
  }

  get mounted(): boolean {
    return this.#mounted !== undefined;
  }

  get stream(): EventStream | undefined {
    return this.#mounted?.stream;
  }

  async mount(options: MountOptions): Promise<void> {
    if (this.#unmounting) await this.#unmounting;
    if (this.#mounted) throw new Error("The listener is already mounted: unmount() it first");
    const api = createClient({
      baseUrl: options.baseUrl,
      token: options.token,
      fetch: options.fetch,
      listenerId: this.listenerId,
    });
    const stream = new EventStream({
      baseUrl: options.baseUrl,
      token: options.token,
      fetch: options.fetch,
      lastEventId: options.lastEventId,
      filters: this.#filters(options.spaceId),
      announce: () => {
        const announcement = this.announcement();
        this.#announced = JSON.stringify(announcement);
        return announcement;
      },
      onEvent: (event) => void this.dispatch(event),
      onReset: (reset) => {
        // Events were missed: a job:ready among them would leave its job waiting.
        if (this.#mounted && this.#options.pickUpWaitingJobs !== false)
          void this.#pickUpReadyJobs(this.#mounted, Number(reset.lastEventId));
        this.#options.onReset?.(reset);
      },
      logger: this.logger,
      ...this.#options.stream,
    });
    const mounted: Mounted = {
      stream,
      api,
      stopping: new AbortController(),
      scheduler: this.#scheduler,
      spaceId: options.spaceId,
    };
    this.#mounted = mounted;
    try {
      await stream.start();
    } catch (error) {
      if (this.#mounted === mounted) this.#mounted = undefined;
      await stream.close();
      throw error;
    }
    const start = stream.startCursor;
    if (start !== undefined && this.#options.pickUpWaitingJobs !== false)
      this.#pickingUp = this.#pickUpReadyJobs(mounted, start);
  }

  /** Resolves once the jobs that were ready when the listener connected were looked at (and dispatched). */
  get pickedUp(): Promise<void> {
    return this.#pickingUp;
  }

  /**
   * What the listener tells the server when its stream connects: its name, version, host, concurrency and what its
   * handlers receive (each `on()` with the filters of the scopes around it). Checked with core's schema: one that
   * would not pass (a topic or filter beyond the server's limits) says it handles every topic instead.
   */
  announcement(): ListenerAnnouncement {
    const env = processInfo?.env ?? {};
    const handles: ListenerHandler[] = [];
    const seen = new Set<string>();
    this.root.collectHandles([], (handler) => {
      const key = JSON.stringify(handler);
      if (!seen.has(key)) {
        seen.add(key);
        handles.push(handler);
      }
    });
    const name = this.#options.name ?? env.npm_package_name ?? "listener";
    const version = this.#options.version ?? env.npm_package_version;
    const host = this.#options.host ?? defaultHost();
    const announcement = {
      id: this.listenerId,
      name: name.slice(0, 200) || "listener",
      ...(version ? { version: version.slice(0, 64) } : {}),
      ...(host ? { host: host.slice(0, 255) } : {}),
      handles,
      concurrency: this.#options.maxConcurrency ?? 8,
    };
    const checked = ListenerAnnouncement.safeParse(announcement);
    return checked.success ? checked.data : { ...announcement, handles: [{ topics: ["**"] }] };
  }

  /**
   * Starts the jobs that became ready while no listener handling them was connected: their `job:ready` went out to
   * nobody. Each is dispatched as its `job:ready` event through the normal path (delivered once per event id; the
   * claim rule keeps a job to one runner when several listeners pick it up). Only events up to `through`, where the
   * stream started: later ones come through the stream, in order with the job's other events.
   */
  async #pickUpReadyJobs(mounted: Mounted, through: number): Promise<void> {
    try {
      const self = [this.announcement()];
      const { data: jobs } = await mounted.api.jobs.list({
        status: "ready",
        sortDirection: "asc",
        pageSize: PICK_UP_LIMIT,
        ...(mounted.spaceId ? { spaceId: mounted.spaceId } : {}),
      });
      for (const job of jobs) {
        if (this.#mounted !== mounted) return;
        if (listenersHandling(job, self).length === 0) continue;
        const { data: events } = await mounted.api.events.list({
          jobId: job.id,
          topic: "job:ready",
          includeAcknowledged: true,
        });
        const ready = events.at(-1);
        if (ready && ready.position <= through && this.#mounted === mounted) void this.dispatch(ready);
      }
    } catch (error) {
      this.logger.warn(`looking for ready jobs that waited for a listener failed: ${errorMessage(error)}`, {
        error,
      });
    }
  }

  unmount(): Promise<void> {
    const mounted = this.#mounted;
    if (!mounted) return this.#unmounting ?? Promise.resolve();
    this.#unmounting = (async () => {
      await mounted.stream.close();
      mounted.stopping.abort(new ListenerStoppedError());
      await mounted.scheduler.stop();
      this.#scheduler = new Scheduler(this.#options.maxConcurrency ?? 8);
      this.#jobSignals.clear();
      this.#mounted = undefined;
      this.#announced = undefined;
    })().finally(() => {
      this.#unmounting = undefined;
    });
    return this.#unmounting;
  }

  /** The handlers' filters changed: give the stream the new topic union (once per tick, however many changes). */
  registrationsChanged(): void {
    if (this.#filtersQueued) return;
    this.#filtersQueued = true;
    queueMicrotask(() => {
      this.#filtersQueued = false;
      const mounted = this.#mounted;
      if (!mounted) return;
      const before = mounted.stream.filters;
      mounted.stream.setFilters(this.#filters(mounted.spaceId));
      // Nothing sent yet: the connection being made reads the announcement as it is now.
      if (this.#announced === undefined || JSON.stringify(this.announcement()) === this.#announced) return;
      // New filters reconnect the stream already; otherwise reconnect so the server hears what it handles now.
      if (mounted.stream.filters === before) mounted.stream.reconnect();
    });
  }

  #filters(spaceId: string | undefined): StreamFilters {
    const topics: string[] = [];
    this.root.collectTopics(topics);
    // Cancellation reaches handlers through `job:updated`, whether or not a handler asked for that topic.
    const union = streamTopics([...topics, "job:updated"]);
    return { ...(spaceId ? { spaceId } : {}), ...(union ? { topics: union } : {}) };
  }

  /** Delivers one event: once, to every matching handler, in order per job, within the concurrency bound. */
  dispatch(event: StreamEvent): Promise<void> {
    if (!this.#seen.add(event.id)) return Promise.resolve();
    const jobId = event.context.jobId;
    if (jobId && event.topic === "job:updated" && event.payload.status === "canceled") {
      const entry = this.#jobSignals.get(jobId);
      if (entry) {
        entry.controller.abort(new JobCanceledError(jobId));
        this.#jobSignals.delete(jobId);
      }
    }
    const handlers: EventHandler[] = [];
    this.root.collectHandlers(event, handlers);
    if (handlers.length === 0) return Promise.resolve();

    const scheduler = this.#scheduler;
    const mounted = this.#mounted;
    const key = jobId ? `job:${jobId}` : `event:${event.id}`;
    const runs = handlers.map((handler) => {
      const signal = this.#signalFor(jobId, mounted?.stopping.signal);
      return scheduler
        .enqueue(key, () => this.#run(handler, event, signal.signal, mounted))
        .finally(signal.release);
    });
    return Promise.all(runs).then(() => undefined);
  }

  #signalFor(jobId: string | undefined, stopping: AbortSignal | undefined) {
    if (!jobId) return { signal: stopping ?? new AbortController().signal, release: () => undefined };
    let entry = this.#jobSignals.get(jobId);
    if (!entry) {
      entry = { controller: new AbortController(), pending: 0 };
      this.#jobSignals.set(jobId, entry);
    }
    entry.pending += 1;
    const current = entry;
    const signals = stopping ? [current.controller.signal, stopping] : [current.controller.signal];
    return {
      signal: signals.length === 1 ? current.controller.signal : anySignal(signals),
      release: () => {
        current.pending -= 1;
        // Forget the job once nothing of it is queued or running; a later cancel has nothing to reach.
        if (current.pending === 0 && this.#jobSignals.get(jobId) === current) this.#jobSignals.delete(jobId);
      },
    };
  }

  async #run(
    handler: EventHandler,
    event: StreamEvent,
    signal: AbortSignal,
    mounted: Mounted | undefined,
  ): Promise<void> {
    const api = mounted?.api ?? (this.#idleApi ??= unmountedClient());
    try {
      await handler(event, { api, signal, logger: this.logger });
    } catch (error) {
      this.logger.error(`a handler of ${event.topic} failed: ${errorMessage(error)}`, {
        eventId: event.id,
        topic: event.topic,
        jobId: event.context.jobId,
        error,
      });
    }
  }
}

/**
 * Routes events to handlers, as `@flatfile/listener` does: `on(topic, filter?, handler)`, scoped children with
 * `filter()` and `namespace()`, plugins with `use()`; `mount()` connects it to a server's event stream.
 *
 * Create one with {@link createListener}.
 */
export class Listener {
  readonly #runtime: Runtime;
  readonly #scope: EventFilter | undefined;
  #registrations: Registration[] = [];
  readonly #children: Listener[] = [];

  /** @internal use {@link createListener}, or `filter()` / `namespace()` for a child. */
  constructor(options: ListenerOptions = {}, parent?: { runtime: Runtime; scope: EventFilter }) {
    this.#runtime = parent?.runtime ?? new Runtime(this, options);
    this.#scope = parent?.scope;
  }

  /** The id sent as `X-Listener-Id` by the handlers' `api`. */
  get listenerId(): string {
    return this.#runtime.listenerId;
  }

  /** True while mounted. */
  get mounted(): boolean {
    return this.#runtime.mounted;
  }

  /**
   * What the listener announces when its stream connects (`GET /listeners` lists it): id, name, version, host, what
   * its handlers receive, concurrency.
   */
  get announcement(): ListenerAnnouncement {
    return this.#runtime.announcement();
  }

  /**
   * Resolves once the jobs that were ready when the listener mounted, and that it handles, were dispatched: they
   * became ready while no listener for them was connected, and start now.
   */
  get pickedUp(): Promise<void> {
    return this.#runtime.pickedUp;
  }

  /** The underlying stream while mounted (its cursor, connection count, filters; `reconnect()` to force a resume). */
  get stream(): EventStream | undefined {
    return this.#runtime.stream;
  }

  /**
   * Runs `handler` for every event whose topic matches `topics` (globs with `:`: `job:ready`, `job:*`, `*:created`,
   * `**`) and, when given, whose fields match `filter` (`{ job: "workbook:export" }`, `{ sheet: ["a", "b"] }`).
   */
  on(topics: Topics, handler: EventHandler): this;
  on(topics: Topics, filter: EventFilter, handler: EventHandler): this;
  on(topics: Topics, filterOrHandler: EventFilter | EventHandler, maybeHandler?: EventHandler): this {
    const [filter, handler] =
      typeof filterOrHandler === "function" ? [undefined, filterOrHandler] : [filterOrHandler, maybeHandler];
    if (typeof handler !== "function") throw new TypeError("on(): the handler must be a function");
    this.#registrations.push({ topics: toTopics(topics), filter, handler });
    this.#runtime.registrationsChanged();
    return this;
  }

  /** Removes what `on()` registered with the same topics and handler (and the same filter, when one is given). */
  off(topics: Topics, handler: EventHandler): this;
  off(topics: Topics, filter: EventFilter, handler: EventHandler): this;
  off(topics: Topics, filterOrHandler: EventFilter | EventHandler, maybeHandler?: EventHandler): this {
    const [filter, handler] =
      typeof filterOrHandler === "function" ? [undefined, filterOrHandler] : [filterOrHandler, maybeHandler];
    const wanted = JSON.stringify(toTopics(topics));
    this.#registrations = this.#registrations.filter(
      (r) =>
        !(
          JSON.stringify(r.topics) === wanted &&
          r.handler === handler &&
          (filter === undefined || JSON.stringify(r.filter) === JSON.stringify(filter))
        ),
    );
    this.#runtime.registrationsChanged();
    return this;
  }

  /**
   * A child listener that only sees events matching `filter` (on top of this listener's own scope). `setup` is
   * called with it, which is handy for grouping: `listener.filter({ spaceId }, (l) => l.on(...))`.
   */
  filter(filter: EventFilter, setup?: (listener: Listener) => void): Listener {
    // The parent's scope is checked before the child is reached, so the child holds only its own filter.
    const child = new Listener({}, { runtime: this.#runtime, scope: filter });
    this.#children.push(child);
    setup?.(child);
    return child;
  }

  /** A child listener for events of the given namespaces (`filter({ namespaces })`). */
  namespace(namespaces: string | readonly string[], setup?: (listener: Listener) => void): Listener {
    return this.filter({ namespaces: typeof namespaces === "string" ? namespaces : [...namespaces] }, setup);
  }

  /** Applies a plugin: a function that registers handlers on this listener (`jobHandler(...)` is one). */
  use(plugin: ListenerPlugin): this {
    plugin(this);
    return this;
  }

  /**
   * Connects the listener (and all its children) to a server: one event stream with the topics the handlers need.
   * Resolves once the stream is open; rejects if the server refuses it (bad token, unknown space).
   */
  mount(options: MountOptions): Promise<void> {
    return this.#runtime.mount(options);
  }

  /**
   * Stops reading, aborts the handlers' signals, drops events not yet started and resolves once the running
   * handlers have returned.
   */
  unmount(): Promise<void> {
    return this.#runtime.unmount();
  }

  /**
   * Delivers an event as if it came from the stream (once per id, to the matching handlers of the whole tree, in
   * order per job). Resolves when its handlers have run. Useful to feed events from elsewhere, and in tests.
   */
  dispatchEvent(event: StreamEvent): Promise<void> {
    return this.#runtime.dispatch(event);
  }

  /** @internal every topic glob registered in this subtree. */
  collectTopics(out: string[]): void {
    for (const registration of this.#registrations) out.push(...registration.topics);
    for (const child of this.#children) child.collectTopics(out);
  }

  /** @internal every registration of this subtree, with the filters of the scopes around it first. */
  collectHandles(scopes: readonly EventFilter[], out: (handler: ListenerHandler) => void): void {
    const filters = this.#scope ? [...scopes, this.#scope] : scopes;
    for (const { topics, filter } of this.#registrations) {
      const all = filter ? [...filters, filter] : filters;
      out({ topics: [...topics], ...(all.length > 0 ? { filters: [...all] } : {}) });
    }
    for (const child of this.#children) child.collectHandles(filters, out);
  }

  /** @internal the handlers of this subtree that match `event`, own handlers first, in registration order. */
  collectHandlers(event: StreamEvent, out: EventHandler[]): void {
    if (this.#scope && !filterMatches(this.#scope, event)) return;
    for (const { topics, filter, handler } of this.#registrations) {
      if (topicMatches(topics, event.topic) && filterMatches(filter, event)) out.push(handler);
    }
    for (const child of this.#children) child.collectHandlers(event, out);
  }
}

/**
 * A new listener. Register handlers with `on()`, then `mount({ baseUrl, token })` to receive events.
 *
 * @example
 * const listener = createListener({ maxConcurrency: 4 });
 * listener.on("job:ready", { job: "workbook:export" }, async (event, { api, signal }) => {
 *   await api.jobs.ack(event.context.jobId!, { info: "Exporting", progress: 10 });
 *   // ... work, watching `signal` ...
 *   await api.jobs.complete(event.context.jobId!, { outcome: { message: "Exported" } });
 * });
 * await listener.mount({ baseUrl: "http://localhost:8080", token: process.env.API_SECRET_KEY! });
 */
export function createListener(options: ListenerOptions = {}): Listener {
  return new Listener(options);
}
