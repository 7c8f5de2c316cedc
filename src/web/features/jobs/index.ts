export { addNewJob, applyJobEventsToCache, putJobs, readJob } from "./api/job-cache";
export { jobsLiveHandler } from "./api/jobs-live-handler";
export { jobKeys, jobsQueryOptions } from "./api/jobs-query-options";
export {
  cachedJobTitle,
  spacesOf,
  titleOfJob,
  useJobSources,
  useJobTitle,
  useJobTitles,
} from "./api/use-job-title";
export type { JobSource, JobSources } from "./api/use-job-title";
export { useBlockingJobs } from "./api/use-blocking-jobs";
export { awaitsAcknowledgement } from "./awaits-acknowledgement";
export { isIdle, useIdle, useSurfaceOpen } from "./attention";
export { BlockingRegion } from "./components/blocking-region";
export { JobToaster } from "./components/job-toaster";
export { JobsPanel } from "./components/jobs-panel";
export { ToastNextStepContext } from "./toast-next-step-context";
export {
  MODE_LABELS,
  STATUS_LABELS,
  statusLabel,
  TYPE_LABELS,
  jobInfoText,
  jobTitle,
  modeLabel,
  neverRan,
  ranText,
} from "./job-text";
export { NO_WORKER_HINT, WAITING_FOR_WORKER } from "./job-text";
export { useProgressHistoryStore } from "./progress-history-store";
export { useJobsPanelStore } from "./jobs-panel-store";
export { useBackgroundedStore } from "./backgrounded-store";
export { useToastStore } from "./toast-store";

// Pages for app/router.tsx, each fetched on first visit (see app/lazy-route.ts).
export const loadJobDetailPage = () => import("./components/job-detail");
