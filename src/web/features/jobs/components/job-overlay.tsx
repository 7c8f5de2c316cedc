import { useEffect, useId, useRef } from "react";
import { formatCount } from "../../../../core";
import { Button } from "../../../components/ui/button";
import { Progress } from "../../../components/ui/progress";
import type { Job } from "../../../lib/api-types";
import { jobPath } from "../../../lib/paths";
import { Link } from "../../../lib/router";
import { useNow } from "../../../lib/use-now";
import { useJobTitle } from "../api/use-job-title";
import { attemptText, nextAttemptText } from "../job-attempts";
import { useJobCommand } from "../api/use-job-command";
import { useWaitingForWorker } from "../api/use-waiting-for-worker";
import { useBackgroundedStore } from "../backgrounded-store";
import { allowedCommands, COMMAND_LABELS } from "../job-commands";
import { clockText, startedAt, WAITING_FOR_WORKER } from "../job-text";
import { useTimeLeftText } from "../use-time-left";
import { LOGS_SECTION_ID } from "./job-logs";
import "../jobs.css";
import { errorText } from "../../../lib/error-text";

/** Where focus goes when a job is sent to the background: the header's Jobs button, which now counts it. */
const focusJobsButton = () => document.querySelector<HTMLElement>('[data-slot="jobs-button"]')?.focus();

/**
 * The overlay of a running foreground job over its resource (BlockingRegion makes what it covers inert): the action's
 * label, the job's info, percent progress, time left when it can be told, the time elapsed, Cancel, "Run in
 * background" and "Details" (the job's detail page, opened on its log lines). Focus moves into it when it appears and back where it was when it goes. Other foreground jobs of the
 * same resource wait behind it as a count; each takes the overlay in turn.
 */
export function JobOverlay({
  job,
  waiting = 0,
}: {
  job: Job;
  /** Other foreground jobs of the resource. */ waiting?: number;
}) {
  const label = useJobTitle(job);
  const now = useNow(1000);
  const left = useTimeLeftText(job, now);
  const progress = Math.round(job.progress ?? 0);
  const cancel = useJobCommand("cancel");
  const sendToBackground = useBackgroundedStore((state) => state.sendToBackground);
  const canCancel = allowedCommands(job).includes("cancel");
  const noWorker = useWaitingForWorker(job);
  const card = useRef<HTMLElement>(null);
  const titleId = useId();
  const infoId = useId();

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    card.current?.focus({ preventScroll: true });
    return () => {
      // The overlay is gone (the job finished): give focus back unless it has moved on by itself.
      const focus = document.activeElement;
      if (previous?.isConnected && (!focus || focus === document.body))
        previous.focus({ preventScroll: true });
    };
  }, [job.id]);

  return (
    <div className="job-overlay" data-slot="job-overlay" data-job-id={job.id}>
      <section
        ref={card}
        className="job-overlay-card"
        tabIndex={-1}
        aria-labelledby={titleId}
        aria-describedby={job.info || noWorker ? infoId : undefined}
        data-waiting-for-worker={noWorker || undefined}
      >
        <div className="job-overlay-head">
          {/* No spinner for a job nobody runs yet: nothing is going on until a worker connects. */}
          {noWorker ? (
            <span className="job-waiting-icon" aria-hidden="true" />
          ) : (
            <span className="job-spinner" aria-hidden="true" />
          )}
          <h2 id={titleId} className="job-overlay-title">
            {label}
          </h2>
        </div>
        {noWorker ? (
          <div id={infoId} className="job-waiting-worker" data-slot="job-waiting-worker">
            <p className="job-waiting-worker-title">{WAITING_FOR_WORKER.title}</p>
            <p className="muted">{WAITING_FOR_WORKER.explanation}</p>
          </div>
        ) : (
          <>
            <p id={infoId} className="job-overlay-info" data-slot="job-overlay-info">
              {job.nextAttemptAt
                ? `${attemptText(job) ?? "Next attempt"}, ${nextAttemptText(job.nextAttemptAt, now)}`
                : (job.info ?? "Starting…")}
            </p>
            <div className="job-progress job-overlay-progress">
              <Progress value={progress} aria-label={`${label} progress`} />
              <span className="job-percent" data-slot="job-percent">
                {progress}%
              </span>
            </div>
          </>
        )}
        <p className="job-overlay-times">
          <span data-slot="job-time-left">{left ?? ""}</span>
          <span data-slot="job-elapsed">
            <span className="muted">Elapsed </span>
            <span className="job-clock">{clockText(now - startedAt(job))}</span>
          </span>
        </p>
        {waiting > 0 ? (
          <p className="job-overlay-waiting muted" data-slot="job-overlay-waiting">
            {formatCount(waiting)} more waiting
          </p>
        ) : null}
        {cancel.isError ? (
          <p className="error-text" role="alert">
            Could not cancel: {errorText(cancel.error)}
          </p>
        ) : null}
        <div className="job-overlay-actions">
          <Button
            onClick={() => {
              sendToBackground(job.id);
              focusJobsButton();
            }}
          >
            Run in background
          </Button>
          {job.spaceId ? (
            <Button asChild>
              <Link to={`${jobPath(job.spaceId, job.id)}#${LOGS_SECTION_ID}`} data-slot="job-overlay-details">
                Details
              </Link>
            </Button>
          ) : null}
          {canCancel ? (
            <Button className="job-cancel" disabled={cancel.isPending} onClick={() => cancel.mutate(job.id)}>
              {cancel.isPending ? COMMAND_LABELS.cancel.pending : COMMAND_LABELS.cancel.idle}
            </Button>
          ) : null}
        </div>
        {/* Polite and rounded to tens: a screen reader hears the milestones, not every tick. */}
        <p className="visually-hidden" aria-live="polite" data-slot="job-overlay-announcer">
          {noWorker
            ? `${label}: ${WAITING_FOR_WORKER.title}`
            : `${label}: ${Math.floor(progress / 10) * 10}%`}
        </p>
      </section>
    </div>
  );
}
