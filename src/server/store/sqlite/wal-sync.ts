import { close, fdatasync, open } from "node:fs";
import { promisify } from "node:util";

const openFile = promisify(open);
const closeFile = promisify(close);
const syncData = promisify(fdatasync);

/** Makes what was written to an open file reach the disk (fdatasync by default; tests pass their own). */
export type SyncFile = (fd: number) => Promise<void>;

/**
 * Makes committed transactions survive an OS crash or a power loss without holding the event loop (decision 050):
 * the writer commits with `synchronous = NORMAL` (its COMMIT writes the WAL and syncs nothing), and the store asks this
 * for a sync of the WAL file before a group's callers hear back and before its events go out. The sync runs on libuv's
 * thread pool, so the loop goes on parsing requests and answering reads meanwhile, and the calls that arrive join the
 * next group. SQLite's own `synchronous = FULL` ran the same sync inside COMMIT, on the loop's thread.
 *
 * A sync covers everything written before it started: a commit made while one runs waits for the next, which starts
 * when it ends and covers every commit made meanwhile (one sync for them all, as group commit has one COMMIT for many
 * calls). Syncs never overlap, so their waiters settle in commit order. The store's queue commits little while one
 * runs (`running`): only a full group, or resumable work (decision 053).
 */
export class WalSync {
  #fd: Promise<number> | undefined;
  #running: Promise<void> | undefined;
  #next: { promise: Promise<void>; start: () => void } | undefined;

  constructor(
    private readonly walFile: string,
    private readonly syncFile: SyncFile = syncData,
  ) {}

  /** Settles once everything written to the WAL before this call is on disk; rejects if the sync fails. */
  sync(): Promise<void> {
    if (!this.#running) return (this.#running = this.#start());
    if (!this.#next) {
      let start!: () => void;
      const promise = new Promise<void>((resolve, reject) => {
        start = () => {
          this.#running = this.#start();
          this.#running.then(resolve, reject);
        };
      });
      this.#next = { promise, start };
    }
    return this.#next.promise;
  }

  /** The sync under way, if any. */
  get running(): Promise<void> | undefined {
    return this.#running;
  }

  /** Waits for the syncs asked for, then closes the file. */
  async close(): Promise<void> {
    while (this.#running) await this.#running.catch(() => undefined);
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd) await closeFile(await fd);
  }

  async #start(): Promise<void> {
    try {
      // Opened at the first sync: the WAL file exists once the writer has committed. SQLite keeps the same file
      // (it writes it over from the start, or truncates it) while a connection is open, so one descriptor serves.
      this.#fd ??= openFile(this.walFile, "r");
      const fd = await this.#fd.catch((error: unknown) => {
        this.#fd = undefined;
        throw error;
      });
      await this.syncFile(fd);
    } finally {
      this.#running = undefined;
      const next = this.#next;
      this.#next = undefined;
      next?.start();
    }
  }
}
