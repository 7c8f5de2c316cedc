import {
  newId,
  type ListenerAnnouncement,
  type ListenerPresence,
  type ListListenersQuery,
  type Principal,
} from "../../core";
import type { ServiceDeps } from "../services/service-deps";
import { listenerEvent, presenceOf } from "./presence-events";

export type PresenceOptions = {
  /**
   * How long a listener whose stream closed stays connected (5 s): a reconnect within it, to this instance or
   * another, keeps one presence instead of a disconnect and a connect.
   */
  graceMs?: number;
  /** How often this instance refreshes `lastSeenAt` of the listeners it holds, and adds their handled jobs (5 s). */
  heartbeatMs?: number;
  /** This instance's name in `instance`; a random one unless given. */
  instanceId?: string;
};

export const PRESENCE_DEFAULTS = { graceMs: 5_000, heartbeatMs: 5_000 } as const;

/** How long `GET /listeners?includeDisconnected=true` shows a listener after it disconnected. */
export const RECENTLY_DISCONNECTED_MS = 10 * 60_000;

/** Most executing jobs read to count the jobs in flight per listener. */
const IN_FLIGHT_SCAN = 10_000;

type Held = { streams: number; grace?: ReturnType<typeof setTimeout> };

/** A timer that does not keep a Node process alive (browsers' timers have no `unref`). */
function unref<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/**
 * The presence of the listeners whose event streams this instance holds: connected while one of its streams is open
 * (and for `graceMs` after the last one closed), refreshed every `heartbeatMs` so that other instances can tell it
 * is alive (see `sweepListeners` for those whose instance stopped). Also adds up the jobs listeners complete or fail
 * through this instance, written with the heartbeat rather than in the job's own transaction.
 */
export class ListenerPresenceTracker {
  readonly instance: string;
  readonly #deps: ServiceDeps;
  readonly #graceMs: number;
  readonly #heartbeatMs: number;
  readonly #held = new Map<string, Held>();
  #handled = new Map<string, number>();
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** This instance's presence writes, one after the other, so a listener's disconnect never overtakes its connect. */
  #writes: Promise<unknown> = Promise.resolve();
  #stopped = false;

  constructor(deps: ServiceDeps, options: PresenceOptions = {}) {
    this.#deps = deps;
    this.#graceMs = options.graceMs ?? PRESENCE_DEFAULTS.graceMs;
    this.#heartbeatMs = options.heartbeatMs ?? PRESENCE_DEFAULTS.heartbeatMs;
    this.instance = options.instanceId ?? `ins_${newId("event").slice(-12)}`;
  }

  /**
   * A stream announcing `listener` opened: the listener is connected from now (`listener:connected` when it was not
   * already). Answers the function to call, once, when that stream closes.
   */
  async opened(listener: ListenerAnnouncement): Promise<() => void> {
    let held = this.#held.get(listener.id);
    if (!held) {
      held = { streams: 0 };
      this.#held.set(listener.id, held);
    }
    held.streams += 1;
    clearTimeout(held.grace);
    held.grace = undefined;
    this.#startHeartbeat();
    const entry = held;
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      entry.streams -= 1;
      if (entry.streams === 0)
        entry.grace = unref(setTimeout(() => void this.#leave(listener.id, entry), this.#graceMs));
    };
    try {
      await this.#write(async () => {
        const now = this.#deps.now().toISOString();
        await this.#deps.store.transaction(async (tx) => {
          const stored = {
            ...listener,
            environmentId: this.#deps.environmentId,
            instance: this.instance,
            connectedAt: now,
            lastSeenAt: now,
          };
          if (await tx.connectListener(stored))
            await tx.appendEvent(
              listenerEvent(this.#deps, "listener:connected", { ...stored, jobsHandled: 0 }, now),
            );
        });
      });
    } catch (error) {
      close();
      throw error;
    }
    return close;
  }

  /**
   * The instance shuts down: no more heartbeats or disconnects from it. Its listeners reconnect to another instance,
   * which takes them over as they are; those that do not are disconnected by `sweepListeners` once they are stale.
   */
  stop(): void {
    this.#stopped = true;
    this.#stopHeartbeat();
    clearTimeout(this.#flushTimer);
    for (const held of this.#held.values()) clearTimeout(held.grace);
    this.#held.clear();
  }

  /** A listener completed or failed a job through this instance; counted with the next heartbeat. */
  jobFinished(listenerId: string): void {
    if (this.#stopped) return;
    this.#handled.set(listenerId, (this.#handled.get(listenerId) ?? 0) + 1);
    this.#flushTimer ??= unref(
      setTimeout(() => {
        this.#flushTimer = undefined;
        void this.flush().catch((error: unknown) =>
          console.error("presence: counting handled jobs failed", error),
        );
      }, this.#heartbeatMs),
    );
  }

  /** Writes the handled jobs counted so far. */
  flush(): Promise<void> {
    if (this.#handled.size === 0) return this.#writes.then(() => undefined);
    const counts = this.#handled;
    this.#handled = new Map();
    return this.#write(() => this.#deps.store.transaction((tx) => tx.countJobsHandled(counts)));
  }

  /** `GET /listeners`: the connected listeners (and the recently disconnected on request), with their jobs. */
  async list(query: ListListenersQuery, principal: Principal): Promise<ListenerPresence[]> {
    await this.flush();
    const now = this.#deps.now().getTime();
    const [listeners, executing] = await Promise.all([
      this.#deps.store.listListeners({
        environmentId: this.#deps.environmentId,
        ...(query.includeDisconnected
          ? { disconnectedSince: new Date(now - RECENTLY_DISCONNECTED_MS).toISOString() }
          : {}),
      }),
      this.#deps.store.listJobs({
        environmentId: this.#deps.environmentId,
        status: "executing",
        sortDirection: "asc",
        limit: IN_FLIGHT_SCAN,
        offset: 0,
        countLimit: 0,
      }),
    ]);
    const inFlight = new Map<string, number>();
    for (const job of executing.items)
      if (job.claimedBy) inFlight.set(job.claimedBy, (inFlight.get(job.claimedBy) ?? 0) + 1);
    return listeners.map((listener) => {
      const presence = presenceOf(listener, inFlight.get(listener.id) ?? 0);
      if (principal.kind !== "user") return presence;
      // Where the platform and its listeners run is for the people who operate them.
      const { host: _host, instance: _instance, ...shown } = presence;
      return shown;
    });
  }

  /** The grace after a listener's last stream closed is over: it is gone, unless it came back meanwhile. */
  async #leave(listenerId: string, entry: Held): Promise<void> {
    if (this.#stopped || this.#held.get(listenerId) !== entry || entry.streams > 0) return;
    this.#held.delete(listenerId);
    if (this.#held.size === 0) this.#stopHeartbeat();
    try {
      await this.#write(async () => {
        const now = this.#deps.now().toISOString();
        await this.#deps.store.transaction(async (tx) => {
          // Only while this instance holds it: a listener that reconnected to another instance stays connected.
          for (const gone of await tx.disconnectListeners(
            { ids: [listenerId], instance: this.instance },
            now,
          ))
            await tx.appendEvent(
              listenerEvent(this.#deps, "listener:disconnected", gone, now, "stream-closed"),
            );
        });
      });
    } catch (error) {
      // The heartbeat stops for it, so another pass of `sweepListeners` disconnects it.
      console.error(`presence: disconnecting listener ${listenerId} failed`, error);
    }
  }

  #startHeartbeat(): void {
    this.#heartbeat ??= unref(
      setInterval(() => {
        void this.#beat().catch((error: unknown) => console.error("presence: heartbeat failed", error));
      }, this.#heartbeatMs),
    );
  }

  #stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  async #beat(): Promise<void> {
    const ids = [...this.#held.keys()];
    const counts = this.#handled;
    this.#handled = new Map();
    await this.#write(async () => {
      const now = this.#deps.now().toISOString();
      await this.#deps.store.transaction(async (tx) => {
        if (ids.length > 0) await tx.touchListeners(ids, this.instance, now);
        if (counts.size > 0) await tx.countJobsHandled(counts);
      });
    });
  }

  #write<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#writes.then(work, work);
    this.#writes = run.catch(() => undefined);
    return run;
  }
}
