import pg from "pg";
import { quoteIdentifier } from "./identifiers";

export type LogNotificationsOptions = {
  connectionString: string;
  /** The NOTIFY channel commits of this schema are announced on. */
  channel: string;
  /** Called with the position a notification or a poll names. */
  onPosition: (position: number) => void;
  /** The log's last position, read through the pool (the fallback while not listening). */
  poll: () => Promise<number>;
  /** Poll interval while the listening connection is down (500 ms). */
  fallbackPollMs?: number;
  /** Poll interval while listening, in case a notification is lost on a half-dead connection (5 s). */
  safetyPollMs?: number;
  /** First delay before connecting again after a drop (1 s); doubles up to 10 s. */
  reconnectMs?: number;
};

export type ListenState = "listening" | "polling" | "closed";

/**
 * The instance's ear on the log: a dedicated connection (never a pooled one, and never through a transaction
 * pooler, where LISTEN does not survive) that LISTENs on the schema's channel. Commits NOTIFY only their last
 * position, so payloads stay tiny whatever the events hold. When the connection drops, the log is polled until a
 * new connection listens again; the follower reads from its own cursor, so whatever was committed meanwhile is
 * delivered and nothing is lost.
 */
export class LogNotifications {
  #client: pg.Client | undefined;
  #state: ListenState = "polling";
  #timer: ReturnType<typeof setTimeout> | undefined;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #reconnectDelay: number;
  #closed = false;

  constructor(private readonly options: LogNotificationsOptions) {
    this.#reconnectDelay = options.reconnectMs ?? 1_000;
  }

  get state(): ListenState {
    return this.#state;
  }

  /** The backend process id of the listening connection (tests end it to show the fallback). */
  get listenerPid(): number | undefined {
    return this.#state === "listening"
      ? (this.#client as { processID?: number } | undefined)?.processID
      : undefined;
  }

  /** Connects and listens; if that fails, starts polling and keeps trying in the background. */
  async start(): Promise<void> {
    await this.#connect();
    this.#schedulePoll();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#state = "closed";
    clearTimeout(this.#timer);
    clearTimeout(this.#reconnectTimer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.connectionString, keepAlive: true });
    let dropped = false;
    const drop = (error?: Error) => {
      if (dropped) return;
      dropped = true;
      if (this.#client === client) this.#client = undefined;
      if (this.#closed) return;
      if (error) console.error(`event notifications lost (${error.message}); polling the log until back`);
      this.#state = "polling";
      void client.end().catch(() => undefined);
      this.#schedulePoll();
      this.#scheduleReconnect();
    };
    client.on("error", drop);
    client.on("end", () => drop());
    client.on("notification", (message) => {
      if (message.channel === this.options.channel && message.payload)
        this.options.onPosition(Number(message.payload));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdentifier(this.options.channel)}`);
    } catch (error) {
      drop(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.#closed || dropped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#state = "listening";
    this.#reconnectDelay = this.options.reconnectMs ?? 1_000;
    // Commits made while nobody listened are found by reading the log once now.
    await this.#pollOnce();
    this.#schedulePoll();
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#reconnectTimer) return;
    const delay = this.#reconnectDelay;
    this.#reconnectDelay = Math.min(delay * 2, 10_000);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (!this.#closed && this.#state !== "listening") void this.#connect();
    }, delay);
    this.#reconnectTimer.unref?.();
  }

  #schedulePoll(): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    const every =
      this.#state === "listening"
        ? (this.options.safetyPollMs ?? 5_000)
        : (this.options.fallbackPollMs ?? 500);
    this.#timer = setTimeout(() => {
      void this.#pollOnce().finally(() => this.#schedulePoll());
    }, every);
    this.#timer.unref?.();
  }

  async #pollOnce(): Promise<void> {
    try {
      this.options.onPosition(await this.options.poll());
    } catch (error) {
      if (!this.#closed) console.error("polling the event log failed", error);
    }
  }
}
