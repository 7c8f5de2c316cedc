// Apart from the job log schemas (schemas/job-log.ts, which re-exports them), so that the dashboard's first page,
// which hears of new lines through its event stream, loads no zod.

/** Levels from least to most severe; a read's `level` keeps that level and the ones after it. */
export const JOB_LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

/**
 * The event each appended batch publishes (not the lines: a watching client reads them with `after`), so that every
 * client of every instance hears of new lines through the event stream it already has.
 */
export const JOB_LOGS_APPENDED_TOPIC = "job:logs-appended";

/** The marker line's message: how many of the job's oldest lines were dropped to keep it within its limits. */
export const jobLogMarkerMessage = (dropped: number): string =>
  `${dropped} earlier ${dropped === 1 ? "line" : "lines"} dropped`;
