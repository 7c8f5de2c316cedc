import { JOB_LOG_LEVELS, jobLogSeverity, type JobLogLine, type JobLogPage } from "../../../core";
import type { JobLogHead, JobLogTable, OldLine, StoredJobLogLine } from "../job-log-append";
import type { JobLogQuery } from "../store";
import { execute, Params, queryRows, where, type Queryable } from "./query";

type LineRow = {
  seq: number;
  severity: number;
  time: string;
  message: string;
  data: Record<string, unknown> | null;
  dropped: number | null;
  attempt: number | null;
};

const toLine = (row: LineRow): JobLogLine => ({
  seq: row.seq,
  level: JOB_LOG_LEVELS[row.severity] ?? "info",
  message: row.message,
  time: row.time,
  ...(row.data === null ? {} : { data: row.data }),
  ...(row.dropped === null ? {} : { dropped: row.dropped }),
  ...(row.attempt === null ? {} : { attempt: row.attempt }),
});

/** A page of a job's lines (see `JobLogQuery`) and its head, in one statement, so both come from one snapshot. */
export async function readPostgresJobLogs(db: Queryable, jobId: string, q: JobLogQuery): Promise<JobLogPage> {
  const params = new Params();
  const job = params.p(jobId);
  const filter = where([
    [true, () => `job_id = ${job}`],
    [q.after !== undefined, () => `seq > ${params.p(q.after)}`],
    [q.before !== undefined, () => `seq < ${params.p(q.before)}`],
    [q.level !== undefined, () => `severity >= ${params.p(q.level && jobLogSeverity(q.level))}`],
    [q.q !== undefined, () => `strpos(message_search, ${params.p(q.q)}) > 0`],
    [q.attempt !== undefined, () => `attempt = ${params.p(q.attempt)}`],
  ]);
  const direction = q.order === "desc" ? "DESC" : "ASC";
  const [row] = await queryRows<{ head: { lastSeq: number; dropped: number } | null; lines: LineRow[] }>(
    db,
    `SELECT
       (SELECT json_build_object('lastSeq', last_seq, 'dropped', dropped) FROM job_log_heads WHERE job_id = ${job})
         AS head,
       COALESCE((SELECT json_agg(page ORDER BY page.seq ${direction}) FROM (
         SELECT seq, severity, time, message, data, dropped, attempt FROM job_logs${filter}
         ORDER BY seq ${direction} LIMIT ${params.p(q.limit + 1)}
       ) AS page), '[]'::json) AS lines`,
    params.values,
  );
  const lines = row?.lines ?? [];
  return {
    lines: lines.slice(0, q.limit).map(toLine),
    hasMore: lines.length > q.limit,
    lastSeq: row?.head?.lastSeq ?? 0,
    dropped: row?.head?.dropped ?? 0,
  };
}

/** The PostgreSQL store's `JobLogTable`, on a transaction's client. */
export class PostgresJobLogTable implements JobLogTable {
  constructor(private readonly db: Queryable) {}

  async head(jobId: string): Promise<JobLogHead | undefined> {
    const [head] = await queryRows<JobLogHead>(
      this.db,
      `SELECT last_seq AS "lastSeq", lines, bytes, dropped FROM job_log_heads WHERE job_id = $1 FOR UPDATE`,
      [jobId],
    );
    return head;
  }

  /** Every line in one statement, each column as one array. */
  async insert(jobId: string, lines: StoredJobLogLine[]): Promise<void> {
    await execute(
      this.db,
      `INSERT INTO job_logs (job_id, seq, severity, time, message, message_search, data, bytes, dropped, attempt)
       SELECT $1, u.seq, u.severity, u.time, u.message, u.search, u.data::json, u.bytes, u.dropped, u.attempt
       FROM unnest($2::int[], $3::smallint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::int[],
         $10::int[]) AS u(seq, severity, time, message, search, data, bytes, dropped, attempt)`,
      [
        jobId,
        lines.map((line) => line.seq),
        lines.map((line) => jobLogSeverity(line.level)),
        lines.map((line) => line.time),
        lines.map((line) => line.message),
        // Lower-cased by JavaScript's rules, so that a search matches the memory store's exactly.
        lines.map((line) => line.message.toLowerCase()),
        lines.map((line) => (line.data === undefined ? null : JSON.stringify(line.data))),
        lines.map((line) => line.bytes),
        lines.map((line) => line.dropped ?? null),
        lines.map((line) => line.attempt ?? null),
      ],
    );
  }

  async oldest(jobId: string, afterSeq: number, limit: number): Promise<OldLine[]> {
    return queryRows<OldLine>(
      this.db,
      `SELECT seq, bytes, time FROM job_logs WHERE job_id = $1 AND seq > $2 AND dropped IS NULL ORDER BY seq LIMIT $3`,
      [jobId, afterSeq, limit],
    );
  }

  async deleteThrough(jobId: string, seq: number): Promise<void> {
    await execute(this.db, "DELETE FROM job_logs WHERE job_id = $1 AND seq <= $2", [jobId, seq]);
  }

  async writeHead(jobId: string, head: JobLogHead, isNew: boolean): Promise<void> {
    const values = [jobId, head.lastSeq, head.lines, head.bytes, head.dropped];
    await execute(
      this.db,
      isNew
        ? "INSERT INTO job_log_heads (job_id, last_seq, lines, bytes, dropped) VALUES ($1, $2, $3, $4, $5)"
        : "UPDATE job_log_heads SET last_seq = $2, lines = $3, bytes = $4, dropped = $5 WHERE job_id = $1",
      values,
    );
  }
}
