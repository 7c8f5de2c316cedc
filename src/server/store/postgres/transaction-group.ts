import { jobMetricChanges, type JobMetricRollup } from "../../metrics/job-metric-changes";
import type pg from "pg";
import type { Event, Job } from "../../../core";
import { SqlTransaction, type ResourceWrites } from "../sql-transaction";
import type { EventLogRange, EventQuery, JobQuery, NewEvent, Page, StoreTx } from "../store";
import { PostgresReader } from "./postgres-reader";
import { serialClient, type SerialClient } from "./query";
import {
  insertJobs,
  upsertJobMetrics,
  insertRow,
  lockJobs,
  placeAndCommit,
  updateHeldJobs,
  updateRow,
  waitingOn,
  type Version,
} from "./statements";

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
  /**
   * Its job writes to send with the group's COMMIT, by job: one row of values each, an insert's or a
   * compare-and-set's; a job written twice is written once, as last written (against the version first held).
   */
  readonly #writes = new Map<string, { row: string; expected?: Version }>();
  readonly #held = new Map<string, Version>();
  /** The jobs it wrote, as written: the database holds them locked for it and has not seen the writes yet. */
  readonly #written = new Map<string, Job>();
  /** What its job writes add to the metric roll-ups (the group writes every call's in one statement). */
  readonly #metricChanges: JobMetricRollup[] = [];
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
        if (tx && tx.#writes.size > 0 && tx.#readsJobs && !tx.#writesUnseen) {
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
    reads: Pick<pg.PoolClient, "query">,
  ) {
    super(reads);
  }

  /**
   * Locks the job's row for this call: read `FOR UPDATE` with every job the group's calls ask for while the group's
   * connection is busy (see `TransactionGroup.lockJob`). The job is this call's from the moment it asks, so another
   * call of the group that asks for it too leaves at once instead of reading a row whose update is not sent yet.
   */
  override async getJob(id: string): Promise<Job | undefined> {
    this.check();
    const holder = this.group.holders.get(id);
    if (holder && holder !== this) throw new LeaveGroup("another call of the group holds the job");
    if (id.includes("\0")) throw new LeaveGroup("a NUL character");
    const written = this.#written.get(id);
    if (written) return structuredClone(written);
    // Not a job it wrote (answered above), so none of its unsent writes can change what the read finds.
    this.group.holders.set(id, this);
    let job: Job | undefined;
    try {
      job = await this.group.lockJob(id);
    } finally {
      if (!job && !this.#held.has(id) && this.group.holders.get(id) === this) this.group.holders.delete(id);
    }
    if (job) this.#held.set(id, { status: job.status, updatedAt: job.updatedAt });
    return job;
  }

  async insertJob(job: Job): Promise<void> {
    this.check();
    if (this.group.holders.has(job.id)) throw new LeaveGroup("another call of the group holds the job");
    const row = insertRow(job);
    if (row === undefined) throw new LeaveGroup("a NUL character");
    this.#writes.set(job.id, { row });
    this.#wrote(job, job.status);
    this.#metricChanges.push(...jobMetricChanges(undefined, job));
  }

  async updateJob(job: Job, expected: Version): Promise<boolean> {
    this.check();
    const held = this.#held.get(job.id);
    if (held?.status !== expected.status || held.updatedAt !== expected.updatedAt) {
      throw new LeaveGroup("a compare-and-set of a job it does not hold at that version");
    }
    const before = this.#writes.get(job.id);
    // A job it inserted is inserted as it is now; one it updated before, from the version it found.
    const row = before && !before.expected ? insertRow(job) : updateRow(job, before?.expected ?? expected);
    if (row === undefined) throw new LeaveGroup("a NUL character");
    this.#writes.set(job.id, { row, expected: before ? before.expected : expected });
    this.#wrote(job, expected.status);
    this.#metricChanges.push(...jobMetricChanges(expected, job));
    return true;
  }

  /** Its job writes as rows of values: the jobs it inserted, and the compare-and-sets. */
  jobWrites(): { inserts: string[]; updates: string[]; metricChanges: JobMetricRollup[] } {
    const writes = [...this.#writes.values()];
    return {
      metricChanges: this.#metricChanges,
      inserts: writes.filter((write) => !write.expected).map((write) => write.row),
      updates: writes.filter((write) => write.expected).map((write) => write.row),
    };
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

  /**
   * A completed job's dependents: its own writes do not change them unless one of them was or becomes waiting. None,
   * without a statement, when the job is one it locked and the locking read found no waiting job naming it: a job
   * becomes waiting on another only in a transaction that reads that one `FOR UPDATE` (or creates it), so none can
   * while this call holds the row.
   */
  override listJobsWaitingOn(predecessorId: string): Promise<Job[]> {
    if (this.#wroteWaiting) throw new LeaveGroup("reads waiting jobs after writing one");
    if (this.#held.has(predecessorId) && this.group.noneWaitOn(predecessorId)) return Promise.resolve([]);
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

/** A call waiting for a job of the group's next locking read. */
type LockWaiter = { resolve: (job: Job | undefined) => void; reject: (error: unknown) => void };

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
  /** Which call holds a job's row (asked for or read `FOR UPDATE`, or inserted). */
  readonly holders = new Map<string, GroupedTx>();
  readonly statements: Pick<pg.PoolClient, "query">;
  #serial: SerialClient | undefined;
  #begun = false;
  #broken = false;
  #running = 0;
  readonly #finished: Finished[] = [];
  #allDone: (() => void) | undefined;
  /** The jobs asked for since the last locking read was sent, with the calls waiting for each. */
  #locking: Map<string, LockWaiter[]> | undefined;
  /** Jobs a locking read locked and found no waiting job naming (see `noneWaitOn`). */
  readonly #noneWaiting = new Set<string>();

  constructor() {
    this.statements = {
      query: (...args: unknown[]) => {
        const serial = this.#connection();
        const [first, ...rest] = args;
        // BEGIN goes in one message with a simple statement, else just before it.
        let sql = first;
        if (!this.#begun) {
          this.#begun = true;
          if (typeof first === "string" && rest.length === 0) sql = `BEGIN; ${first}`;
          else serial.query("BEGIN").catch(() => undefined);
        }
        return this.#watch((serial.query as (...all: unknown[]) => Promise<unknown>)(sql, ...rest));
      },
    } as unknown as Pick<pg.PoolClient, "query">;
  }

  #connection(): SerialClient {
    if (!this.#serial) throw new Error("the group has no connection yet");
    return this.#serial;
  }

  /** A statement that fails aborts the database's transaction, and with it the group. */
  #watch<T>(sent: Promise<T>): Promise<T> {
    sent.catch(() => {
      this.#broken = true;
    });
    return sent;
  }

  /**
   * Reads a job `FOR UPDATE` in the group's transaction. Every job asked for until the connection is free to send
   * goes into one statement (`lockJobs`): the calls of a group start at once, so a group of lifecycle calls locks
   * all its jobs in one round trip instead of one each, with BEGIN in the same message. The same message asks which
   * of them waiting jobs name (`waitingOn`), so a completing call need not ask with a round trip of its own.
   */
  lockJob(id: string): Promise<Job | undefined> {
    let batch = this.#locking;
    if (!batch) {
      const asked = new Map<string, LockWaiter[]>();
      this.#locking = batch = asked;
      const begin = !this.#begun;
      this.#begun = true;
      const sent = this.#connection().queryWhenSent(() => {
        this.#locking = undefined;
        const ids = [...asked.keys()];
        return `${begin ? "BEGIN; " : ""}${lockJobs(ids)};\n${waitingOn(ids)}`;
      });
      this.#watch(sent).then(
        (results) => {
          const [locked, waiting] = (results as pg.QueryResult[]).slice(-2);
          const rows = new Map(
            (locked?.rows as { id: string; data: Job }[]).map((row) => [row.id, row.data]),
          );
          const named = new Set((waiting?.rows as { ids: string[] }[]).flatMap((row) => row.ids));
          for (const id of asked.keys()) if (rows.has(id) && !named.has(id)) this.#noneWaiting.add(id);
          for (const [jobId, waiters] of asked) {
            const job = rows.get(jobId);
            // Two waiters of one job are one call asking twice at once: each gets a copy of its own.
            waiters.forEach(({ resolve }, index) => resolve(job && index > 0 ? structuredClone(job) : job));
          }
        },
        (error: unknown) => asked.forEach((waiters) => waiters.forEach(({ reject }) => reject(error))),
      );
    }
    const waiting = batch;
    return new Promise((resolve, reject) => {
      const waiters = waiting.get(id);
      if (waiters) waiters.push({ resolve, reject });
      else waiting.set(id, [{ resolve, reject }]);
    });
  }

  /**
   * Whether a locking read of the group locked `id` and found no waiting job naming it. The answer holds until the
   * group ends: the read that found none ran after the row was locked (a statement of its own, after `lockJobs`).
   */
  noneWaitOn(id: string): boolean {
    return this.#noneWaiting.has(id);
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
    const rows = finished.map(({ tx }) => tx.jobWrites());
    const inserts = rows.flatMap((row) => row.inserts);
    const updates = rows.flatMap((row) => row.updates);
    // Every call's job writes in two statements at most (a call's jobs are its own: no two rows of one job).
    const writes = [
      ...(inserts.length ? [insertJobs(inserts)] : []),
      ...(updates.length ? [updateHeldJobs(updates)] : []),
    ];
    const metrics = upsertJobMetrics(rows.flatMap((row) => row.metricChanges));
    const last = events.length
      ? placeAndCommit(events, channel, false, metrics)
      : `${metrics === undefined ? "" : `${metrics};\n`}COMMIT`;
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
