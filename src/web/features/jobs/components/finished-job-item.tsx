import type { Job } from "../../../lib/api-types";
import { RelativeTime } from "../../../components/ui/relative-time";
import { ranText } from "../job-text";
import { useJobTitle } from "../api/use-job-title";
import { JobCommands } from "./job-commands";
import { JobItemHead } from "./job-item-head";
import { JobPartsText } from "./job-parts-text";

/** A finished job: status, how long it ran (or that it never did) and when it finished, its outcome's heading, and Retry / Acknowledge where allowed. */
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
  const heading = job.outcome?.heading ?? job.outcome?.message ?? job.info;
  const title = useJobTitle(job);
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
      {job.partCounts ? (
        <div className="job-meta">
          <JobPartsText job={job} />
        </div>
      ) : null}
      <div className="job-meta">
        {heading ? <span className="job-info">{heading}</span> : <span />}
        <span className="job-left">
          {ranText(job)} · <RelativeTime at={job.finishedAt ?? job.updatedAt} />
        </span>
      </div>
      <JobCommands job={job} label={title} />
    </li>
  );
}
