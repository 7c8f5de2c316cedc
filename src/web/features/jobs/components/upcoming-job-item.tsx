import { scheduledRun } from "../../../../core";
import type { Job } from "../../../lib/api-types";
import { scheduleText } from "../../../lib/schedule-text";
import { dateTimeText, durationText, nearTimeText } from "../../../lib/time-text";
import { useJobTitle } from "../api/use-job-title";
import { JobCommands } from "./job-commands";
import { JobItemHead } from "./job-item-head";

/** The next run of a scheduled action: when, how often, and Cancel (which skips this one run). */
export function UpcomingJobItem({ job, now, onOpen }: { job: Job; now: number; onOpen?: () => void }) {
  const title = useJobTitle(job);
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
