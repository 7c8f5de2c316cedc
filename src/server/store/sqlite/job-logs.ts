import { JOB_LOG_LEVELS, jobLogSeverity, type JobLogLine, type JobLogPage } from "../../../core";
import type { JobLogHead, JobLogTable, OldLine, StoredJobLogLine } from "../job-log-append";
import type { JobLogQuery } from "../store";
import { where, type Connection } from "./connection";

type LineRow = {
  seq: number;
  severity: number;
  time: string;
  message: string;
  data: string | null;
  dropped: number | null;
  attempt: number | null;
};

const toLine = (row: LineRow): JobLogLine => ({
  seq: row.seq,
  level: JOB_LOG_LEVELS[row.severity] ?? "info",
  message: row.message,
  time: row.time,
  ...(row.data === null ? {} : { data: JSON.parse(row.data) as Record<string, unknown> }),
  ...(row.dropped === null ? {} : { dropped: row.dropped }),
  ...(row.attempt === null ? {} : { attempt: row.attempt }),
});

/** A page of a job's lines (see `JobLogQuery`), with its head, from one snapshot. */
export function readSqliteJobLogs(conn: Connection, jobId: string, q: JobLogQuery): JobLogPage {
  const filter = where([
    [true, "job_id = ?", jobId],
    [q.after !== undefined, "seq > ?", q.after ?? null],
    [q.before !== undefined, "seq < ?", q.before ?? null],
    [q.level !== undefined, "severity >= ?", q.level === undefined ? null : jobLogSeverity(q.level)],
    [q.q !== undefined, "text_contains(message, ?) = 1", q.q ?? null],
    [q.attempt !== undefined, "attempt = ?", q.attempt ?? null],
  ]);
  const direction = q.order === "desc" ? "DESC" : "ASC";
  return conn.snapshot(() => {
    const head = conn
      .rows("SELECT last_seq AS lastSeq, dropped FROM job_log_heads WHERE job_id = ?")
      .get(jobId) as { lastSeq: number; dropped: number } | undefined;
    const rows = conn
      .rows(
        `SELECT seq, severity, time, message, data, dropped, attempt FROM job_logs${filter.sql} ORDER BY seq ${direction} LIMIT ?`,
      )
      .all(...filter.params, q.limit + 1) as LineRow[];
    return {
      lines: rows.slice(0, q.limit).map(toLine),
      hasMore: rows.length > q.limit,
      lastSeq: head?.lastSeq ?? 0,
      dropped: head?.dropped ?? 0,
    };
  });
}

/** The SQLite store's `JobLogTable`, on the writer connection inside a transaction. */
export class SqliteJobLogTable implements JobLogTable {
  constructor(private readonly conn: Connection) {}

  async head(jobId: string): Promise<JobLogHead | undefined> {
    return this.conn
      .rows("SELECT last_seq AS lastSeq, lines, bytes, dropped FROM job_log_heads WHERE job_id = ?")
      .get(jobId) as JobLogHead | undefined;
  }

  async insert(jobId: string, lines: StoredJobLogLine[]): Promise<void> {
    const insert = this.conn.rows(
      `INSERT INTO job_logs (job_id, seq, severity, time, message, data, bytes, dropped, attempt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const line of lines)
      insert.run(
        jobId,
        line.seq,
        jobLogSeverity(line.level),
        line.time,
        line.message,
        line.data === undefined ? null : JSON.stringify(line.data),
        line.bytes,
        line.dropped ?? null,
        line.attempt ?? null,
      );
  }

  async oldest(jobId: string, afterSeq: number, limit: number): Promise<OldLine[]> {
    return this.conn
      .rows(
        `SELECT seq, bytes, time FROM job_logs WHERE job_id = ? AND seq > ? AND dropped IS NULL ORDER BY seq LIMIT ?`,
      )
      .all(jobId, afterSeq, limit) as OldLine[];
  }

  async deleteThrough(jobId: string, seq: number): Promise<void> {
    this.conn.rows("DELETE FROM job_logs WHERE job_id = ? AND seq <= ?").run(jobId, seq);
  }

  async writeHead(jobId: string, head: JobLogHead): Promise<void> {
    this.conn
      .rows(
        `INSERT INTO job_log_heads (job_id, last_seq, lines, bytes, dropped) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (job_id) DO UPDATE SET last_seq = excluded.last_seq, lines = excluded.lines,
           bytes = excluded.bytes, dropped = excluded.dropped`,
      )
      .run(jobId, head.lastSeq, head.lines, head.bytes, head.dropped);
  }
}
