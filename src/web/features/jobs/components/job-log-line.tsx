import { jobLogMarkerMessage, type JobLogLevel, type JobLogLine } from "../../../../core";
import { clockTimeText, dateTimeText } from "../../../lib/time-text";

export const LEVEL_LABELS: Record<JobLogLevel, string> = {
  debug: "Debug",
  info: "Info",
  warn: "Warning",
  error: "Error",
};

/** A shape per level, so a level reads without its colour (the word is there too). */
const LEVEL_PATHS: Record<JobLogLevel, string> = {
  debug: "M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6Z",
  info: "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm0 8v5m0-8v.5",
  warn: "M12 4 2.5 20h19L12 4Zm0 6v4m0 3v.5",
  error: "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18ZM9 9l6 6m0-6-6 6",
};

function LevelIcon({ level }: { level: JobLogLevel }) {
  return (
    <svg
      className="job-log-icon"
      viewBox="0 0 24 24"
      width="14"
      height="14"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={LEVEL_PATHS[level]} />
    </svg>
  );
}

/**
 * One line of a job's log: its time (the date too on hover), its level as a shape and a word, its message, and its
 * data behind a disclosure. The marker that stands in for dropped lines reads as a gap, not as a warning of the job.
 */
export function JobLogLineItem({ line }: { line: JobLogLine }) {
  if (line.dropped !== undefined)
    return (
      <li className="job-log-marker" data-slot="job-log-marker" data-seq={line.seq}>
        {jobLogMarkerMessage(line.dropped)}
      </li>
    );
  return (
    <li className="job-log-line" data-slot="job-log-line" data-level={line.level} data-seq={line.seq}>
      <time dateTime={line.time} title={dateTimeText(line.time)}>
        {clockTimeText(line.time)}
      </time>
      <span className="job-log-level" data-level={line.level}>
        <LevelIcon level={line.level} />
        {LEVEL_LABELS[line.level]}
      </span>
      <span className="job-log-message">{line.message}</span>
      {line.data ? (
        <details className="job-log-data">
          <summary>Data</summary>
          {/* Focusable: long data scrolls, and keyboard users must be able to scroll it. */}
          <pre className="job-json" tabIndex={0}>
            {JSON.stringify(line.data, null, 2)}
          </pre>
        </details>
      ) : null}
    </li>
  );
}
