import pg from "pg";
import {
  jobSearchText,
  type Event,
  type Job,
  type JobLogCaps,
  type NewJobLogLine,
  type Space,
} from "../../../core";
import { EVENT_COLUMNS, eventColumns, JOB_COLUMNS, jobColumns } from "../sql-columns";
import { appendJobLogLines } from "../job-log-append";
import { SqlStore } from "../sql-store";
import { jobMetricChanges, type JobMetricRollup } from "../../metrics/job-metric-changes";
import { SqlTransaction } from "../sql-transaction";
import type {
  EventLogRange,
  EventQuery,
  ListenerSelection,
  NewEvent,
  Page,
  Store,
  StoreTx,
  StoredListener,
  TransactionOptions,
} from "../store";
import { eventChannel, quoteIdentifier, quoteLiteral } from "./identifiers";
import { PostgresJobLogTable } from "./job-logs";
import * as listenerStatements from "./listener-statements";
import { LogFollower } from "./log-follower";
import { LogNotifications, type ListenState } from "./log-notifications";
import { advisoryXactLock, applyMigrations, EVENT_LOCK, LOCK_CLASS } from "./migrations";
import { execute, queryRows, queryValues, serialClient, type Queryable } from "./query";
import { ResourceWriter } from "./resource-writer";
import { PostgresReader } from "./postgres-reader";
import {
  deferredUpdate,
  upsertJobMetrics,
  escapeLiteral,
  eventArrays,
  EVENT_VALUES,
  INSERT_EVENTS,
  JOB_VALUES,
  placeAndCommit,
  type Version,
} from "./statements";
import { isRetryable, TransactionGroup, type GroupedTx, type GroupOutcome } from "./transaction-group";
import { TransactionLanes } from "./transaction-lanes";

/** The writes of one transaction, on its pool client; usable only while its transaction is open. */
class PostgresTx extends SqlTransaction(PostgresReader) implements StoreTx {
  #eventLockHeld = false;
  /** The connection, statements in call order; nothing goes through it before BEGIN and the deferred updates. */
  readonly #serial: Pick<pg.PoolClient, "query">;
  /** The transaction's statements: `#serial` after `#beforeStatement`. */
  readonly #client: Pick<pg.PoolClient, "query">;
  /** BEGIN once sent; it goes with the transaction's first statement (see `getJob`) or just before it. */
  #begun: Promise<unknown> | undefined;
  /** An independent transaction's appended events that have no position yet (see `#place`). */
  readonly #unplaced: Event[] = [];
  /** An independent transaction's job updates not sent yet (see `updateJob`). */
  readonly #deferred: string[] = [];
  /** Jobs whose rows this transaction holds locked, at the version it last read or wrote. */
  readonly #held = new Map<string, Version>();
  /** What its job writes add to the metric roll-ups, written at COMMIT. */
  readonly #metricChanges: JobMetricRollup[] = [];
  protected readonly resources: ResourceWriter;

  /** Every statement of the transaction, BEGIN to COMMIT or ROLLBACK, goes through one `serialClient`. */
  static on(client: pg.PoolClient, independent: boolean): PostgresTx {
    const serial = serialClient(client);
    const box: { tx?: PostgresTx } = {};
    const statements = {
      query: (...args: unknown[]) => {
        if (box.tx) box.tx.#beforeStatement();
        return (serial.query as (...rest: unknown[]) => Promise<unknown>)(...args);
      },
    } as unknown as Pick<pg.PoolClient, "query">;
    box.tx = new PostgresTx(serial, statements, independent);
    return box.tx;
  }

  private constructor(
    serial: Pick<pg.PoolClient, "query">,
    statements: Pick<pg.PoolClient, "query">,
    private readonly independent: boolean,
  ) {
    super(statements);
    this.#serial = serial;
    this.#client = statements;
    this.resources = new ResourceWriter(statements);
  }

  /** Queues BEGIN when not sent yet, then the deferred updates, ahead of the statement about to be queued. */
  #beforeStatement(): void {
    if (!this.#begun) this.#begin("BEGIN");
    if (this.#deferred.length === 0) return;
    // A failure aborts the transaction, so the statement after it fails too and the work hears of it.
    this.#serial.query(this.#deferred.splice(0).join(";\n")).catch(() => undefined);
  }

  #begin(sql: string): Promise<unknown> {
    const begun = this.#serial.query(sql);
    begun.catch(() => undefined);
    this.#begun = begun;
    return begun;
  }

  /** After whatever the work left running on the connection; nothing to roll back if nothing began. */
  async rollback(): Promise<void> {
    this.open = false;
    if (this.#begun) await this.#serial.query("ROLLBACK");
  }

  /**
   * Locks the job's row until the transaction ends: a read-modify-write of one job by two transactions (independent
   * ones of this instance, or any of two instances) then runs one after the other instead of failing its
   * compare-and-set. As the transaction's first statement it goes in one message with BEGIN.
   */
  override async getJob(id: string): Promise<Job | undefined> {
    this.check();
    let job: Job | undefined;
    if (!this.#begun && !id.includes("\0")) {
      const results = (await this.#begin(
        `BEGIN; SELECT data FROM jobs WHERE id = ${escapeLiteral(id)} FOR UPDATE`,
      )) as pg.QueryResult[];
      job = (results[1]?.rows[0] as { data: Job } | undefined)?.data;
    } else {
      [job] = await queryValues<Job>(this.#client, "SELECT data FROM jobs WHERE id = $1 FOR UPDATE", [id]);
    }
    if (job) this.#held.set(id, { status: job.status, updatedAt: job.updatedAt });
    return job;
  }

  #run(sql: string, ...params: unknown[]): Promise<number> {
    this.check();
    return execute(this.#client, sql, params);
  }

  async insertJob(job: Job): Promise<void> {
    await this.#run(
      `INSERT INTO jobs (id, ${JOB_COLUMNS}) VALUES ($1, ${JOB_VALUES})`,
      job.id,
      ...jobColumns(job),
    );
    // Invisible to other transactions until COMMIT, so as good as locked.
    this.#held.set(job.id, { status: job.status, updatedAt: job.updatedAt });
    this.#addMetrics(undefined, job);
  }

  /** The roll-ups a job write changes, all sent in one statement with the COMMIT (see `commit`). */
  #addMetrics(before: Version | undefined, job: Job): void {
    this.#metricChanges.push(...jobMetricChanges(before, job));
  }

  /**
   * Compare-and-set: a single `UPDATE ... WHERE id AND status AND updated_at`. Under READ COMMITTED a concurrent
   * writer's update of the same row makes this one wait for it and then re-check the condition against the new
   * row, so of two instances racing from the same version exactly one wins, as on SQLite.
   */
  async updateJob(job: Job, expected: Version): Promise<boolean> {
    this.check();
    const held = this.#held.get(job.id);
    const deferred =
      this.independent && held?.status === expected.status && held.updatedAt === expected.updatedAt
        ? deferredUpdate(job, expected)
        : undefined;
    if (deferred) {
      // An independent transaction holds this row at the expected version: the update cannot miss, so it is sent
      // with the next statement, at the latest in the COMMIT message (one round trip less per job call).
      this.#deferred.push(deferred);
      this.#held.set(job.id, { status: job.status, updatedAt: job.updatedAt });
      this.#addMetrics(expected, job);
      return true;
    }
    const changed = await this.#run(
      "UPDATE jobs SET status = $1, updated_at = $2, search_text = $3, data = $4 WHERE id = $5 AND status = $6 AND updated_at = $7",
      job.status,
      job.updatedAt,
      jobSearchText(job),
      JSON.stringify(job),
      job.id,
      expected.status,
      expected.updatedAt,
    );
    if (changed !== 1) return false;
    this.#held.set(job.id, { status: job.status, updatedAt: job.updatedAt });
    this.#addMetrics(expected, job);
    return true;
  }

  async deleteJob(id: string): Promise<boolean> {
    this.#held.delete(id);
    return (await this.#run("DELETE FROM jobs WHERE id = $1", id)) === 1;
  }

  async insertSpace(space: Space): Promise<void> {
    await this.#run(
      "INSERT INTO spaces (id, environment_id, name, name_search, data) VALUES ($1, $2, $3, $4, $5)",
      space.id,
      space.environmentId,
      space.name,
      space.name.toLowerCase(),
      JSON.stringify(space),
    );
  }

  async updateSpace(space: Space): Promise<boolean> {
    const changed = await this.#run(
      "UPDATE spaces SET environment_id = $1, name = $2, name_search = $3, data = $4 WHERE id = $5",
      space.environmentId,
      space.name,
      space.name.toLowerCase(),
      JSON.stringify(space),
      space.id,
    );
    return changed === 1;
  }

  async deleteSpace(id: string): Promise<boolean> {
    this.#held.clear();
    if ((await this.#run("DELETE FROM spaces WHERE id = $1", id)) !== 1) return false;
    await this.#run("DELETE FROM jobs WHERE space_id = $1", id);
    await this.resources.deleteSpaceResources(id);
    return true;
  }

  /**
   * Positions are allocated under a transaction-level advisory lock, taken at the first append and held until
   * COMMIT or ROLLBACK: `MAX(position) + 1` then cannot collide, a rolled back append gives its positions back, and
   * position N commits before anything can take N + 1. So a reader following the log by position (SSE resume, and
   * later LISTEN/NOTIFY across instances) never sees a gap that is filled afterwards. The price: transactions that
   * append events commit one at a time across all instances, from their first append to their commit.
   */
  async appendEvent(event: NewEvent): Promise<Event> {
    this.check();
    // A caller may hand over an Event it already holds; its old position must not be stored.
    const { position: _ignored, ...rest } = event as NewEvent & { position?: number };
    if (this.independent) {
      // Placed at COMMIT (see `commit`), so the event lock is held for the commit alone, not for the rest of the work.
      const unplaced = { ...rest, position: 0 } as Event;
      this.#unplaced.push(unplaced);
      this.appended.push(unplaced);
      return unplaced;
    }
    await this.#lockEvents();
    const [row] = await queryRows<{ position: string }>(
      this.#client,
      `INSERT INTO events (position, ${EVENT_COLUMNS})
       VALUES ((SELECT COALESCE(MAX(position), 0) + 1 FROM events), ${EVENT_VALUES})
       RETURNING position`,
      eventColumns(rest),
    );
    const stored = { ...rest, position: Number(row?.position) } as Event;
    this.appended.push(stored);
    return structuredClone(stored);
  }

  async #lockEvents(): Promise<void> {
    if (this.#eventLockHeld) return;
    await this.#client.query(advisoryXactLock(EVENT_LOCK));
    this.#eventLockHeld = true;
  }

  /**
   * Gives the independent transaction's unplaced events their positions now, under the event lock (held from here
   * to the end): the transaction is about to read the log, where it must see its own events.
   */
  async #place(): Promise<void> {
    if (this.#unplaced.length === 0) return;
    await this.#lockEvents();
    const events = this.#unplaced.splice(0);
    const [row] = await queryRows<{ position: string }>(
      this.#client,
      `WITH placed AS (${INSERT_EVENTS}) SELECT MIN(position) AS position FROM placed`,
      eventArrays(events),
    );
    events.forEach((event, index) => (event.position = Number(row?.position) + index));
  }

  /**
   * Commits, telling the other instances the log's new last position. Unplaced events are inserted first, under the
   * event lock, by statements queued on the connection together with the COMMIT: the driver sends each one as the
   * one before answers, without waiting for this process's event loop, so the lock is held for little more than
   * the database's own work. Answers the transaction's events, in position order.
   */
  async commit(channel: string): Promise<Event[]> {
    this.open = false;
    // A BEGIN sent alone answers long before; had it failed, the statements after it ran outside a transaction.
    if (this.#begun) await this.#begun;
    const before = [...(this.#begun ? [] : ["BEGIN"]), ...this.#deferred.splice(0)];
    const events = this.#unplaced.splice(0);
    const metricChanges = this.#metricChanges.splice(0);
    const metrics = upsertJobMetrics(metricChanges);
    if (events.length === 0) {
      const last = this.appended.at(-1);
      const notify = last ? [`SELECT pg_notify(${quoteLiteral(channel)}, '${last.position}')`] : [];
      const rollups = metrics === undefined ? [] : [metrics];
      await this.#serial.query([...before, ...notify, ...rollups, "COMMIT"].join(";\n"));
      return this.appended;
    }
    const sql = placeAndCommit(events, channel, this.#eventLockHeld, metrics);
    if (sql === undefined) {
      // With parameters, where PostgreSQL refuses the NUL itself (and the caller rolls back).
      this.#deferred.unshift(...before.filter((statement) => statement !== "BEGIN"));
      this.#metricChanges.push(...metricChanges);
      this.#unplaced.push(...events);
      await this.#place();
      return this.commit(channel);
    }
    // A failed statement stops the message before the COMMIT (the caller then rolls back) and rejects.
    const results = (await this.#serial.query([...before, sql].join(";\n"))) as unknown as pg.QueryResult[];
    const placed = results.find(
      (result) => result.command === "SELECT" && result.fields[0]?.name === "position",
    );
    const first = Number((placed?.rows[0] as { position?: string } | undefined)?.position);
    events.forEach((event, index) => (event.position = first + index));
    return this.appended;
  }

  // Reads of the log see the transaction's own events.
  override async getEvent(id: string): Promise<Event | undefined> {
    await this.#place();
    return super.getEvent(id);
  }

  override async listEvents(q: EventQuery): Promise<Page<Event>> {
    await this.#place();
    return super.listEvents(q);
  }

  override async readEventsAfter(position: number, limit: number, range?: EventLogRange): Promise<Event[]> {
    await this.#place();
    return super.readEventsAfter(position, limit, range);
  }

  override async lastEventPosition(): Promise<number> {
    await this.#place();
    return super.lastEventPosition();
  }

  override async firstEventPosition(): Promise<number> {
    await this.#place();
    return super.firstEventPosition();
  }

  async appendJobLogs(jobId: string, lines: NewJobLogLine[], caps: JobLogCaps) {
    this.check();
    return appendJobLogLines(new PostgresJobLogTable(this.#client), jobId, lines, caps);
  }

  /** Sets `acknowledgedAt` in the document in place (appended when missing), as SQLite's `json_set` does. */
  async ackEvent(id: string, at: string): Promise<boolean> {
    this.check();
    await this.#place();
    const [row] = await queryRows<{ data: Record<string, unknown>; acknowledged_at: string | null }>(
      this.#client,
      "SELECT data, acknowledged_at FROM events WHERE id = $1 FOR UPDATE",
      [id],
    );
    if (!row) return false;
    if (row.acknowledged_at !== null) return true;
    await this.#run(
      "UPDATE events SET acknowledged_at = $1, data = $2 WHERE id = $3",
      at,
      JSON.stringify({ ...row.data, acknowledgedAt: at }),
      id,
    );
    return true;
  }

  /**
   * Needs no event lock: appends allocate `MAX(position) + 1`, and the newest committed event, which holds that
   * maximum, is never deleted; an event still being appended is invisible here and so not deleted either.
   */
  async pruneEvents(createdBefore: string, limit: number): Promise<number> {
    this.check();
    await this.#place();
    // The oldest `limit` events by position (the primary key), then the prefix of them that is old enough.
    const oldest = await queryRows<{ position: string; created_at: string }>(
      this.#client,
      "SELECT position, created_at FROM events ORDER BY position LIMIT $1",
      [limit],
    );
    const newest = await this.lastEventPosition();
    let through = 0;
    for (const row of oldest) {
      const position = Number(row.position);
      if (row.created_at >= createdBefore || position >= newest) break;
      through = position;
    }
    if (through === 0) return 0;
    return this.#run("DELETE FROM events WHERE position <= $1", through);
  }

  /** `ON CONFLICT DO NOTHING`: a second instance's claim waits for the first one's commit, then inserts nothing. */
  async claimScheduleSlot(actionKey: string, slot: string, jobId: string): Promise<boolean> {
    const inserted = await this.#run(
      "INSERT INTO schedule_slots (action_key, slot, job_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
      actionKey,
      slot,
      jobId,
    );
    return inserted === 1;
  }

  async pruneScheduleSlots(slotBefore: string, limit: number): Promise<number> {
    return this.#run(
      `DELETE FROM schedule_slots WHERE (action_key, slot) IN
         (SELECT action_key, slot FROM schedule_slots WHERE slot < $1 ORDER BY slot LIMIT $2)`,
      slotBefore,
      limit,
    );
  }

  async connectListener(listener: Omit<StoredListener, "jobsHandled" | "disconnectedAt">): Promise<boolean> {
    this.check();
    return listenerStatements.connectListener(this.#client, listener);
  }

  async disconnectListeners(selection: ListenerSelection, at: string): Promise<StoredListener[]> {
    this.check();
    return listenerStatements.disconnectListeners(this.#client, selection, at);
  }

  async touchListeners(ids: readonly string[], instance: string, at: string): Promise<number> {
    this.check();
    return listenerStatements.touchListeners(this.#client, ids, instance, at);
  }

  async countJobsHandled(counts: ReadonlyMap<string, number>): Promise<void> {
    this.check();
    await listenerStatements.countJobsHandled(this.#client, counts);
  }

  async pruneListeners(disconnectedBefore: string, limit: number): Promise<number> {
    this.check();
    return listenerStatements.pruneListeners(this.#client, disconnectedBefore, limit);
  }
}

export type PostgresStoreOptions = {
  /** `postgres://user:password@host:port/database` */
  connectionString: string;
  /** The schema to use (and create when missing); the server's default `search_path` when not given. */
  schema?: string;
  /** Most pooled connections (default 10); the listening connection comes on top. */
  max?: number;
  /**
   * Groups of independent transactions in flight at once (default 2; 0 runs each on its own): the calls that wait
   * while they run form the next group (see `TransactionGroup`).
   */
  groups?: number;
  /** Timings of the fallback to reading the log when the listening connection is down (see LogNotifications). */
  notifications?: { fallbackPollMs?: number; safetyPollMs?: number; reconnectMs?: number };
};

/**
 * The PostgreSQL store (Node only), over a `pg.Pool`. Each transaction runs on a pool client of its own (`BEGIN` ...
 * `COMMIT`); reads outside transactions go to other pooled connections and see committed data only. `independent`
 * transactions (see `TransactionOptions`) of this instance run side by side, any other runs alone (see
 * `TransactionLanes`). Between instances nothing is serialised but the event log: job writes are compare-and-set on
 * rows a transaction's `getJob` locks, so the transition and claim rules hold.
 *
 * Commit listeners hear every commit to the schema, through any instance: a commit that appended events sends
 * `NOTIFY` with its last position (delivered only if it commits), every instance LISTENs on a dedicated
 * connection, and a `LogFollower` reads what it has not seen from the log and hands it on in position order.
 * This instance's own events skip the read when they come in order.
 */
export class PostgresStore extends SqlStore(PostgresReader) implements Store {
  readonly #pool: pg.Pool;
  readonly #channel: string;
  readonly #follower: LogFollower;
  readonly #notifications: LogNotifications;
  readonly #lanes: TransactionLanes;
  readonly #maxGroups: number;
  #groupsInFlight = 0;
  readonly #waitingForGroup: {
    work: (tx: GroupedTx) => Promise<unknown>;
    settle: (o: GroupOutcome) => void;
  }[] = [];
  protected readonly transactions = {
    run: <T>(work: (tx: PostgresTx) => Promise<T>) => this.#transaction(work, false),
    close: async (finish: () => Promise<void>) => {
      await this.#lanes.close();
      await finish();
    },
  };

  private constructor(
    pool: pg.Pool,
    options: PostgresStoreOptions,
    channel: string,
    lastPosition: number,
    width: number,
  ) {
    super(pool as Queryable);
    this.#pool = pool;
    this.#channel = channel;
    this.#lanes = new TransactionLanes(width);
    this.#maxGroups = Math.min(width, options.groups ?? DEFAULT_GROUPS);
    this.#follower = new LogFollower({
      readAfter: (position, limit) => this.readEventsAfter(position, limit),
      emit: (events) => this.listeners.emit(events),
      hasListeners: () => this.listeners.size > 0,
      start: lastPosition,
    });
    this.#notifications = new LogNotifications({
      connectionString: options.connectionString,
      channel,
      onPosition: (position) => this.#follower.reached(position),
      poll: () => this.lastEventPosition(),
      ...options.notifications,
    });
  }

  override transaction<T>(work: (tx: StoreTx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.#transaction(work, options.independent === true);
  }

  async #transaction<T>(work: (tx: PostgresTx) => Promise<T>, independent: boolean): Promise<T> {
    let attempted = 0;
    if (independent && this.#maxGroups > 0) {
      const outcome = await this.#grouped(work as unknown as (tx: GroupedTx) => Promise<unknown>);
      if (outcome.kind === "failed") throw outcome.error;
      if (outcome.kind === "committed") return this.#delivered(outcome.value as T, outcome.events);
      // Left its group, or the group failed: on its own now, in the ordinary way.
      attempted = outcome.attempts;
    }
    const { value, events } = await this.#lanes.run(
      () => (independent ? this.#retrying(work, attempted) : this.#runOnClient(work, false)),
      independent,
    );
    return this.#delivered(value, events);
  }

  /**
   * As on the other stores, the commit listeners have heard of a transaction when it resolves. It may have to wait
   * for events before it (another instance's, or a transaction beside it whose commit this process has not heard
   * back yet), which are read from the log first: outside its lane, so the next transaction need not wait.
   */
  async #delivered<T>(value: T, events: Event[]): Promise<T> {
    this.#follower.committed(events);
    const last = events.at(-1);
    if (last) await this.#follower.until(last.position);
    return value;
  }

  /** Runs an independent transaction in a group: the next one to start, with every call waiting beside it. */
  #grouped(work: (tx: GroupedTx) => Promise<unknown>): Promise<GroupOutcome> {
    return new Promise((settle) => {
      this.#waitingForGroup.push({ work, settle });
      this.#startGroup();
    });
  }

  #startGroup(): void {
    if (this.#groupsInFlight >= this.#maxGroups || this.#waitingForGroup.length === 0) return;
    const calls = this.#waitingForGroup.splice(0, MAX_GROUP_SIZE);
    this.#groupsInFlight++;
    this.#lanes
      .run(() => this.#runGroup(calls), true)
      // Settling twice changes nothing: a call settled by the group keeps its outcome.
      .catch((error: unknown) => calls.forEach(({ settle }) => settle({ kind: "failed", error })))
      .finally(() => {
        this.#groupsInFlight--;
        this.#startGroup();
      });
  }

  async #runGroup(
    calls: { work: (tx: GroupedTx) => Promise<unknown>; settle: (o: GroupOutcome) => void }[],
  ): Promise<void> {
    const client = await this.#pool.connect();
    const group = new TransactionGroup();
    let broken: Error | undefined;
    try {
      await group.run(
        client,
        calls.map(({ work }) => work),
        calls.map(({ settle }) => settle),
      );
      await group.commit(this.#channel);
    } catch (error) {
      // The connection is unusable (its ROLLBACK failed): drop it; every call not settled yet runs alone.
      broken = error instanceof Error ? error : new Error(String(error));
      calls.forEach(({ settle }) => settle({ kind: "alone", attempts: 0 }));
    } finally {
      client.release(broken);
    }
  }

  /**
   * Runs an independent transaction again when PostgreSQL chose it as a deadlock's victim or refused it for a
   * serialization failure: such work has had no effect outside its transaction (it is rolled back) until COMMIT, so
   * running it again is safe, and the transaction it ran into has moved on by then. After a short jittered pause, so
   * that two victims of one cycle do not meet again; the last attempt's error is the call's.
   */
  async #retrying<T>(
    work: (tx: PostgresTx) => Promise<T>,
    attempted = 0,
  ): Promise<{ value: T; events: Event[] }> {
    for (let attempt = attempted + 1; ; attempt++) {
      try {
        return await this.#runOnClient(work, true);
      } catch (error) {
        if (attempt >= RETRY_ATTEMPTS || !isRetryable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, attempt * RETRY_PAUSE_MS * (0.5 + Math.random())));
      }
    }
  }

  async #runOnClient<T>(
    work: (tx: PostgresTx) => Promise<T>,
    independent: boolean,
  ): Promise<{ value: T; events: Event[] }> {
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    const tx = PostgresTx.on(client, independent);
    try {
      let value: T;
      try {
        value = await work(tx);
      } finally {
        tx.open = false;
      }
      return { value, events: await tx.commit(this.#channel) };
    } catch (error) {
      await tx.rollback().catch((rollbackError: unknown) => {
        // The connection is unusable: drop it rather than hand it back to the pool.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Connects, creates the schema when one is named and missing, brings it up to date, and starts listening. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const schema = options.schema;
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.max ?? DEFAULT_POOL_SIZE,
      ...(schema ? { options: `-c search_path=${quoteIdentifier(schema)}` } : {}),
    });
    // An idle client's connection can drop (server restart); the pool replaces it, so only log it.
    pool.on("error", (error) => console.error("idle PostgreSQL connection failed", error));
    let store: PostgresStore;
    try {
      const client = await pool.connect();
      try {
        if (schema) await createSchema(client, schema);
        await applyMigrations(client);
        const { rows } = await client.query<{ schema: string; last: string }>(
          "SELECT current_schema() AS schema, (SELECT COALESCE(MAX(position), 0) FROM events) AS last",
        );
        store = new PostgresStore(
          pool,
          options,
          eventChannel(rows[0]!.schema),
          Number(rows[0]!.last),
          transactionWidth(options.max ?? DEFAULT_POOL_SIZE),
        );
      } finally {
        client.release();
      }
      await store.#notifications.start();
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  /** Whether commits of other instances arrive by notification (`listening`) or by reading the log (`polling`). */
  get listenState(): ListenState {
    return this.#notifications.state;
  }

  /** The backend pid of the listening connection, while listening. */
  get listenerPid(): number | undefined {
    return this.#notifications.listenerPid;
  }

  /** Resolves when every commit heard of so far has reached the commit listeners. */
  settled(): Promise<void> {
    return this.#follower.settled();
  }

  protected async closeConnections(): Promise<void> {
    await this.#notifications.close();
    await this.#follower.settled();
    if (this.#pool.ended) return;
    await this.#pool.end();
  }
}

const DEFAULT_POOL_SIZE = 10;
const DEFAULT_GROUPS = 2;
/** Most calls in one group: a larger group holds its first calls' rows longer. */
const MAX_GROUP_SIZE = 32;

/** Attempts of an independent transaction that hits a deadlock or serialization failure, and the base pause. */
const RETRY_ATTEMPTS = 4;
const RETRY_PAUSE_MS = 10;

/**
 * Independent transactions at once: the pool less two connections, so that reads outside transactions (which a
 * transaction's work may also make) always find one.
 */
const transactionWidth = (poolSize: number): number => Math.max(1, poolSize - 2);

/** CREATE SCHEMA IF NOT EXISTS is not safe against a concurrent creator; under an advisory lock it is. */
async function createSchema(client: pg.PoolClient, schema: string): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [LOCK_CLASS, `schema/${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

export { quoteIdentifier };

export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  return PostgresStore.open(options);
}
