import { Suspense, useState } from "react";
import { isRunningStatus } from "../../../../core";
import { lazyComponent, usePreloadSoon, preloadOnIntent } from "../../../lib/lazy-component";
import { Button } from "../../../components/ui/button";
import type { Job } from "../../../lib/api-types";
import { useSpaceJobs } from "../api/use-space-jobs";
import { useJobsPanelStore } from "../jobs-panel-store";
import { JOBS_SHORTCUT, useJobsShortcut } from "../use-jobs-shortcut";
import "../jobs.css";

const JobsDrawer = lazyComponent(async () => (await import("./jobs-drawer")).JobsDrawer);

const finishedAt = (job: Job) => Date.parse(job.finishedAt ?? job.updatedAt);

/**
 * The header's Jobs button (the count of running jobs, and of jobs finished since the panel was last opened) and
 * the drawer it opens. "j" toggles it. The drawer's code is fetched when the button is first hovered, focused or
 * used, not with the first page.
 */
export function JobsPanel({ spaceId }: { spaceId: string | undefined }) {
  const open = useJobsPanelStore((state) => state.open);
  const setOpen = useJobsPanelStore((state) => state.setOpen);
  const seenAt = useJobsPanelStore((state) => state.seenAt);
  const { query, running, upcoming, finished } = useSpaceJobs(spaceId);
  // Mounted from the first opening on, so closing runs the drawer's own focus return.
  const [mounted, setMounted] = useState(false);
  if (open && !mounted) setMounted(true);
  useJobsShortcut();
  usePreloadSoon(JobsDrawer);
  const unread = open ? 0 : finished.filter((job) => finishedAt(job) > seenAt).length;
  // Queued or executing: a job waiting on a person (an import's mapping in planning) is listed, but not counted.
  const active = running.filter((job) => isRunningStatus(job.status)).length;
  const label = [`Jobs, ${active} running`, unread > 0 ? `${unread} finished since you looked` : ""]
    .filter(Boolean)
    .join(", ");
  return (
    <>
      <Button
        aria-label={label}
        title={`Jobs (${JOBS_SHORTCUT.toUpperCase()})`}
        aria-keyshortcuts={JOBS_SHORTCUT}
        aria-haspopup="dialog"
        aria-expanded={open}
        data-slot="jobs-button"
        {...preloadOnIntent(JobsDrawer)}
        onClick={() => setOpen(!open)}
      >
        Jobs
        <span className="badge" data-active={active > 0} aria-hidden="true">
          {active}
        </span>
        {unread > 0 ? (
          <span className="badge jobs-unread" aria-hidden="true" data-slot="jobs-unread">
            {unread} new
          </span>
        ) : null}
      </Button>
      {mounted ? (
        <Suspense fallback={null}>
          <JobsDrawer
            spaceId={spaceId}
            query={query}
            running={running}
            upcoming={upcoming}
            finished={finished}
          />
        </Suspense>
      ) : null}
    </>
  );
}
