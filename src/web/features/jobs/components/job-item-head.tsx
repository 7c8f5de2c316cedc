import type { ReactNode } from "react";
import { Link } from "../../../lib/router";
import type { Job } from "../../../lib/api-types";
import { jobPath } from "../../../lib/paths";
import { statusLabel } from "../job-text";

/** The first line of a job in the panel: its title (a link to its detail when it has a space) and its status. */
export function JobItemHead({
  job,
  title,
  onOpen,
  statusPrefix,
}: {
  job: Job;
  title: string;
  /** Called when the user opens the job's detail (the panel closes). */
  onOpen?: () => void;
  /** Said before the status (for instance "New," to screen readers). */
  statusPrefix?: ReactNode;
}) {
  return (
    <div className="job-item-head">
      {job.spaceId ? (
        <Link className="job-title" to={jobPath(job.spaceId, job.id)} onClick={onOpen}>
          {title}
        </Link>
      ) : (
        <span className="job-title">{title}</span>
      )}
      <span className="job-status" data-status={job.status}>
        {statusPrefix}
        {statusLabel(job)}
      </span>
    </div>
  );
}
