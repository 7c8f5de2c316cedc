import { Progress } from "../../../components/ui/progress";
import type { Job } from "../../../lib/api-types";
import { useJobTitle } from "../api/use-job-title";
import { useWaitingForWorker } from "../api/use-waiting-for-worker";
import { WAITING_FOR_WORKER } from "../job-text";
import { attemptText } from "../job-attempts";
import { useTimeLeftText } from "../use-time-left";
import { JobCommands } from "./job-commands";
import { JobItemHead } from "./job-item-head";
import { JobPartsText } from "./job-parts-text";

/** A job that has not finished: progress bar and percent, its info line, the time left and Cancel. */
export function RunningJobItem({
  job,
  now,
  onOpen,
}: {
  job: Job;
  now: number;
  /** Called when the user opens the job's detail (the panel closes). */
  onOpen?: () => void;
}) {
  const progress = Math.round(job.progress ?? 0);
  const title = useJobTitle(job);
  const left = useTimeLeftText(job, now);
  const noWorker = useWaitingForWorker(job);
  if (noWorker) {
    return (
      <li className="job-item" data-slot="running-job" data-status={job.status} data-job-id={job.id}>
        <JobItemHead job={job} title={title} onOpen={onOpen} />
        <div className="job-waiting-worker" data-slot="job-waiting-worker">
          <p className="job-waiting-worker-title">{WAITING_FOR_WORKER.title}</p>
          <p className="muted">{WAITING_FOR_WORKER.explanation}</p>
        </div>
        <JobCommands job={job} label={title} />
      </li>
    );
  }
  const attempt = (job.attempt ?? 1) > 1 ? attemptText(job) : undefined;
  return (
    <li className="job-item" data-slot="running-job" data-status={job.status} data-job-id={job.id}>
      <JobItemHead job={job} title={title} onOpen={onOpen} />
      <div className="job-progress">
        <Progress value={progress} aria-label={`${title} progress`} />
        <span className="job-percent">{progress}%</span>
      </div>
      {job.partCounts ? (
        <div className="job-meta">
          <JobPartsText job={job} live />
        </div>
      ) : null}
      {attempt ? (
        <div className="job-meta">
          <span className="job-info" data-slot="job-attempt" aria-live="polite">
            {attempt}
          </span>
        </div>
      ) : null}
      <div className="job-meta">
        <span className="job-info">{job.info ?? ""}</span>
        {left ? (
          <span className="job-left" data-slot="job-time-left">
            {left}
          </span>
        ) : null}
      </div>
      <JobCommands job={job} label={title} />
    </li>
  );
}
