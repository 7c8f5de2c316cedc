import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

/**
 * WAL size from which checkpoints move to the worker thread: below SQLite's own automatic checkpoint (1,000 pages:
 * 2 MiB with a new database's 2 KiB pages, 4 MiB with 4 KiB), so a store that writes that much never copies the WAL
 * back on the event loop. A store that never writes that much (a test, a quiet server) starts no thread.
 */
const START_AFTER_BYTES = 1024 * 1024;

/**
 * WAL size (32 MiB, counted in frames of the database's page size) past which the next write transaction waits,
 * without holding the event loop, until a checkpoint has copied all of it: that transaction then starts the WAL over.
 * Under a steady stream of commits the thread's checkpoints never catch up by themselves, and the WAL would only grow.
 */
const DRAIN_AFTER_BYTES = 32 * 1024 * 1024;

/**
 * The writer's own automatic checkpoint once the thread runs: a safety net only, should the WAL outgrow the drain.
 * 1 GiB (250,000 pages of 4 KiB), counted in pages of the database. It must stay far above what commits add while one
 * thread checkpoint runs: the drain waits only once a checkpoint has reported the WAL's size, and a job copying
 * 10,000-record chunks adds ~80 MiB during a long one. At 20,000 pages of 4 KiB the writer's own checkpoint ran inside
 * those commits, on the event loop, every ~100,000 records (stalls of 200-300 ms during a snapshot of a million
 * records).
 */
const WRITER_FALLBACK_BYTES = 1024 * 1024 * 1024;

/**
 * How long after a commit the thread's next checkpoint starts. A checkpoint writes each page changed since the last
 * one once, however often it changed: the tails of the jobs and events indexes change in every commit, so checkpoints
 * after every commit wrote about as many bytes again as the WAL itself. A quarter of a second covers hundreds of
 * commits under load and keeps the WAL to a few MiB (DRAIN_AFTER_BYTES still bounds it).
 */
const CHECKPOINT_DELAY_MS = 250;

/** SQLite's default, which the writer goes back to if the worker fails. */
const WRITER_DEFAULT_PAGES = 1_000;

/**
 * The thread's code (CommonJS, evaluated): a connection of its own that runs a PASSIVE checkpoint (it never waits for
 * nor blocks the writer or the readers) whenever asked, with `synchronous = NORMAL`, so the checkpoint syncs the WAL
 * and the database file as SQLite's own does (NORMAL and FULL differ only at commits, which this connection never
 * makes: the writer's setting decides what a commit survives).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { fileMustExist: true });
db.pragma("synchronous = NORMAL");
parentPort.on("message", (message) => {
  if (message === "close") {
    db.close();
    parentPort.close();
    return;
  }
  const [result] = db.pragma("wal_checkpoint(PASSIVE)");
  parentPort.postMessage(result.log);
});
`;

/**
 * Copies the WAL back into the database file on a worker thread instead of in the COMMIT that crosses SQLite's
 * automatic checkpoint threshold. That copy and its two fsyncs are the longest thing a commit does (tens to hundreds
 * of milliseconds on a busy disk), and in a commit they hold the event loop; on the thread they hold nothing. Commits
 * stay exactly as durable: a checkpoint never changes what is committed, only where it is kept.
 */
export class WalCheckpointer {
  readonly #walFile: string;
  #worker: Worker | undefined;
  #failed = false;
  /** The checkpoint in flight, settled when it is done. */
  #running: { done: Promise<void>; settle: () => void } | undefined;
  /** Commits since the checkpoint in flight (or the last one) began. */
  #dirty = false;
  /** The next checkpoint, when one is waiting for its delay. */
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Frames in the WAL when the last checkpoint ran. */
  #frames = 0;
  /** DRAIN_AFTER_BYTES in frames of this database's pages. */
  readonly #drainAfterFrames: number;

  constructor(
    private readonly filename: string,
    private readonly writer: Database.Database,
  ) {
    this.#walFile = `${filename}-wal`;
    this.#drainAfterFrames = Math.ceil(DRAIN_AFTER_BYTES / this.#pageSize());
  }

  /**
   * After each COMMIT of the writer: a checkpoint follows after CHECKPOINT_DELAY_MS (one at a time; commits meanwhile
   * go to the next).
   */
  committed(): void {
    if (this.#failed) return;
    if (!this.#worker) {
      if (!this.#walLargerThan(START_AFTER_BYTES)) return;
      this.#start();
    }
    this.#dirty = true;
    if (!this.#running) this.#schedule();
  }

  /**
   * Before a write transaction (the queue holds the writer meanwhile): once the WAL is large, resolves when a
   * checkpoint has copied every commit, so that this transaction starts the WAL over. Undefined when there is no need
   * to wait.
   */
  beforeWrite(): Promise<void> | undefined {
    if (!this.#worker || this.#frames < this.#drainAfterFrames) return undefined;
    return this.#drain();
  }

  /** Ends the thread (its connection closes first, so the writer's close still does the final checkpoint). */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#cancelTimer();
    this.#settle();
    if (!worker) return;
    const exited = new Promise<void>((done) => worker.once("exit", () => done()));
    // Held while it closes: with nothing else to wait for, the process would otherwise end before the store did.
    worker.ref();
    worker.postMessage("close");
    await exited;
  }

  async #drain(): Promise<void> {
    while (this.#worker && (this.#running || this.#dirty)) {
      if (!this.#running) this.#ask();
      await this.#running?.done;
    }
    this.#frames = 0;
  }

  #pageSize(): number {
    return this.writer.pragma("page_size", { simple: true }) as number;
  }

  #walLargerThan(bytes: number): boolean {
    try {
      return statSync(this.#walFile).size >= bytes;
    } catch {
      return false;
    }
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      if (!this.#running && this.#dirty && this.#worker) this.#ask();
    }, CHECKPOINT_DELAY_MS);
    // A pending checkpoint never keeps the process alive (the writer's close checkpoints anyway).
    this.#timer.unref?.();
  }

  #cancelTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #ask(): void {
    this.#cancelTimer();
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    this.#running = { done, settle };
    this.#dirty = false;
    this.#worker?.postMessage("checkpoint");
  }

  #settle(): void {
    const running = this.#running;
    this.#running = undefined;
    running?.settle();
  }

  #start(): void {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, filename: this.filename } });
    // The thread never keeps the process alive: a server that stops without closing the store still exits.
    worker.unref();
    worker.on("message", (frames: number) => {
      this.#frames = frames;
      this.#settle();
      if (this.#dirty && this.#worker) this.#schedule();
    });
    worker.on("error", (error) => this.#fail(error));
    worker.on("exit", () => {
      if (this.#worker === worker) this.#fail(new Error("the WAL checkpoint thread exited"));
    });
    this.#worker = worker;
    this.writer.pragma(`wal_autocheckpoint = ${Math.ceil(WRITER_FALLBACK_BYTES / this.#pageSize())}`);
  }

  /** The writer checkpoints by itself again, as SQLite does by default; nothing waits for the thread any more. */
  #fail(error: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#worker = undefined;
    this.#cancelTimer();
    this.#settle();
    console.error("sqlite store: the WAL checkpoint thread failed; the writer checkpoints again:", error);
    if (this.writer.open) this.writer.pragma(`wal_autocheckpoint = ${WRITER_DEFAULT_PAGES}`);
  }
}
