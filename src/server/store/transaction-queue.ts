import type { Event } from "../../core";
import { Mutex } from "./mutex";
import type { StoreTx, TransactionOptions } from "./store";

/** What the queue needs of an adapter's transaction object. */
export type QueuedTx = StoreTx & {
  /** The events the transaction appended, in position order. */
  readonly appended: Event[];
  /** On objects that refuse writes once their transaction has ended: cleared when it ends. */
  open?: boolean;
};

type MaybePromise<T> = T | Promise<T>;

/**
 * How an adapter begins, commits and rolls back one database transaction, which a group of store transactions
 * shares (a group of one without group commit). The queue calls these one group at a time, never interleaved.
 */
export type TransactionDriver<Tx extends QueuedTx> = {
  /**
   * Starts the database transaction (`BEGIN`). `independent`: every store transaction of the group was run with
   * `TransactionOptions.independent`, so each writes a few rows of one job and its events, never a bulk of records.
   */
  begin(independent: boolean): MaybePromise<void>;
  /** A transaction object on the open database transaction. */
  tx(): Tx;
  /** Commits; `events` are every event the group appended, in position order. */
  commit(events: Event[]): MaybePromise<void>;
  /**
   * Called right after each commit: when it settles, what the group committed is on disk (SQLite's WAL sync with
   * `full`, decision 050). The group's callers and the commit listeners wait for it; the next group gathers meanwhile
   * (see `syncing`), and commits during it only when full or resumable. Promises of successive commits must settle
   * in commit order. None: the commit was durable when it returned.
   */
  durable?(): Promise<void> | undefined;
  /**
   * The sync `durable` started that is still running, if any. A group that would flush meanwhile gathers until it
   * ends instead (unless it is full, or all resumable work): its callers could not hear back before then anyway, and
   * one commit then covers what would have been several, and no commit writes to the file while it syncs
   * (decision 053).
   */
  syncing?(): Promise<void> | undefined;
  /** Rolls back after a failed `begin`, `commit` or savepoint, or after the work of a group of one threw. */
  rollback(opened: Tx[]): MaybePromise<void>;
  /** Runs after the commit or rollback (a pooled connection goes back). */
  end?(): void;
  /**
   * Hands one committed transaction's events to the commit listeners, in commit order. The transaction resolves
   * when the returned promise does, at once when there is none.
   */
  committed(events: Event[]): Promise<void> | undefined;
  /** Group commit, where the adapter offers it. */
  group?: GroupCommit;
};

/**
 * The transactions waiting together share one database transaction, each inside its own savepoint, so a failing one
 * rolls back alone. They still run one after another and see each other's writes in order, and each caller hears
 * back only after the COMMIT, so an acknowledged write is always durable.
 */
export type GroupCommit = {
  /** Most transactions that share one commit. */
  max: number;
  /** Runs the first flush later (the next turn of the event loop), so that what arrives until then joins it. */
  defer(flush: () => void): void;
  /**
   * Longest wait (ms) for more transactions before a flush: while each deferred turn brings new ones, the flush is
   * deferred again, up to this long after the first arrived or until `max` wait. A turn that brings none flushes at
   * once, so a lone transaction waits one turn, as without it. Under load, clients whose answers went out with the
   * last commit send their next calls over several turns: waiting for them makes a commit cover more calls, and a
   * commit's pages are written once for all of them. Without it, one turn.
   */
  gatherMs?: number;
  savepoint(): MaybePromise<void>;
  release(): MaybePromise<void>;
  rollbackToSavepoint(): MaybePromise<void>;
};

type Queued<Tx> = {
  work: (tx: Tx) => Promise<unknown>;
  independent: boolean;
  resumable: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

type Outcome = { ok: true; value: unknown; events: Event[] } | { ok: false; error: unknown };

/**
 * Runs a store's transactions one at a time, in arrival order, each as a group of one or, with group commit, in
 * groups that share a commit. A throw rolls back the transaction's writes; the commit listeners hear each committed
 * transaction's events after the COMMIT, in commit order (so in position order), and before it resolves.
 */
export class TransactionQueue<Tx extends QueuedTx> {
  readonly #mutex = new Mutex();
  readonly #waiting: Queued<Tx>[] = [];
  /** The last committed group still waiting for `durable` or for the groups before it; each settles after those. */
  #settling: Promise<void> = Promise.resolve();
  /** Committed groups that have not settled yet. */
  #unsettled = 0;
  #flushScheduled = false;
  #closed = false;

  constructor(private readonly driver: TransactionDriver<Tx>) {}

  run<T>(work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#closed) return reject(new Error("the store is closed"));
      const { independent = false, resumable = false } = options;
      this.#waiting.push({
        work,
        independent,
        resumable,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (this.#flushScheduled) return;
      this.#flushScheduled = true;
      const group = this.driver.group;
      if (!group) return this.#scheduledFlush();
      const gatherUntil = performance.now() + (group.gatherMs ?? 0);
      let seen = this.#waiting.length;
      const gather = () => {
        const arrived = this.#waiting.length > seen;
        seen = this.#waiting.length;
        if (arrived && seen < group.max && performance.now() < gatherUntil) return group.defer(gather);
        const syncing = seen < group.max ? this.driver.syncing?.() : undefined;
        if (!syncing || this.#waiting.every((item) => item.resumable)) return this.#scheduledFlush();
        const flush = () => this.#scheduledFlush();
        void syncing.then(flush, flush);
      };
      group.defer(gather);
    });
  }

  #scheduledFlush(): void {
    this.#flushScheduled = false;
    void this.#flush();
  }

  /**
   * Refuses new transactions from now on, runs the ones accepted before (they were queued first), then `finish`
   * (closing connections), all in the queue's turn, so no transaction is cut short.
   */
  close(finish: () => Promise<void>): Promise<void> {
    this.#closed = true;
    return this.#mutex.run(async () => {
      await this.#drain();
      await this.#settling;
      await finish();
    });
  }

  /** Runs waiting transactions until none is left; one flush at a time, in arrival order. */
  #flush(): Promise<void> {
    return this.#mutex.run(() => this.#drain());
  }

  async #drain(): Promise<void> {
    const size = this.driver.group?.max ?? 1;
    while (this.#waiting.length > 0) await this.#runGroup(this.#waiting.splice(0, size));
  }

  async #runGroup(group: Queued<Tx>[]): Promise<void> {
    const { driver } = this;
    const opened: Tx[] = [];
    const outcomes: Outcome[] = [];
    let durable: Promise<void> | undefined;
    const resumable = group.every((item) => item.resumable);
    try {
      await driver.begin(group.every((item) => item.independent));
      // A group of one needs no savepoint: its throw rolls back the database transaction, which holds nothing else.
      const alone = group.length === 1;
      for (const item of group) outcomes.push(await this.#runOne(item, opened, alone));
      const events = outcomes.flatMap((outcome) => (outcome.ok ? outcome.events : []));
      const committing = driver.commit(events);
      // Not awaited when it returns nothing (SQLite): then nothing else runs between the COMMIT and the commit
      // listeners, unless `durable` asks them to wait for the disk. A promise (PostgreSQL's COMMIT) holds the next
      // group back; `durable` (SQLite's WAL sync with `full`) does not.
      if (committing) await committing;
      // A group of resumable work only (TransactionOptions.resumable) does not wait for the disk: the next sync,
      // asked by a later commit, covers it.
      if (!resumable) durable = driver.durable?.();
    } catch (error) {
      await driver.rollback(opened);
      for (const item of group) item.reject(error);
      return;
    } finally {
      driver.end?.();
    }
    const settle = () =>
      group.forEach((item, index) => {
        const outcome = outcomes[index] as Outcome;
        if (!outcome.ok) return item.reject(outcome.error);
        const heard = driver.committed(outcome.events);
        if (heard) heard.then(() => item.resolve(outcome.value), item.reject);
        else item.resolve(outcome.value);
      });
    if (!durable && this.#unsettled === 0) return settle();
    if (resumable) {
      // Behind commits still waiting for the disk: its callers go on at once (a crash that takes those commits takes
      // this one too, and the work is done again), while its events wait for them, so that the listeners hear every
      // group in commit order. Only SQLite with `full` gets here, whose listeners answer nothing back.
      this.#afterSettled(undefined, () => {
        for (const outcome of outcomes) if (outcome.ok) void driver.committed(outcome.events);
      });
      group.forEach((item, index) => {
        const outcome = outcomes[index] as Outcome;
        if (outcome.ok) item.resolve(outcome.value);
        else item.reject(outcome.error);
      });
      return;
    }
    // Committed but not yet on disk, or behind groups that are not: the next group may begin. A failed sync fails the
    // group's callers and tells the listeners nothing; its rows are in the database, as after a crash they may not be
    // (a stream catches up from the log by position, so it misses no event either way).
    this.#afterSettled(durable, settle, (error) => {
      for (const item of group) item.reject(error);
    });
  }

  /**
   * Runs `settle` once `durable` and every group committed before have settled (`failed` if `durable` rejects), so
   * that groups settle, and their listeners hear them, in commit order.
   */
  #afterSettled(
    durable: Promise<void> | undefined,
    settle: () => void,
    failed?: (error: unknown) => void,
  ): void {
    this.#unsettled++;
    this.#settling = Promise.all([this.#settling, durable])
      .then(settle, failed)
      .finally(() => this.#unsettled--);
  }

  /**
   * Runs one transaction's work. In a group, inside a savepoint that a throw rolls back alone; in a group of one, a
   * throw goes on to roll back the database transaction.
   */
  async #runOne(item: Queued<Tx>, opened: Tx[], alone: boolean): Promise<Outcome> {
    const savepoints = alone ? undefined : this.driver.group;
    await savepoints?.savepoint();
    const tx = this.driver.tx();
    opened.push(tx);
    try {
      const value = await item.work(tx);
      await savepoints?.release();
      return { ok: true, value, events: tx.appended };
    } catch (error) {
      if (!savepoints) throw error;
      await savepoints.rollbackToSavepoint();
      return { ok: false, error };
    } finally {
      if (tx.open) tx.open = false;
    }
  }
}
