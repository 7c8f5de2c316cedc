import type { Job } from "../../../lib/api-types";
import { spacesOf, useJobTitles } from "../api/use-job-title";

/**
 * Says the running jobs' progress to screen readers, politely. Rounded to tens so a fast job does not flood the
 * announcements.
 */
export function JobProgressAnnouncer({ running }: { running: Job[] }) {
  const titleOf = useJobTitles(spacesOf(running));
  const text = running
    .map((job) => `${titleOf(job)} ${Math.floor((job.progress ?? 0) / 10) * 10}%`)
    .join(", ");
  return (
    <p className="visually-hidden" aria-live="polite" data-slot="job-progress-announcer">
      {text}
    </p>
  );
}
