import { partsSummary } from "../../../../core";
import type { Job } from "../../../lib/api-types";

/**
 * A split job's parts: "3 of 8 parts done", from the counts the server keeps in the job (its events carry them, so
 * the line follows the parts live without reading them). Nothing for a job that was not split.
 */
export function JobPartsText({ job, live = false }: { job: Job; live?: boolean }) {
  if (!job.partCounts) return null;
  return (
    <span className="job-parts" data-slot="job-parts" aria-live={live ? "polite" : undefined}>
      {partsSummary(job.partCounts)}
    </span>
  );
}
