import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogTitle,
  DialogTrigger,
} from "../../../components/ui/dialog";
import { Button } from "../../../components/ui/button";
import { useNow } from "../../../lib/use-now";
import { useSpaceJobs } from "../api/use-space-jobs";
import { useJobsPanelStore } from "../jobs-panel-store";
import { FinishedJobItem } from "./finished-job-item";
import { JobProgressAnnouncer } from "./job-progress-announcer";
import { RunningJobItem } from "./running-job-item";

/** The header's Jobs button (with the count of running jobs) and the drawer it opens. */
export function JobsPanel({ spaceId }: { spaceId: string | undefined }) {
  const open = useJobsPanelStore((state) => state.open);
  const setOpen = useJobsPanelStore((state) => state.setOpen);
  const { query, running, finished } = useSpaceJobs(spaceId);
  const now = useNow(1000, open && running.length > 0);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button aria-label={`Jobs, ${running.length} running`} data-slot="jobs-button">
          Jobs
          <span className="badge" data-active={running.length > 0} aria-hidden="true">
            {running.length}
          </span>
        </Button>
      </DialogTrigger>
      <DialogContent side="right" aria-describedby="jobs-panel-description">
        <header className="panel-header">
          <DialogTitle>Jobs</DialogTitle>
          <DialogClose asChild>
            <Button variant="ghost" aria-label="Close the jobs panel">
              <span aria-hidden="true">✕</span>
            </Button>
          </DialogClose>
        </header>
        <DialogDescription id="jobs-panel-description" className="muted">
          {spaceId ? "Jobs of this space" : "Jobs of every space"}: running first, then recently finished.
        </DialogDescription>
        <JobProgressAnnouncer running={running} />
        {query.isPending ? <p className="muted">Loading jobs…</p> : null}
        {query.isError ? <p className="error-text">Could not load the jobs: {query.error.message}</p> : null}
        <section aria-labelledby="jobs-running">
          <h3 id="jobs-running" className="section-title">
            Running ({running.length})
          </h3>
          {running.length === 0 && query.isSuccess ? <p className="muted">No job is running.</p> : null}
          <ul className="job-list">
            {running.map((job) => (
              <RunningJobItem key={job.id} job={job} now={now} />
            ))}
          </ul>
        </section>
        <section aria-labelledby="jobs-finished">
          <h3 id="jobs-finished" className="section-title">
            Recently finished
          </h3>
          {finished.length === 0 && query.isSuccess ? <p className="muted">Nothing finished yet.</p> : null}
          <ul className="job-list">
            {finished.map((job) => (
              <FinishedJobItem key={job.id} job={job} />
            ))}
          </ul>
        </section>
      </DialogContent>
    </Dialog>
  );
}
