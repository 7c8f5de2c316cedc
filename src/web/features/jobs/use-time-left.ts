import { estimateTimeLeft } from "../../../core";
import type { Job } from "../../lib/api-types";
import { leftText } from "./job-text";
import { useProgressSamples } from "./progress-history-store";

/**
 * The time a running job has left, as text: from the listener's estimate, else from the rate of its recent progress
 * while that is steady; undefined rather than a wild guess.
 */
export function useTimeLeftText(
  job: Pick<Job, "id" | "progress" | "estimatedCompletionAt">,
  now: number,
): string | undefined {
  const samples = useProgressSamples(job.id);
  return leftText(
    estimateTimeLeft({
      progress: job.progress,
      estimatedCompletionAt: job.estimatedCompletionAt,
      samples,
      now,
    }),
  );
}
