import type { LiveEventHandler } from "../../live";
import { planKeys } from "./plan-query-options";

/**
 * The imports feature's live-event handler: a map job's plan shown here is read again when its job changes
 * (`job:updated`: another tab, a listener or the platform changed the plan or moved the job on).
 */
export const importsLiveHandler: LiveEventHandler = (events, { client, invalidate }) => {
  for (const { topic, context } of events) {
    const jobId = context.jobId;
    if (topic === "job:updated" && jobId && client.getQueryData(planKeys.detail(jobId)) !== undefined)
      invalidate(planKeys.detail(jobId));
  }
};
