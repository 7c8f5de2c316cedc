import type { StreamEvent } from "./listener/event-stream";
import { createListener, type Listener, type ListenerOptions } from "./listener/listener";

/**
 * What the bridge needs of a `@flatfile/listener` `FlatfileListener` (or anything shaped like one): the SDK does not
 * depend on that package, it only calls these methods.
 */
export type FlatfileListenerLike = {
  /** Routes one event to the listener's handlers (FlatfileListener wraps it in a `FlatfileEvent`). */
  dispatchEvent(event: unknown): unknown;
  /** Where `event.fetch()` and `event.data` send their requests, and with which token. */
  setVariables?(variables: { accessToken: string; apiUrl: string }): void;
};

/** Where the bridge connects, and how it delivers. */
export type FlatfileBridgeOptions = Pick<
  ListenerOptions,
  "maxConcurrency" | "logger" | "listenerId" | "stream" | "name" | "version" | "host"
> & {
  /** The server, e.g. `http://localhost:8080` (what `FLATFILE_API_URL` is set to for `@flatfile/api`). */
  baseUrl: string;
  /** The secret key (what `FLATFILE_API_KEY` is set to). */
  token: string;
  /** Only events of this space. */
  spaceId?: string;
  fetch?: typeof fetch;
  /** Resume after this log position instead of starting with new events only. */
  lastEventId?: string;
};

/** A running bridge. */
export type FlatfileBridge = {
  /** Our listener underneath (its stream, its id). */
  readonly listener: Listener;
  /** Stops the stream and resolves once the events being dispatched have been handled. */
  close(): Promise<void>;
};

/**
 * The event as `FlatfileEvent` reads it: Flatfile's `Event` fields (`createdAt` as a `Date`, `namespaces`, `target`,
 * `origin`), with `context.actionName` becoming `event.action`. No `dataUrl` is set, so `event.data` resolves to the
 * payload.
 */
export function toFlatfileEvent(event: StreamEvent): Record<string, unknown> {
  const { position: _position, createdAt, acknowledgedAt, ...rest } = event;
  return {
    ...rest,
    createdAt: new Date(createdAt),
    ...(acknowledgedAt ? { acknowledgedAt: new Date(acknowledgedAt) } : {}),
    namespaces: Array.isArray(event.namespaces) ? event.namespaces : [],
    target: typeof event.target === "string" ? event.target : "",
    origin: event.origin && typeof event.origin === "object" ? event.origin : {},
  };
}

/**
 * Feeds this server's event stream into an unmodified `@flatfile/listener` `FlatfileListener`, so listeners and
 * plugins written for Flatfile run here. The listener's API variables are pointed at `baseUrl` and `token` (so
 * `event.fetch()` reaches this server; `@flatfile/api` clients read `FLATFILE_API_URL` and `FLATFILE_API_KEY`
 * themselves). Events reach `dispatchEvent` once each, in order per job, a few jobs at a time.
 *
 * Note that `@flatfile/listener` lets an `AGENT_INTERNAL_URL` environment variable win over the URL set here.
 *
 * @example
 * const flatfile = new FlatfileListener();
 * flatfile.use(jobHandler("workbook:export", async (event, tick) => { ... }));
 * const bridge = await connectFlatfileListener(flatfile, { baseUrl, token: secretKey });
 * // ...
 * await bridge.close();
 */
export async function connectFlatfileListener(
  target: FlatfileListenerLike,
  options: FlatfileBridgeOptions,
): Promise<FlatfileBridge> {
  if (typeof target?.dispatchEvent !== "function")
    throw new TypeError("connectFlatfileListener: the target needs a dispatchEvent(event) method");
  target.setVariables?.({ accessToken: options.token, apiUrl: options.baseUrl.replace(/\/+$/, "") });

  const listener = createListener({
    // Listed by `GET /listeners` as handling every topic: what the Flatfile listener handles is its own business.
    name: options.name ?? "flatfile-bridge",
    version: options.version,
    host: options.host,
    maxConcurrency: options.maxConcurrency,
    logger: options.logger,
    listenerId: options.listenerId,
    stream: options.stream,
  });
  // The Flatfile listener decides what it wants (plugins may register later), so every topic is streamed.
  listener.on("**", async (event) => {
    await target.dispatchEvent(toFlatfileEvent(event));
  });
  await listener.mount({
    baseUrl: options.baseUrl,
    token: options.token,
    spaceId: options.spaceId,
    fetch: options.fetch,
    lastEventId: options.lastEventId,
  });
  return { listener, close: () => listener.unmount() };
}
