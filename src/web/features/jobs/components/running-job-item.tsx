import { Progress } from "../../../components/ui/progress";
import type { Job } from "../../../lib/api-types";
import { timeLeftText } from "../../../lib/time-text";
import { jobTitle, STATUS_LABELS } from "../job-text";

/** A job that has not finished: progress bar and percent, its info line and the time left. */
export function RunningJobItem({ job, now }: { job: Job; now: number }) {
  const progress = Math.round(job.progress ?? 0);
  const title = jobTitle(job);
  const left = timeLeftText(job.estimatedCompletionAt, now);
  return (
    <li className="job-item" data-slot="running-job" data-status={job.status} data-job-id={job.id}>
      <div className="job-item-head">
        <span className="job-title">{title}</span>
        <span className="job-status">{STATUS_LABELS[job.status]}</span>
      </div>
      <div className="job-progress">
        <Progress value={progress} aria-label={`${title} progress`} />
        <span className="job-percent">{progress}%</span>
      </div>
      <div className="job-meta">
        {job.info ? <span className="job-info">{job.info}</span> : null}
        {left ? <span className="job-left">{left}</span> : null}
      </div>
    </li>
  );
}
