import { memo, type CSSProperties } from "react";
import { Link } from "react-router";
import type { Job } from "../../../lib/api-types";
import { jobPath } from "../../../lib/paths";
import { durationText } from "../../../lib/time-text";
import { jobTitle, STATUS_LABELS } from "../../jobs";
import { jobDuration } from "../table-filters";

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "medium" });

export const jobDetailPath = (job: Pick<Job, "id" | "spaceId">) =>
  job.spaceId ? jobPath(job.spaceId, job.id) : undefined;

type JobRowProps = {
  job: Job;
  index: number;
  selected: boolean;
  /** The current time for a running job's duration; 0 for the others, so they do not re-render every second. */
  now: number;
  style: CSSProperties;
  onToggle: (jobId: string, selected: boolean) => void;
};

/** One job of the table; re-renders only when its job, selection or (while running) the clock changes. */
export const JobRow = memo(function JobRow({ job, index, selected, now, style, onToggle }: JobRowProps) {
  const title = jobTitle(job);
  const href = jobDetailPath(job);
  const duration = jobDuration(job, now || Date.now());
  const progress = job.status === "complete" ? 100 : (job.progress ?? 0);
  return (
    <div
      role="row"
      className="jt-row"
      aria-rowindex={index + 2}
      data-selected={selected || undefined}
      data-row-index={index}
      data-status={job.status}
      style={style}
    >
      <div role="cell" className="jt-cell jt-select">
        <input
          type="checkbox"
          data-nav="select"
          checked={selected}
          onChange={(event) => onToggle(job.id, event.currentTarget.checked)}
          aria-label={`Select ${title} (${job.id})`}
        />
      </div>
      <div role="cell" className="jt-cell jt-title">
        {href ? (
          <Link to={href} data-nav="link" className="jt-link" title={title}>
            {title}
          </Link>
        ) : (
          <span title={title}>{title}</span>
        )}
      </div>
      <div role="cell" className="jt-cell">
        <span className="jt-status" data-status={job.status}>
          {STATUS_LABELS[job.status]}
        </span>
      </div>
      <div role="cell" className="jt-cell jt-progress">
        <span className="jt-bar" aria-hidden="true">
          <span className="jt-bar-fill" style={{ width: `${progress}%` }} />
        </span>
        <span className="jt-num">{progress}%</span>
      </div>
      <div role="cell" className="jt-cell jt-info jt-wide" title={job.info ?? undefined}>
        {job.info ?? ""}
      </div>
      <div role="cell" className="jt-cell jt-wide">
        {job.mode ?? ""}
      </div>
      <div role="cell" className="jt-cell jt-wide">
        {job.type}
      </div>
      <div role="cell" className="jt-cell jt-num">
        <time dateTime={job.createdAt} title={job.createdAt}>
          {timeFormat.format(Date.parse(job.createdAt))}
        </time>
      </div>
      <div role="cell" className="jt-cell jt-num">
        {duration === undefined ? "" : durationText(duration)}
      </div>
      <div role="cell" className="jt-cell jt-id jt-wide" title={job.id}>
        {job.id}
      </div>
    </div>
  );
});
