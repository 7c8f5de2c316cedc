import type Database from "better-sqlite3";
import type { Connection } from "./connection";

const WORDS_OF = "SELECT search_text FROM jobs WHERE seq = ?";
const UNINDEX = "INSERT INTO jobs_search (jobs_search, rowid, search_text) VALUES ('delete', ?, ?)";
const INDEX = "INSERT INTO jobs_search (rowid, search_text) VALUES (?, ?)";

/**
 * The job search index's changes of one commit group, written once, right before its COMMIT.
 *
 * FTS5 keeps the words a statement adds in memory and writes them out as a new segment of the index whenever a
 * savepoint opens: with the index kept by triggers, a group of job calls (a savepoint each) wrote a segment per call
 * that changed a job's words (most progress updates do, by their `info`), each a few pages, merged again later. The
 * triggers now ask `job_search_deferred` first: while a group is open it answers yes and notes, on a job's first
 * change in the group, the words the index holds for it (none for a job the group inserts); at the COMMIT each noted
 * job's words are compared with the row's and the index is changed once, in the same transaction, so it is committed
 * (or rolled back) with the rows. A savepoint that rolls back needs nothing: the rows go back, and what the index
 * holds is still what was noted first. Outside a group (migrations) the triggers write as before.
 */
export class CommitSearch {
  /** Each changed job's words as the index holds them (by the job's seq), null for a job the index lacks. */
  readonly #indexed = new Map<number, string | null>();
  #open = false;

  /** Makes `job_search_deferred(seq, words)` the triggers' question on `db`, answered by this group's state. */
  register(db: Database.Database): void {
    db.function("job_search_deferred", { deterministic: false }, (seq: unknown, words: unknown) =>
      this.deferred(Number(seq), words === null ? null : String(words)) ? 1 : 0,
    );
  }

  /** A commit group's transaction began: the index's changes wait for its COMMIT. */
  begin(): void {
    this.#indexed.clear();
    this.#open = true;
  }

  /** Whether the trigger leaves the change to the COMMIT; notes what the index holds on the job's first change. */
  deferred(seq: number, indexed: string | null): boolean {
    if (!this.#open) return false;
    if (!this.#indexed.has(seq)) this.#indexed.set(seq, indexed);
    return true;
  }

  /** Brings the index in step with the jobs the group changed, inside its transaction: right before the COMMIT. */
  write(conn: Connection): void {
    this.#open = false;
    for (const [seq, indexed] of this.#indexed) {
      const words = conn.values(WORDS_OF).get(seq) as string | undefined;
      if (words === indexed) continue;
      if (indexed !== null) conn.rows(UNINDEX).run(seq, indexed);
      if (words !== undefined) conn.rows(INDEX).run(seq, words);
    }
    this.#indexed.clear();
  }

  /** Forgets the group's changes: its transaction rolled back. */
  discard(): void {
    this.#open = false;
    this.#indexed.clear();
  }
}
