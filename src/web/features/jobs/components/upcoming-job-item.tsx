import { scheduledRun } from "../../../../core";
import type { Job } from "../../../lib/api-types";
import { scheduleText } from "../../../lib/schedule-text";
import { dateTimeText, durationText, nearTimeText } from "../../../lib/time-text";
import { useJobTitle } from "../api/use-job-title";
import { attemptText, nextAttemptText } from "../job-attempts";
import { JobCommands } from "./job-commands";
import { JobItemHead } from "./job-item-head";

/**
 * The next run of a scheduled action: when, how often, and Cancel (which skips this one run). Or a job waiting to
 * try again after a failed attempt: "Attempt 2 of 3, next in 30 s", and Cancel (which stops the remaining attempts).
 */
export function UpcomingJobItem({ job, now, onOpen }: { job: Job; now: number; onOpen?: () => void }) {
  const title = useJobTitle(job);
  if (job.nextAttemptAt)
    return (
      <RetryingJobItem job={job} nextAttemptAt={job.nextAttemptAt} title={title} now={now} onOpen={onOpen} />
    );
  const run = scheduledRun(job);
  const at = run ? new Date(run.scheduledFor) : undefined;
  const wait = at ? at.getTime() - now : 0;
  return (
    <li className="job-item" data-slot="upcoming-job" data-status={job.status} data-job-id={job.id}>
      <JobItemHead job={job} title={title} onOpen={onOpen} />
      <div className="job-meta">
        {at ? (
          <>
            <span className="job-info">
              Runs at{" "}
              <time dateTime={at.toISOString()} title={dateTimeText(at)}>
                {nearTimeText(at, now)}
              </time>
            </span>
            <span className="job-left">{wait > 1000 ? `in ${durationText(wait)}` : "starting…"}</span>
          </>
        ) : (
          <span className="job-info">{job.info ?? "Waiting for its time"}</span>
        )}
      </div>
      {run ? (
        <div className="job-meta">
          <span className="job-info">Repeats {scheduleText(run.schedule)}</span>
        </div>
      ) : null}
      <JobCommands job={job} label={title} />
    </li>
  );
}

/**
 * A job waiting for its next attempt. Only the attempt is a polite live region (its number changes once per
 * attempt); the countdown beside it ticks every second in fixed-width digits, so the line never jumps.
 */
function RetryingJobItem({
  job,
  nextAttemptAt,
  title,
  now,
  onOpen,
}: {
  job: Job;
  nextAttemptAt: string;
  title: string;
  now: number;
  onOpen?: (() => void) | undefined;
}) {
  const at = new Date(nextAttemptAt);
  const last = job.attempts?.at(-1);
  return (
    <li className="job-item" data-slot="retrying-job" data-status={job.status} data-job-id={job.id}>
      <JobItemHead job={job} title={title} onOpen={onOpen} />
      <div className="job-meta">
        <span className="job-info" data-slot="job-attempt">
          <span aria-live="polite">{attemptText(job) ?? `Attempt ${job.attempt ?? 2}`}</span>,{" "}
          <time className="job-countdown" dateTime={at.toISOString()} title={dateTimeText(at)}>
            {nextAttemptText(nextAttemptAt, now)}
          </time>
        </span>
      </div>
      {last?.reason ? (
        <div className="job-meta">
          <span className="job-info muted" data-slot="job-last-failure">
            Attempt {last.attempt} failed: {last.reason}
          </span>
        </div>
      ) : null}
      <JobCommands job={job} label={title} />
    </li>
  );
}
