import type pg from "pg";
import type { Event, Job } from "../../../core";
import { JOB_COLUMNS, jobColumns } from "../sql-columns";
import { SqlTransaction, type ResourceWrites } from "../sql-transaction";
import type { EventLogRange, EventQuery, JobQuery, NewEvent, Page, StoreTx } from "../store";
import { PostgresReader } from "./postgres-reader";
import { serialClient } from "./query";
import { deferredUpdate, escapeLiteral, placeAndCommit, type Version } from "./statements";

/**
 * Thrown inside a grouped call that needs what a group cannot give it: a write that must be sent at once (and could
 * not be undone alone), a read of the log that must see its own events, or a job another call of the group holds
 * (its `FOR UPDATE` would not wait inside the same transaction, and the other call's update is not sent yet). The
 * call is then run again on its own, after the group has let its rows go.
 */
export class LeaveGroup extends Error {
  constructor(why: string) {
    super(`a grouped transaction left its group: ${why}`);
  }
}

const leave = (why: string) => (): never => {
  throw new LeaveGroup(why);
};

/** Every resource write leaves the group: they are sent at once. */
const RESOURCE_WRITES = new Proxy({} as ResourceWrites, {
  get: (_, name) => leave(`writes ${String(name)}`),
});

/**
 * One call of a group: its reads go to the group's transaction (jobs read `FOR UPDATE`), its writes stay here until
 * the group commits: job inserts and compare-and-sets of jobs it holds as statements, events without positions.
 * Nothing it sends changes anything, so a call that fails is dropped from the group without a savepoint.
 */
export class GroupedTx extends SqlTransaction(PostgresReader) implements StoreTx {
  /** Statements to send before the group's COMMIT, in call order. */
  readonly writes: string[] = [];
  readonly #held = new Map<string, Version>();
  /** The jobs it wrote, as written: the database holds them locked for it and has not seen the writes yet. */
  readonly #written = new Map<string, Job>();
  /** Whether a job it wrote was or becomes waiting, which `listJobsWaitingOn` would then answer wrongly. */
  #wroteWaiting = false;
  /** Set while a read that its own writes cannot change is sent. */
  #writesUnseen = false;
  /** Set while a read of the jobs table is sent: its writes are to jobs only, so no other read can miss them. */
  #readsJobs = false;
  protected readonly resources = RESOURCE_WRITES;
  /** A job's log lines are trimmed under a lock on its head row: sent at once, so the call runs on its own. */
  readonly appendJobLogs = leave("appends job log lines");

  /** Its reads, on the group's connection: none after a write of its own, which the database has not seen yet. */
  static in(group: TransactionGroup): GroupedTx {
    const box: { tx?: GroupedTx } = {};
    const reads = {
      query: (...args: unknown[]) => {
        const tx = box.tx;
        if (tx?.writes.length && tx.#readsJobs && !tx.#writesUnseen) {
          throw new LeaveGroup("reads jobs after a write of its own");
        }
        return (group.statements.query as (...all: unknown[]) => Promise<unknown>)(...args);
      },
    } as unknown as Pick<pg.PoolClient, "query">;
    box.tx = new GroupedTx(group, reads);
    return box.tx;
  }

  private constructor(
    private readonly group: TransactionGroup,
    private readonly reads: Pick<pg.PoolClient, "query">,
  ) {
    super(reads);
  }

  override async getJob(id: string): Promise<Job | undefined> {
    this.check();
    const holder = this.group.holders.get(id);
    if (holder && holder !== this) throw new LeaveGroup("another call of the group holds the job");
    if (id.includes("\0")) throw new LeaveGroup("a NUL character");
    const written = this.#written.get(id);
    if (written) return structuredClone(written);
    // One row, which none of its own writes touches (those it answers itself, above).
    this.#writesUnseen = true;
    let sent: Promise<unknown>;
    try {
      sent = this.reads.query(`SELECT data FROM jobs WHERE id = ${escapeLiteral(id)} FOR UPDATE`);
    } finally {
      this.#writesUnseen = false;
    }
    const results = (await sent) as pg.QueryResult | pg.QueryResult[];
    const result = Array.isArray(results) ? results.at(-1) : results;
    const job = (result?.rows[0] as { data: Job } | undefined)?.data;
    if (job) {
      this.group.holders.set(id, this);
      this.#held.set(id, { status: job.status, updatedAt: job.updatedAt });
    }
    return job;
  }

  async insertJob(job: Job): Promise<void> {
    this.check();
    const values = [job.id, ...jobColumns(job)];
    if (values.some((value) => value?.includes("\0"))) throw new LeaveGroup("a NUL character");
    if (this.group.holders.has(job.id)) throw new LeaveGroup("another call of the group holds the job");
    const literals = values.map((value) => (value === null ? "NULL" : escapeLiteral(value)));
    this.writes.push(`INSERT INTO jobs (id, ${JOB_COLUMNS}) VALUES (${literals.join(", ")})`);
    this.#wrote(job, job.status);
  }

  async updateJob(job: Job, expected: Version): Promise<boolean> {
    this.check();
    const held = this.#held.get(job.id);
    if (held?.status !== expected.status || held.updatedAt !== expected.updatedAt) {
      throw new LeaveGroup("a compare-and-set of a job it does not hold at that version");
    }
    const statement = deferredUpdate(job, expected);
    if (!statement) throw new LeaveGroup("a NUL character");
    this.writes.push(statement);
    this.#wrote(job, expected.status);
    return true;
  }

  #wrote(job: Job, was: string): void {
    this.group.holders.set(job.id, this);
    this.#held.set(job.id, { status: job.status, updatedAt: job.updatedAt });
    this.#written.set(job.id, structuredClone(job));
    if (was === "waiting" || job.status === "waiting") this.#wroteWaiting = true;
  }

  override listJobs(q: JobQuery): Promise<Page<Job>> {
    this.#readsJobs = true;
    try {
      return super.listJobs(q);
    } finally {
      this.#readsJobs = false;
    }
  }

  /** A completed job's dependents: its own writes do not change them unless one of them was or becomes waiting. */
  override listJobsWaitingOn(predecessorId: string): Promise<Job[]> {
    if (this.#wroteWaiting) throw new LeaveGroup("reads waiting jobs after writing one");
    this.#writesUnseen = true;
    try {
      return super.listJobsWaitingOn(predecessorId);
    } finally {
      this.#writesUnseen = false;
    }
  }

  async appendEvent(event: NewEvent): Promise<Event> {
    this.check();
    const { position: _ignored, ...rest } = event as NewEvent & { position?: number };
    // Placed when the group commits: the position is filled in then (see `TransactionOptions`).
    const unplaced = { ...rest, position: 0 } as Event;
    this.appended.push(unplaced);
    return unplaced;
  }

  // The log as this call must see it holds its own events, which have no place yet.
  override getEvent(id: string): Promise<Event | undefined> {
    this.#readsLog();
    return super.getEvent(id);
  }

  override listEvents(q: EventQuery): Promise<Page<Event>> {
    this.#readsLog();
    return super.listEvents(q);
  }

  override readEventsAfter(position: number, limit: number, range?: EventLogRange): Promise<Event[]> {
    this.#readsLog();
    return super.readEventsAfter(position, limit, range);
  }

  override lastEventPosition(): Promise<number> {
    this.#readsLog();
    return super.lastEventPosition();
  }

  override firstEventPosition(): Promise<number> {
    this.#readsLog();
    return super.firstEventPosition();
  }

  #readsLog(): void {
    if (this.appended.length > 0) throw new LeaveGroup("reads the log after appending");
  }

  deleteJob = leave("deletes a job");
  insertSpace = leave("writes a space");
  updateSpace = leave("writes a space");
  deleteSpace = leave("deletes a space");
  ackEvent = leave("acknowledges an event");
  pruneEvents = leave("prunes events");
  claimScheduleSlot = leave("claims a schedule slot");
  pruneScheduleSlots = leave("prunes schedule slots");
  connectListener = leave("writes a listener");
  disconnectListeners = leave("writes listeners");
  touchListeners = leave("writes listeners");
  countJobsHandled = leave("writes listeners");
  pruneListeners = leave("prunes listeners");
}

/** A call that finished its work in the group and waits for the group's COMMIT. */
type Finished = { tx: GroupedTx; value: unknown; settle: (outcome: GroupOutcome) => void };

/** What a grouped call comes to: committed with its events, failed, or to be run again on its own. */
export type GroupOutcome =
  | { kind: "committed"; value: unknown; events: Event[] }
  | { kind: "failed"; error: unknown }
  /** `attempts`: how many of its retry attempts it has used (one when its own work failed in a retryable way). */
  | { kind: "alone"; attempts: number };

/** `deadlock_detected` and `serialization_failure`: the transaction was rolled back and may simply run again. */
export const isRetryable = (error: unknown): boolean =>
  error instanceof Error && ["40P01", "40001"].includes((error as { code?: unknown }).code as string);

/**
 * Several independent transactions of one instance in one PostgreSQL transaction, on one connection: their works run
 * side by side, their statements one after the other through one chain; one COMMIT message sends every call's
 * writes, takes the event lock once, inserts every event, NOTIFYs once. A statement that fails aborts the database's
 * transaction for every call, so the group is then `broken` and its calls run again on their own (as does every call
 * when the COMMIT fails: none of them has taken effect).
 */
export class TransactionGroup {
  /** Which call holds a job's row (read `FOR UPDATE` or inserted). */
  readonly holders = new Map<string, GroupedTx>();
  readonly statements: Pick<pg.PoolClient, "query">;
  #serial: Pick<pg.PoolClient, "query"> | undefined;
  #begun = false;
  #broken = false;
  #running = 0;
  readonly #finished: Finished[] = [];
  #allDone: (() => void) | undefined;

  constructor() {
    this.statements = {
      query: (...args: unknown[]) => {
        if (!this.#serial) throw new Error("the group has no connection yet");
        const [first, ...rest] = args;
        // BEGIN goes in one message with a simple statement, else just before it.
        let sql = first;
        if (!this.#begun) {
          this.#begun = true;
          if (typeof first === "string" && rest.length === 0) sql = `BEGIN; ${first}`;
          else this.#serial.query("BEGIN").catch(() => undefined);
        }
        const sent = (this.#serial.query as (...all: unknown[]) => Promise<unknown>)(sql, ...rest);
        sent.catch(() => {
          this.#broken = true;
        });
        return sent;
      },
    } as unknown as Pick<pg.PoolClient, "query">;
  }

  /** Runs the calls' works on `client`; resolves once every one of them has finished its work. */
  run(
    client: pg.PoolClient,
    works: ((tx: GroupedTx) => Promise<unknown>)[],
    settles: ((o: GroupOutcome) => void)[],
  ) {
    this.#serial = serialClient(client);
    this.#running = works.length;
    const done = new Promise<void>((resolve) => (this.#allDone = resolve));
    works.forEach((work, index) => {
      const settle = settles[index]!;
      const tx = GroupedTx.in(this);
      work(tx).then(
        (value) => {
          tx.open = false;
          if (this.#broken) settle({ kind: "alone", attempts: 0 });
          else this.#finished.push({ tx, value, settle });
          this.#done();
        },
        (error: unknown) => {
          tx.open = false;
          // Its own failure stands only while the database's transaction is sound: nothing it sent took effect.
          if (error instanceof LeaveGroup || this.#broken) settle({ kind: "alone", attempts: 0 });
          else if (isRetryable(error)) settle({ kind: "alone", attempts: 1 });
          else settle({ kind: "failed", error });
          this.#done();
        },
      );
    });
    return done;
  }

  #done(): void {
    if (--this.#running === 0) this.#allDone?.();
  }

  /**
   * Commits what the finished calls wrote and settles them; on any failure every one of them runs again alone.
   * Rejects only when the connection must be dropped.
   */
  async commit(channel: string): Promise<void> {
    const finished = this.#finished.splice(0);
    const serial = this.#serial!;
    const begin = this.#begun ? [] : ["BEGIN"];
    const events = finished.flatMap(({ tx }) => tx.appended);
    const writes = finished.flatMap(({ tx }) => tx.writes);
    const last = events.length ? placeAndCommit(events, channel, false) : "COMMIT";
    if (this.#broken || last === undefined || finished.length === 0) {
      finished.forEach(({ settle }) => settle({ kind: "alone", attempts: 0 }));
      if (this.#begun) await serial.query("ROLLBACK");
      return;
    }
    try {
      const results = (await serial.query([...begin, ...writes, last].join(";\n"))) as unknown as
        pg.QueryResult | pg.QueryResult[];
      const placed = (Array.isArray(results) ? results : [results]).find(
        (result) => result.command === "SELECT" && result.fields[0]?.name === "position",
      );
      const first = Number((placed?.rows[0] as { position?: string } | undefined)?.position);
      events.forEach((event, index) => (event.position = first + index));
    } catch {
      finished.forEach(({ settle }) => settle({ kind: "alone", attempts: 0 }));
      await serial.query("ROLLBACK");
      return;
    }
    finished.forEach(({ tx, value, settle }) => settle({ kind: "committed", value, events: tx.appended }));
  }
}
