import {
  JOB_LOG_MARKER_LEVEL,
  jobLogLineBytes,
  jobLogMarkerMessage,
  type JobLogCaps,
  type JobLogLine,
  type JobLogsAppended,
  type NewJobLogLine,
} from "../../core";

/** What a store keeps about one job's log besides its lines, so that an append never counts them. */
export type JobLogHead = {
  /** The newest line's `seq` (0 before the first). */
  lastSeq: number;
  /** Lines kept, the marker not counted. */
  lines: number;
  /** Their `jobLogLineBytes`, summed. */
  bytes: number;
  /** Lines dropped so far (what the marker says). */
  dropped: number;
};

/** A line as a store writes it: the API's line and what it costs against the byte limit (0 for the marker). */
export type StoredJobLogLine = JobLogLine & { bytes: number };

/** One of the oldest kept lines, as trimming needs it. */
export type OldLine = { seq: number; bytes: number; time: string };

/**
 * The few operations on a job's log rows that appending needs, each store's own (memory maps, SQLite, PostgreSQL):
 * the rule of what is kept and the marker line is `appendJobLogLines`, written once.
 */
export interface JobLogTable {
  head(jobId: string): Promise<JobLogHead | undefined>;
  insert(jobId: string, lines: StoredJobLogLine[]): Promise<void>;
  /** Up to `limit` of the job's lines after `afterSeq`, oldest first, the marker left out. */
  oldest(jobId: string, afterSeq: number, limit: number): Promise<OldLine[]>;
  /** Deletes the job's lines (the marker included) up to and including `seq`. */
  deleteThrough(jobId: string, seq: number): Promise<void>;
  writeHead(jobId: string, head: JobLogHead, isNew: boolean): Promise<void>;
}

/** How many of the oldest lines a trimming read takes at least (a batch's worth usually frees enough). */
const TRIM_READ = 64;

/**
 * Appends `lines` to a job's log, numbered after its last, then drops its oldest lines while it keeps more than
 * `caps.lines` lines or `caps.bytes` bytes (the newest lines win, even over lines of this very batch). The lines
 * dropped, now and before, are stood in for by one marker line that takes the `seq` of the newest of them, so it is
 * always the first line and a reader paging oldest first meets it where the gap is. The marker is not counted
 * against the limits.
 */
export async function appendJobLogLines(
  table: JobLogTable,
  jobId: string,
  lines: NewJobLogLine[],
  caps: JobLogCaps,
): Promise<JobLogsAppended> {
  const before = await table.head(jobId);
  const head = before ?? { lastSeq: 0, lines: 0, bytes: 0, dropped: 0 };
  const firstSeq = head.lastSeq + 1;
  const stored = lines.map((line, index): StoredJobLogLine => {
    const { data, ...rest } = line;
    return {
      ...rest,
      ...(data === undefined ? {} : { data }),
      seq: firstSeq + index,
      bytes: jobLogLineBytes(line),
    };
  });
  await table.insert(jobId, stored);
  let count = head.lines + stored.length;
  let bytes = head.bytes + stored.reduce((sum, line) => sum + line.bytes, 0);
  const over = () => count > caps.lines || bytes > caps.bytes;
  let dropped = 0;
  let cut: OldLine | undefined;
  while (over()) {
    const oldest = await table.oldest(jobId, cut?.seq ?? 0, Math.max(count - caps.lines, TRIM_READ));
    if (oldest.length === 0) break;
    for (const line of oldest) {
      if (!over()) break;
      count -= 1;
      bytes -= line.bytes;
      dropped += 1;
      cut = line;
    }
  }
  if (cut) {
    await table.deleteThrough(jobId, cut.seq);
    const total = head.dropped + dropped;
    await table.insert(jobId, [
      {
        seq: cut.seq,
        level: JOB_LOG_MARKER_LEVEL,
        message: jobLogMarkerMessage(total),
        time: cut.time,
        dropped: total,
        bytes: 0,
      },
    ]);
  }
  const lastSeq = head.lastSeq + stored.length;
  const after = { lastSeq, lines: count, bytes, dropped: head.dropped + dropped };
  await table.writeHead(jobId, after, before === undefined);
  return { firstSeq, lastSeq, count: stored.length, dropped: after.dropped };
}
