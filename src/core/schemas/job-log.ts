import { z } from "zod";
import { JOB_LOG_LEVELS } from "../job-log-constants";
import { IsoDateTime, QueryInt } from "./common";

export { JOB_LOG_LEVELS, JOB_LOGS_APPENDED_TOPIC, jobLogMarkerMessage } from "../job-log-constants";

/*
 * Job logs: lines a listener writes while it runs a job (`POST /jobs/{id}/logs`), read in pages by sequence number
 * (`GET /jobs/{id}/logs`). A job keeps its newest lines within JOB_LOG_LIMITS; the oldest go first, and one marker
 * line says how many went.
 */

export const JobLogLevel = z.enum(JOB_LOG_LEVELS).meta({ id: "JobLogLevel" });
export type JobLogLevel = z.infer<typeof JobLogLevel>;

/** 0 for debug up to 3 for error: how stores compare levels. */
export const jobLogSeverity = (level: JobLogLevel): number => JOB_LOG_LEVELS.indexOf(level);

/** The more severe of two levels. */
export const higherJobLogLevel = (a: JobLogLevel, b: JobLogLevel): JobLogLevel =>
  jobLogSeverity(a) >= jobLogSeverity(b) ? a : b;

/**
 * What a job keeps and accepts. 5,000 lines and 1 MiB a job: a dashboard shows that much at once and a store keeps
 * it per job without noticing (a thousand jobs at the limit are 1 GiB); a chatty handler keeps its newest lines.
 * A batch is at most 500 lines, well inside the API's 1 MiB body; a message at most 8,192 characters and `data` at
 * most 16 KiB of JSON, so one line never pushes out hundreds of others.
 */
export const JOB_LOG_LIMITS = {
  linesPerJob: 5_000,
  bytesPerJob: 1024 * 1024,
  linesPerBatch: 500,
  messageLength: 8_192,
  dataBytes: 16 * 1024,
  pageSizeDefault: 200,
  pageSizeMax: 1_000,
} as const;

/** The limits a store trims a job's lines to (JOB_LOG_LIMITS's, or smaller ones in tests). */
export type JobLogCaps = { lines: number; bytes: number };
export const JOB_LOG_CAPS: JobLogCaps = {
  lines: JOB_LOG_LIMITS.linesPerJob,
  bytes: JOB_LOG_LIMITS.bytesPerJob,
};

const utf8Bytes = (text: string) => new TextEncoder().encode(text).byteLength;

const LogData = z
  .record(z.string(), z.unknown())
  .refine((data) => utf8Bytes(JSON.stringify(data)) <= JOB_LOG_LIMITS.dataBytes, {
    message: `must be at most ${JOB_LOG_LIMITS.dataBytes} bytes of JSON`,
  });

/**
 * One line as a listener sends it; `time` is the server's when omitted. A NUL character (which PostgreSQL's text
 * cannot hold) becomes U+FFFD, so a line of binary junk is kept rather than refused with its batch.
 */
export const JobLogLineInput = z
  .object({
    level: JobLogLevel.default("info"),
    message: z
      .string()
      .max(JOB_LOG_LIMITS.messageLength)
      .transform((message) => message.replaceAll("\0", "\uFFFD")),
    time: IsoDateTime.optional(),
    data: LogData.optional(),
  })
  .meta({ id: "JobLogLineInput" });
export type JobLogLineInput = z.input<typeof JobLogLineInput>;

/** `POST /jobs/{id}/logs`: 1 to 500 lines, stored in the order given. */
export const AppendJobLogsBody = z
  .object({ lines: z.array(JobLogLineInput).min(1).max(JOB_LOG_LIMITS.linesPerBatch) })
  .meta({ id: "AppendJobLogs" });
export type AppendJobLogsBody = z.output<typeof AppendJobLogsBody>;

/** A line ready to store: its time is set (the server's when the listener sent none). */
export type NewJobLogLine = {
  level: JobLogLevel;
  message: string;
  time: string;
  data?: Record<string, unknown>;
  /** The job's attempt when the line arrived (the server's to set). */
  attempt?: number;
};

/** What a line costs against `bytesPerJob`: its message and its data's JSON, in UTF-8. */
export function jobLogLineBytes(line: Pick<NewJobLogLine, "message" | "data">): number {
  return utf8Bytes(line.message) + (line.data === undefined ? 0 : utf8Bytes(JSON.stringify(line.data)));
}

/**
 * A stored line. `seq` numbers a job's lines from 1 in the order they arrived and is never reused. The marker line
 * (the only one with `dropped`) stands in for the lines dropped so far: it takes the place of the newest of them, so
 * it is always first, and says how many there were.
 */
export const JobLogLine = z
  .object({
    seq: z.number().int().min(1),
    level: JobLogLevel,
    message: z.string(),
    time: IsoDateTime,
    data: z.record(z.string(), z.unknown()).optional(),
    dropped: z.number().int().min(1).optional(),
    /** The job's attempt the line was written in (see Job.attempt); none on the marker line. */
    attempt: z.number().int().min(1).optional(),
  })
  .meta({ id: "JobLogLine" });
export type JobLogLine = z.infer<typeof JobLogLine>;

/** The marker line's level and text. */
export const JOB_LOG_MARKER_LEVEL: JobLogLevel = "warn";

/** `GET /jobs/{id}/logs` query. */
export const JobLogsQuery = z.object({
  /** Only lines after this `seq` (oldest first: where the last page, or a follow, ended). */
  after: QueryInt(0, Number.MAX_SAFE_INTEGER).optional(),
  /** Only lines before this `seq` (newest first: where the last page ended). */
  before: QueryInt(1, Number.MAX_SAFE_INTEGER).optional(),
  /** `asc` oldest first (the default), `desc` newest first. */
  order: z.enum(["asc", "desc"]).default("asc"),
  /** Only lines of this level or a more severe one. */
  level: JobLogLevel.optional(),
  /** Only lines whose message contains this text, ignoring case. */
  q: z.string().min(1).max(256).optional(),
  /** Only lines written in this attempt of the job. */
  attempt: QueryInt(1, Number.MAX_SAFE_INTEGER).optional(),
  pageSize: QueryInt(1, JOB_LOG_LIMITS.pageSizeMax).default(JOB_LOG_LIMITS.pageSizeDefault),
});
export type JobLogsQuery = z.infer<typeof JobLogsQuery>;

/**
 * One page of a job's lines, in the order asked for. `hasMore`: more lines match beyond this page (read on with
 * `after` or `before` the last line's `seq`). `lastSeq`: the job's newest line so far (0 with none), where following
 * the log starts. `dropped`: how many of its lines were dropped to keep within the limits.
 */
export const JobLogPage = z
  .object({
    lines: z.array(JobLogLine),
    hasMore: z.boolean(),
    lastSeq: z.number().int().min(0),
    dropped: z.number().int().min(0),
  })
  .meta({ id: "JobLogPage" });
export type JobLogPage = z.infer<typeof JobLogPage>;

/** `POST /jobs/{id}/logs` answer: the `seq`s the batch got, and how many lines the job has dropped so far. */
export const JobLogsAppended = z
  .object({
    firstSeq: z.number().int().min(1),
    lastSeq: z.number().int().min(1),
    count: z.number().int().min(1),
    dropped: z.number().int().min(0),
  })
  .meta({ id: "JobLogsAppended" });
export type JobLogsAppended = z.infer<typeof JobLogsAppended>;

/** Its payload: the batch's `seq`s, its most severe level, and the job's dropped count after it. */
export const JobLogsAppendedPayload = JobLogsAppended.extend({ level: JobLogLevel }).meta({
  id: "JobLogsAppendedPayload",
});
export type JobLogsAppendedPayload = z.infer<typeof JobLogsAppendedPayload>;
