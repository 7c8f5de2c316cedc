import { memo, useState, type CSSProperties } from "react";
import { Link } from "../../../lib/router";
import { RelativeTime } from "../../../components/ui/relative-time";
import type { Job } from "../../../lib/api-types";
import { jobPath, spacePath } from "../../../lib/paths";
import { elapsedText } from "../../../lib/time-text";
import { jobInfoText, modeLabel, statusLabel, TYPE_LABELS, type JobSource } from "../../jobs";
import { jobDuration } from "../table-filters";

export const jobDetailPath = (job: Pick<Job, "id" | "spaceId">) =>
  job.spaceId ? jobPath(job.spaceId, job.id) : undefined;

/** The end of an id, enough to tell jobs apart at a glance (the start is the prefix and the creation time). */
export const shortId = (id: string) => `…${id.slice(-8)}`;

type JobRowProps = {
  job: Job;
  /** The job's name (`useJobTitles`): the action's label, else its readable name. */
  title: string;
  /** The job's source as the space's views know it; undefined until they are loaded, or when it is gone. */
  source: JobSource | undefined;
  /** The space's name, when the table shows jobs of several spaces; undefined to leave the column out. */
  spaceName: string | undefined;
  index: number;
  selected: boolean;
  /** The current time for a running job's duration; 0 for the others, so they do not re-render every second. */
  now: number;
  style: CSSProperties;
  onToggle: (jobId: string, selected: boolean) => void;
};

/** One job of the table; re-renders only when its job, names, selection or (while running) the clock changes. */
export const JobRow = memo(function JobRow(props: JobRowProps) {
  const { job, title, source, spaceName, index, selected, now, style, onToggle } = props;
  const href = jobDetailPath(job);
  const duration = jobDuration(job, now || Date.now());
  const info = jobInfoText(job);
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
      {spaceName !== undefined ? (
        <div role="cell" className="jt-cell jt-space">
          {job.spaceId ? (
            <Link to={spacePath(job.spaceId)} className="jt-link" title={spaceName}>
              {spaceName}
            </Link>
          ) : (
            <span className="muted">None</span>
          )}
        </div>
      ) : null}
      <div role="cell" className="jt-cell">
        <span className="jt-status" data-status={job.status}>
          {statusLabel(job)}
        </span>
      </div>
      <div role="cell" className="jt-cell jt-progress">
        {/* Only a running job has progress to show; a finished one says how it ended under Info. */}
        {job.status === "executing" ? (
          <>
            <span className="jt-bar" aria-hidden="true">
              <span className="jt-bar-fill" style={{ width: `${job.progress ?? 0}%` }} />
            </span>
            <span className="jt-num">{job.progress ?? 0}%</span>
          </>
        ) : null}
      </div>
      <div
        role="cell"
        className="jt-cell jt-info jt-wide"
        data-failed={job.status === "failed" || undefined}
        title={info || undefined}
      >
        <span className="jt-text">{info}</span>
      </div>
      {/* The name says which one; its kind is in the job's name already, and on hover. */}
      <div
        role="cell"
        className="jt-cell jt-wide jt-source"
        title={source ? `${TYPE_LABELS[source.kind]}: ${source.name}` : undefined}
      >
        {source ? (
          <span className="jt-text">{source.name}</span>
        ) : (
          <span className="jt-source-kind">{TYPE_LABELS[job.type]}</span>
        )}
      </div>
      <div role="cell" className="jt-cell jt-wide">
        {modeLabel(job)}
      </div>
      <div role="cell" className="jt-cell jt-num jt-created">
        <RelativeTime at={job.createdAt} />
      </div>
      <div role="cell" className="jt-cell jt-num">
        {duration === undefined ? "" : elapsedText(duration)}
      </div>
      <div role="cell" className="jt-cell jt-id jt-wide">
        <CopyId id={job.id} />
      </div>
    </div>
  );
});

/** The job's id, short, as a button that copies the whole id (operators paste it into logs and the API). */
function CopyId({ id }: { id: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="jt-copy"
      title={`${id} (click to copy)`}
      aria-label={copied ? `Copied ${id}` : `Copy ID ${id}`}
      onClick={() => {
        void navigator.clipboard?.writeText(id).then(() => {
          setCopied(true);
          window.setTimeout(() => setCopied(false), 1500);
        });
      }}
    >
      {copied ? "Copied" : shortId(id)}
    </button>
  );
}
