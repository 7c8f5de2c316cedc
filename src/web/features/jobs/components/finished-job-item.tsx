import { Link } from "react-router";
import type { Job } from "../../../lib/api-types";
import { durationText } from "../../../lib/time-text";
import { jobPath } from "../job-paths";
import { jobTitle, startedAt, STATUS_LABELS } from "../job-text";
import { JobCommands } from "./job-commands";

/** A finished job: status, how long it ran, its outcome's heading, and Retry / Acknowledge where allowed. */
export function FinishedJobItem({
  job,
  unread = false,
  onOpen,
}: {
  job: Job;
  /** Finished since the panel was last opened. */
  unread?: boolean;
  onOpen?: () => void;
}) {
  const end = Date.parse(job.finishedAt ?? job.updatedAt);
  const heading = job.outcome?.heading ?? job.outcome?.message ?? job.info;
  const title = jobTitle(job);
  return (
    <li
      className="job-item"
      data-slot="finished-job"
      data-status={job.status}
      data-job-id={job.id}
      data-unread={unread || undefined}
    >
      <div className="job-item-head">
        {job.spaceId ? (
          <Link className="job-title" to={jobPath(job.spaceId, job.id)} onClick={onOpen}>
            {title}
          </Link>
        ) : (
          <span className="job-title">{title}</span>
        )}
        <span className="job-status" data-status={job.status}>
          {unread ? <span className="visually-hidden">New, </span> : null}
          {STATUS_LABELS[job.status]}
        </span>
      </div>
      <div className="job-meta">
        {heading ? <span className="job-info">{heading}</span> : <span />}
        <span className="job-left">took {durationText(end - startedAt(job))}</span>
      </div>
      <JobCommands job={job} label={title} />
    </li>
  );
}
