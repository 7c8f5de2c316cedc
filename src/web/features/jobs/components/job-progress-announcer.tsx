import type { Job } from "../../../lib/api-types";
import { jobTitle } from "../job-text";

/**
 * Says the running jobs' progress to screen readers, politely. Rounded to tens so a fast job does not flood the
 * announcements.
 */
export function JobProgressAnnouncer({ running }: { running: Job[] }) {
  const text = running
    .map((job) => `${jobTitle(job)} ${Math.floor((job.progress ?? 0) / 10) * 10}%`)
    .join(", ");
  return (
    <p className="visually-hidden" aria-live="polite" data-slot="job-progress-announcer">
      {text}
    </p>
  );
}
