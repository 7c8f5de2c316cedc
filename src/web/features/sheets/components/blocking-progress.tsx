import type { Job } from "../../../lib/api-types";
import { Progress } from "../../../components/ui/progress";
import { useJobTitle } from "../../jobs";

/** Says which job locks the toolbar and how far it is; screen readers hear it politely. */
export function BlockingProgress({ job }: { job: Job }) {
  const label = useJobTitle(job);
  const percent = Math.round(job.progress ?? 0);
  return (
    <div className="blocking-progress" data-slot="blocking-progress" aria-live="polite">
      <span className="blocking-progress-spinner" aria-hidden="true" />
      <span className="blocking-progress-text">
        {label} {percent}%<span className="visually-hidden">: the toolbar is locked until it finishes</span>
      </span>
      <Progress value={percent} aria-label={`${label} progress`} className="blocking-progress-bar" />
    </div>
  );
}
