import { jobLogSeverity, type JobLogLine, type JobLogPage } from "../../core";
import type { JobLogHead, JobLogTable, OldLine, StoredJobLogLine } from "./job-log-append";
import type { JobLogQuery } from "./store";

/** One job's log in the memory store: its head and its lines in `seq` order. */
export type MemoryJobLog = { head: JobLogHead; lines: StoredJobLogLine[] };

const publicLine = ({ bytes: _bytes, ...line }: StoredJobLogLine): JobLogLine => structuredClone(line);

/** A page of a job's lines, by the rules every store follows (see `JobLogQuery`). */
export function readMemoryJobLogs(log: MemoryJobLog | undefined, q: JobLogQuery): JobLogPage {
  if (!log) return { lines: [], hasMore: false, lastSeq: 0, dropped: 0 };
  const severity = q.level === undefined ? 0 : jobLogSeverity(q.level);
  const matches = log.lines.filter(
    (line) =>
      (q.after === undefined || line.seq > q.after) &&
      (q.before === undefined || line.seq < q.before) &&
      jobLogSeverity(line.level) >= severity &&
      (q.q === undefined || line.message.toLowerCase().includes(q.q)) &&
      (q.attempt === undefined || line.attempt === q.attempt),
  );
  if (q.order === "desc") matches.reverse();
  return {
    lines: matches.slice(0, q.limit).map(publicLine),
    hasMore: matches.length > q.limit,
    lastSeq: log.head.lastSeq,
    dropped: log.head.dropped,
  };
}

/** The memory store's `JobLogTable` inside one transaction: each job's log is put back as it was on rollback. */
export class MemoryJobLogTable implements JobLogTable {
  readonly #saved = new Set<string>();

  constructor(
    private readonly logs: Map<string, MemoryJobLog>,
    private readonly undo: (() => void)[],
  ) {}

  /** The job's log, after its state before this transaction is kept for the undo log. */
  #touch(jobId: string): MemoryJobLog {
    let log = this.logs.get(jobId);
    if (!this.#saved.has(jobId)) {
      this.#saved.add(jobId);
      const previous = log && { head: { ...log.head }, lines: [...log.lines] };
      this.undo.push(() => {
        if (previous) this.logs.set(jobId, previous);
        else this.logs.delete(jobId);
      });
    }
    if (!log) {
      log = { head: { lastSeq: 0, lines: 0, bytes: 0, dropped: 0 }, lines: [] };
      this.logs.set(jobId, log);
    }
    return log;
  }

  async head(jobId: string): Promise<JobLogHead | undefined> {
    const log = this.logs.get(jobId);
    return log && { ...log.head };
  }

  async insert(jobId: string, lines: StoredJobLogLine[]): Promise<void> {
    const log = this.#touch(jobId);
    log.lines.push(...structuredClone(lines));
    log.lines.sort((a, b) => a.seq - b.seq);
  }

  async oldest(jobId: string, afterSeq: number, limit: number): Promise<OldLine[]> {
    const lines = this.logs.get(jobId)?.lines ?? [];
    return lines
      .filter((line) => line.dropped === undefined && line.seq > afterSeq)
      .slice(0, limit)
      .map(({ seq, bytes, time }) => ({ seq, bytes, time }));
  }

  async deleteThrough(jobId: string, seq: number): Promise<void> {
    const log = this.#touch(jobId);
    log.lines = log.lines.filter((line) => line.seq > seq);
  }

  async writeHead(jobId: string, head: JobLogHead): Promise<void> {
    this.#touch(jobId).head = { ...head };
  }
}
