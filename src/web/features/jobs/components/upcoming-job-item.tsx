import { scheduledRun } from "../../../../core";
import type { Job } from "../../../lib/api-types";
import { scheduleText } from "../../../lib/schedule-text";
import { durationText } from "../../../lib/time-text";
import { jobTitle } from "../job-text";
import { JobCommands } from "./job-commands";
import { JobItemHead } from "./job-item-head";

/** "16:00" today, "Mon 00:00" within the week, else the date and time, in the reader's locale and time zone. */
function whenText(at: Date, now: number): string {
  const sameDay = new Date(now).toDateString() === at.toDateString();
  const withinWeek = at.getTime() - now < 6 * 24 * 3_600_000;
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: "2-digit", minute: "2-digit" }
    : withinWeek
      ? { weekday: "short", hour: "2-digit", minute: "2-digit" }
      : { dateStyle: "medium", timeStyle: "short" };
  return new Intl.DateTimeFormat(undefined, options).format(at);
}

/** The next run of a scheduled action: when, how often, and Cancel (which skips this one run). */
export function UpcomingJobItem({ job, now, onOpen }: { job: Job; now: number; onOpen?: () => void }) {
  const title = jobTitle(job);
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
              Runs at <time dateTime={at.toISOString()}>{whenText(at, now)}</time>
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
