import type { Job } from "../../../lib/api-types";
import { durationText } from "../../../lib/time-text";
import { jobTitle, STATUS_LABELS } from "../job-text";

/** A finished job: status, how long it ran and its outcome's heading. */
export function FinishedJobItem({ job }: { job: Job }) {
  const start = Date.parse(job.startedAt ?? job.createdAt);
  const end = Date.parse(job.finishedAt ?? job.updatedAt);
  const heading = job.outcome?.heading ?? job.outcome?.message ?? job.info;
  return (
    <li className="job-item" data-slot="finished-job" data-status={job.status} data-job-id={job.id}>
      <div className="job-item-head">
        <span className="job-title">{jobTitle(job)}</span>
        <span className="job-status" data-status={job.status}>
          {STATUS_LABELS[job.status]}
        </span>
      </div>
      <div className="job-meta">
        {heading ? <span className="job-info">{heading}</span> : null}
        <span className="job-left">took {durationText(end - start)}</span>
      </div>
    </li>
  );
}
