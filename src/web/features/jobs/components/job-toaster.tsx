import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { Suspense, useEffect, useState } from "react";
import { lazyComponent, usePreloadSoon } from "../../../lib/lazy-component";
import { useNavigate } from "../../../lib/router";
import { finishedStatusOf } from "../../../../core";
import { useApi } from "../../../lib/api-context";
import type { Job } from "../../../lib/api-types";
import { useSessionStore } from "../../auth";
import { liveEvents } from "../../../lib/live-events";
import { awaitsAcknowledgement } from "../awaits-acknowledgement";
import { jobAsOf } from "../api/job-cache";
import { useBackgroundedStore } from "../backgrounded-store";
import { jobPath } from "../../../lib/paths";
import { cachedJobTitle } from "../api/use-job-title";
import { browserNotifications, useNotificationsStore } from "../notifications-store";
import { useJobsPanelStore } from "../jobs-panel-store";
import { useToastStore, type JobToastItem } from "../toast-store";

// Fetched soon after the page shows (not with it), so a job that ends while the connection is down still toasts.
const JobToasts = lazyComponent(async () => (await import("./job-toasts")).JobToasts);

const VERB: Partial<Record<Job["status"], string>> = {
  complete: "finished",
  failed: "failed",
  canceled: "was canceled",
};

/** What the toast (and the browser notification) of a finished job says. */
function toastOf(job: Job, client: QueryClient): JobToastItem {
  const status = job.status;
  const title = job.outcome?.heading ?? `${cachedJobTitle(client, job)} ${VERB[status] ?? "finished"}`;
  const detail = job.outcome?.message ?? job.info;
  return {
    id: `${job.id}:${job.updatedAt}`,
    jobId: job.id,
    spaceId: job.spaceId,
    title,
    description: detail && detail !== title ? detail : undefined,
    tone: status === "complete" ? "ok" : status === "failed" ? "error" : "neutral",
    ...(job.outcome?.next ? { job } : {}),
  };
}

/**
 * Toasts (and, while the tab is hidden and the user allowed it, browser notifications) for the jobs the person has a
 * stake in: the ones they started (`createdBy` is the signed-in subject), whatever their mode, and the foreground jobs
 * they watched in an overlay, when they fail (the overlay just vanished) or after they sent them to the background.
 * Jobs of others (a listener's job reacting to each edit, an operator's) stay in the jobs panel, which counts them.
 * Only what finishes while the page is open: jobs that finished before it loaded stay quiet.
 */
export function JobToaster() {
  const api = useApi();
  const client = useQueryClient();
  const navigate = useNavigate();
  const toasts = useToastStore((state) => state.toasts);

  useEffect(() => {
    const loadedAt = Date.now();
    const announce = (job: Job) => {
      const toast = toastOf(job, client);
      // The open jobs panel shows the finished job already (marked new): a toast over it would only repeat it, and
      // would take the Escape that is meant to close the panel.
      if (!useJobsPanelStore.getState().open) useToastStore.getState().show(toast);
      const Notifications = browserNotifications();
      if (
        Notifications?.permission === "granted" &&
        useNotificationsStore.getState().enabled &&
        document.visibilityState === "hidden"
      ) {
        const notification = new Notifications(toast.title, { body: toast.description ?? "", tag: job.id });
        notification.onclick = () => {
          window.focus();
          if (job.spaceId) void navigate(jobPath(job.spaceId, job.id));
          notification.close();
        };
      }
    };
    return liveEvents.subscribe((events) => {
      for (const event of events) {
        const status = finishedStatusOf(event);
        const jobId = event.context.jobId;
        if (!status || !jobId || Date.parse(event.createdAt) < loadedAt) continue;
        const backgrounded = useBackgroundedStore.getState().jobIds.has(jobId);
        const foreground = event.payload.mode === "foreground";
        // A foreground job the person watched: its end is news when it failed or left the overlay for the panel.
        const watched = foreground && (backgrounded || status === "failed");
        // The job as the event left it: the cached copy, which the event has just brought up to date (outcome
        // included), or one read of a job no query holds.
        const subject = useSessionStore.getState().session?.subject;
        jobAsOf(client, api, jobId, event.createdAt).then(
          (job) => {
            const mine = subject !== undefined && job.createdBy === subject;
            // The person's own job with an outcome to acknowledge gets the outcome modal instead; their other jobs
            // always say how they ended (with the outcome's next step), whatever their mode.
            if (mine && awaitsAcknowledgement(job)) return;
            if (mine || watched) announce(job);
          },
          () => {
            if (!watched) return;
            announce({
              id: jobId,
              status,
              type: String(event.payload.domain ?? "job"),
              operation: String(event.payload.operation ?? ""),
              info: typeof event.payload.info === "string" ? event.payload.info : undefined,
              spaceId: event.context.spaceId,
              updatedAt: event.createdAt,
            } as Job);
          },
        );
      }
    });
  }, [api, client, navigate]);

  usePreloadSoon(JobToasts);
  // Mounted from the first toast on, so Radix can animate the last one out.
  const [mounted, setMounted] = useState(false);
  if (toasts.length > 0 && !mounted) setMounted(true);
  return mounted ? (
    <Suspense fallback={null}>
      <JobToasts />
    </Suspense>
  ) : null;
}
