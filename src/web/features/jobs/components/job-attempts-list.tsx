import { useId } from "react";
import type { Job } from "../../../lib/api-types";
import { Link, useLocation } from "../../../lib/router";
import { clockTimeText, dateTimeText } from "../../../lib/time-text";
import { attemptRows, attemptText, nextAttemptText, type AttemptRow } from "../job-attempts";
import { STATUS_LABELS } from "../job-text";
import { LOG_ATTEMPT_PARAM, LOGS_SECTION_ID } from "./job-logs";

const ATTEMPT_STATUS: Record<AttemptRow["status"], string> = {
  ...STATUS_LABELS,
  scheduled: "Waiting to start",
};

/**
 * Each attempt of a job that ran (or will run) more than once: its number, how it ended and why, when it started and
 * ended, and a link that shows only its log lines in the Logs section below.
 */
export function JobAttemptsList({ job, now }: { job: Job; now: number }) {
  const { pathname, search } = useLocation();
  const headingId = useId();
  const rows = attemptRows(job);
  if (rows.length < 2 && (job.maxAttempts ?? 1) < 2) return null;
  const logsOf = (attempt: number) => {
    const params = new URLSearchParams(search);
    params.set(LOG_ATTEMPT_PARAM, String(attempt));
    return `${pathname}?${params.toString()}#${LOGS_SECTION_ID}`;
  };
  return (
    <section className="job-detail-section" aria-labelledby={headingId} data-slot="job-attempts">
      <h2 id={headingId}>Attempts</h2>
      <p className="muted">
        {attemptText(job)}
        {job.nextAttemptAt ? `, ${nextAttemptText(job.nextAttemptAt, now)}` : ""}
        {job.retry
          ? ` · retries ${job.retry.backoff.type === "fixed" ? "every" : "from"} ${job.retry.backoff.delaySeconds} s${job.retry.backoff.type === "exponential" ? ", doubling" : ""}`
          : ""}
      </p>
      <ol className="job-attempts">
        {rows.map((row) => (
          <li
            key={row.attempt}
            data-slot="job-attempt-row"
            data-attempt={row.attempt}
            data-status={row.status}
          >
            <span className="job-attempt-number">Attempt {row.attempt}</span>
            <span className="job-status" data-status={row.status}>
              {row.current && !row.startedAt && row.status !== "canceled"
                ? ATTEMPT_STATUS.scheduled
                : ATTEMPT_STATUS[row.status]}
            </span>
            <span className="job-attempt-times muted">
              {row.startedAt ? (
                <>
                  started <Clock at={row.startedAt} />
                </>
              ) : (
                "not started"
              )}
              {row.finishedAt ? (
                <>
                  , ended <Clock at={row.finishedAt} />
                </>
              ) : null}
            </span>
            {row.startedAt ? (
              <Link className="job-attempt-logs" to={logsOf(row.attempt)}>
                Log lines of attempt {row.attempt}
              </Link>
            ) : null}
            {row.reason ? <span className="job-attempt-reason">{row.reason}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A time of day to the second (attempts are often seconds apart), the date and time on hover. */
const Clock = ({ at }: { at: string }) => (
  <time dateTime={at} title={dateTimeText(at)}>
    {clockTimeText(at)}
  </time>
);
