import type { UseQueryResult } from "@tanstack/react-query";
import { ToggleGroup, ToggleGroupItem } from "../../../components/ui/toggle-group";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DrawerHeader,
  focusBackTo,
} from "../../../components/ui/dialog";
import type { Job } from "../../../lib/api-types";
import { useNow } from "../../../lib/use-now";
import { useJobsPanelStore, type JobsFilter } from "../jobs-panel-store";
import { FinishedJobItem } from "./finished-job-item";
import { JobProgressAnnouncer } from "./job-progress-announcer";
import { NotificationsControl } from "./notifications-control";
import { RunningJobItem } from "./running-job-item";
import { UpcomingJobItem } from "./upcoming-job-item";
import { errorText } from "../../../lib/error-text";

const FILTERS: { value: JobsFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "running", label: "Running" },
  { value: "complete", label: "Complete" },
  { value: "failed", label: "Failed" },
  { value: "canceled", label: "Canceled" },
];

const finishedAt = (job: Job) => Date.parse(job.finishedAt ?? job.updatedAt);

type Props = {
  spaceId: string | undefined;
  query: UseQueryResult<Job[]>;
  running: Job[];
  /** Scheduled for later, soonest first. */
  upcoming: Job[];
  finished: Job[];
};

/**
 * The jobs drawer: running jobs first, then the recently finished, filtered by status. Loaded on first use, so the
 * first page does not carry it; the header's Jobs button (jobs-panel.tsx) opens it.
 */
export function JobsDrawer({ spaceId, query, running, upcoming, finished }: Props) {
  const open = useJobsPanelStore((state) => state.open);
  const setOpen = useJobsPanelStore((state) => state.setOpen);
  const filter = useJobsPanelStore((state) => state.filter);
  const setFilter = useJobsPanelStore((state) => state.setFilter);
  const newSince = useJobsPanelStore((state) => state.newSince);
  const now = useNow(1000, open && running.length + upcoming.length > 0);
  const shownFinished = filter === "all" ? finished : finished.filter((job) => job.status === filter);
  const close = () => setOpen(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogContent
        side="right"
        aria-describedby="jobs-panel-description"
        className="jobs-panel"
        onCloseAutoFocus={focusBackTo(() => document.querySelector<HTMLElement>('[data-slot="jobs-button"]'))}
      >
        <DrawerHeader title="Jobs" closeLabel="Close the jobs panel" />
        <DialogDescription id="jobs-panel-description" className="muted">
          {spaceId ? "Jobs of this space" : "Jobs of every space"}: running first, then upcoming scheduled
          runs and the recently finished.
        </DialogDescription>
        <ToggleGroup
          type="single"
          className="jobs-filter"
          aria-label="Show jobs"
          value={filter}
          onValueChange={(value) => {
            if (value) setFilter(value as JobsFilter);
          }}
        >
          {FILTERS.map((item) => (
            <ToggleGroupItem key={item.value} value={item.value}>
              {item.label}
            </ToggleGroupItem>
          ))}
        </ToggleGroup>
        <JobProgressAnnouncer running={running} />
        {query.isPending ? <p className="muted">Loading jobs…</p> : null}
        {query.isError ? (
          <p className="error-text">Could not load the jobs: {errorText(query.error)}</p>
        ) : null}
        {filter === "all" || filter === "running" ? (
          <section aria-labelledby="jobs-running">
            <h3 id="jobs-running" className="section-title">
              Running ({running.length})
            </h3>
            {running.length === 0 && query.isSuccess ? <p className="muted">No job is running.</p> : null}
            <ul className="job-list">
              {running.map((job) => (
                <RunningJobItem key={job.id} job={job} now={now} onOpen={close} />
              ))}
            </ul>
          </section>
        ) : null}
        {filter === "all" && upcoming.length > 0 ? (
          <section aria-labelledby="jobs-upcoming">
            <h3 id="jobs-upcoming" className="section-title">
              Upcoming ({upcoming.length})
            </h3>
            <ul className="job-list">
              {upcoming.map((job) => (
                <UpcomingJobItem key={job.id} job={job} now={now} onOpen={close} />
              ))}
            </ul>
          </section>
        ) : null}
        {filter !== "running" ? (
          <section aria-labelledby="jobs-finished">
            <h3 id="jobs-finished" className="section-title">
              {filter === "all"
                ? "Recently finished"
                : `Recently ${FILTERS.find((f) => f.value === filter)?.label.toLowerCase()}`}
            </h3>
            {shownFinished.length === 0 && query.isSuccess ? (
              <p className="muted">Nothing here yet.</p>
            ) : null}
            <ul className="job-list">
              {shownFinished.map((job) => (
                <FinishedJobItem key={job.id} job={job} unread={finishedAt(job) > newSince} onOpen={close} />
              ))}
            </ul>
          </section>
        ) : null}
        <NotificationsControl />
      </DialogContent>
    </Dialog>
  );
}
