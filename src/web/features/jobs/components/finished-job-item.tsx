import type { Job } from "../../../lib/api-types";
import { durationText } from "../../../lib/time-text";
import { jobTitle, startedAt } from "../job-text";
import { JobCommands } from "./job-commands";
import { JobItemHead } from "./job-item-head";

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
      <JobItemHead
        job={job}
        title={title}
        onOpen={onOpen}
        statusPrefix={unread ? <span className="visually-hidden">New, </span> : null}
      />
      <div className="job-meta">
        {heading ? <span className="job-info">{heading}</span> : <span />}
        <span className="job-left">took {durationText(end - startedAt(job))}</span>
      </div>
      <JobCommands job={job} label={title} />
    </li>
  );
}
