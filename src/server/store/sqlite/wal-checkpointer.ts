import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

/**
 * WAL size from which checkpoints move to the worker thread: below SQLite's own automatic checkpoint (1,000 pages,
 * about 4 MiB), so a store that writes that much never copies the WAL back on the event loop. A store that never
 * writes that much (a test, a quiet server) starts no thread.
 */
const START_AFTER_BYTES = 1024 * 1024;

/**
 * The writer's own automatic checkpoint once the worker runs: a fallback that bounds the WAL when the worker cannot
 * catch up with a steady stream of commits (the WAL only starts over once a checkpoint has copied all of it). It then
 * copies only what the worker has not copied yet.
 */
const WRITER_FALLBACK_PAGES = 10_000;

/** SQLite's default, which the writer goes back to if the worker fails. */
const WRITER_DEFAULT_PAGES = 1_000;

/**
 * The thread's code (CommonJS, evaluated): a connection of its own that runs a PASSIVE checkpoint (it never waits for
 * nor blocks the writer or the readers) whenever asked, with `synchronous = NORMAL` like the writer, so the
 * checkpoint syncs the WAL and the database file as SQLite's own does.
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
  db.pragma("wal_checkpoint(PASSIVE)");
  parentPort.postMessage("done");
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
  /** A checkpoint was asked for and has not finished: commits meanwhile are copied by the next one. */
  #asked = false;
  #again = false;

  constructor(
    private readonly filename: string,
    private readonly writer: Database.Database,
  ) {
    this.#walFile = `${filename}-wal`;
  }

  /** After each COMMIT of the writer. */
  committed(): void {
    if (this.#failed) return;
    if (!this.#worker) {
      if (!this.#walLargerThan(START_AFTER_BYTES)) return;
      this.#start();
    }
    if (this.#asked) {
      this.#again = true;
      return;
    }
    this.#ask();
  }

  /** Ends the thread (its connection closes first, so the writer's close still does the final checkpoint). */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (!worker) return;
    const exited = new Promise<void>((done) => worker.once("exit", () => done()));
    worker.postMessage("close");
    await exited;
  }

  #walLargerThan(bytes: number): boolean {
    try {
      return statSync(this.#walFile).size >= bytes;
    } catch {
      return false;
    }
  }

  #ask(): void {
    this.#asked = true;
    this.#again = false;
    this.#worker?.postMessage("checkpoint");
  }

  #start(): void {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, filename: this.filename } });
    // The thread never keeps the process alive: a server that stops without closing the store still exits.
    worker.unref();
    worker.on("message", () => {
      this.#asked = false;
      if (this.#again) this.#ask();
    });
    worker.on("error", (error) => this.#fail(error));
    worker.on("exit", () => {
      if (this.#worker === worker) this.#fail(new Error("the WAL checkpoint thread exited"));
    });
    this.#worker = worker;
    this.writer.pragma(`wal_autocheckpoint = ${WRITER_FALLBACK_PAGES}`);
  }

  /** The writer checkpoints by itself again, as SQLite does by default. */
  #fail(error: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#worker = undefined;
    console.error("sqlite store: the WAL checkpoint thread failed; the writer checkpoints again:", error);
    if (this.writer.open) this.writer.pragma(`wal_autocheckpoint = ${WRITER_DEFAULT_PAGES}`);
  }
}
