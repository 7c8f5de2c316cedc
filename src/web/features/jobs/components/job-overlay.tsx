import type { Job } from "../../../lib/api-types";
import { jobTitle } from "../job-text";

/** The overlay of a running foreground job over its resource. (First cut: title and percent.) */
export function JobOverlay({ job }: { job: Job }) {
  return (
    <div className="job-overlay" role="status" data-slot="job-overlay">
      {jobTitle(job)} {Math.round(job.progress ?? 0)}%
    </div>
  );
}
