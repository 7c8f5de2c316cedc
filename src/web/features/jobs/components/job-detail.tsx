import { useQuery } from "@tanstack/react-query";
import { useMemo, type ComponentType } from "react";
import { Link, useLocation, useNavigate, useParams } from "../../../lib/router";
import { isFinalStatus } from "../../../../core";
import { Progress } from "../../../components/ui/progress";
import { useApi } from "../../../lib/api-context";
import type { Job } from "../../../lib/api-types";
import { RelativeTime } from "../../../components/ui/relative-time";
import { dateTimeText } from "../../../lib/time-text";
import { useNow } from "../../../lib/use-now";
import { jobPath, jobsPath } from "../../../lib/paths";
import { jobQueryOptions, jobTimelineQueryOptions, type JobEvent } from "../api/jobs-query-options";
import { useJobTitle } from "../api/use-job-title";
import { clockText, modeLabel, ranText, startedAt, statusLabel, TRIGGER_LABELS } from "../job-text";
import { attemptsOf, retriedText } from "../job-attempts";
import { useJobSources, type JobSource } from "../api/use-job-title";
import { useTimeLeftText } from "../use-time-left";
import { JobCommands } from "./job-commands";
import { JobAttemptsList } from "./job-attempts-list";
import { JobLogs } from "./job-logs";
import { JobPartsText } from "./job-parts-text";
import { JobTimeline } from "./job-timeline";
import { DeleteJobButton } from "./delete-job-button";
import { JobLinks } from "./job-links";
import { JobRawJson } from "./job-raw-json";
import "../jobs.css";
import { errorText } from "../../../lib/error-text";

/** A moment of the job's life: "3 min ago", the date and time on hover; a dash when it has not happened. */
const When = ({ at }: { at: string | undefined }) => (at ? <RelativeTime at={at} /> : <>—</>);

const json = (value: unknown) => JSON.stringify(value, null, 2);
const isEmpty = (value: unknown) =>
  value === undefined || value === null || (typeof value === "object" && Object.keys(value).length === 0);

/** What the detail page of a job started by "Run again with changes" is told: the job it runs again. */
type ArrivedState = { startedAgainFrom?: string } | null;

/** Focus on arrival: a stable ref callback runs once, when its element mounts. */
const focusOnMount = (element: HTMLElement | null) => element?.focus();

/**
 * What the detail shows as "Run again with changes": the actions feature's button, handed in by app/ (that feature
 * starts jobs through this one, so this one cannot import it back).
 */
export type RerunControl = ComponentType<{
  job: Job;
  source: JobSource | undefined;
  onStarted: (next: Job) => void;
}>;

/** `/space/:spaceId/jobs/:jobId`: one job in full. */
export function JobDetailPage({ RerunButton }: { RerunButton?: RerunControl | undefined }) {
  const { spaceId = "", jobId = "" } = useParams();
  return (
    <main className="content job-detail-page" id="main">
      <p className="eyebrow">
        <Link to={jobsPath(spaceId)}>Jobs</Link>
      </p>
      <JobDetail jobId={jobId} spaceId={spaceId} RerunButton={RerunButton} />
    </main>
  );
}

/**
 * A job in full: status and progress, Cancel / Retry / Acknowledge where its status allows, its outcome, its log
 * lines, the timeline of its events (the jobs' live handler keeps both current from the tab's event stream), input, subject and
 * metadata, the jobs it is tied to, and the raw job with Copy; Delete for operators; "Run again with changes" once
 * it finished, when its action has a form. The operator's jobs table links here.
 */
export function JobDetail({
  jobId,
  spaceId,
  RerunButton,
}: {
  jobId: string;
  spaceId: string;
  RerunButton?: RerunControl | undefined;
}) {
  const api = useApi();
  const query = useQuery(jobQueryOptions(api, jobId));
  const job = query.data;
  const timeline = useQuery(jobTimelineQueryOptions(api, job));

  if (query.isPending) return <p className="muted">Loading the job…</p>;
  if (query.isError) return <p className="error-text">Could not load the job: {errorText(query.error)}</p>;
  return <JobDetailBody job={query.data} spaceId={spaceId} timeline={timeline} RerunButton={RerunButton} />;
}

function JobDetailBody({
  job,
  spaceId,
  timeline,
  RerunButton,
}: {
  job: Job;
  spaceId: string;
  RerunButton?: RerunControl | undefined;
  timeline: { data?: JobEvent[] | undefined; isPending: boolean; isError: boolean; error: Error | null };
}) {
  const label = useJobTitle(job);
  const navigate = useNavigate();
  const arrivedFrom = (useLocation().state as ArrivedState)?.startedAgainFrom;
  const final = isFinalStatus(job.status);
  const now = useNow(1000, !final);
  const left = useTimeLeftText(job, now);
  const progress = Math.round(job.progress ?? 0);
  const spaceIds = useMemo(() => (job.spaceId ? [job.spaceId] : []), [job.spaceId]);
  const source = useJobSources(spaceIds).get(job.source);
  const retried = retriedText(Math.max(job.attempt ?? 1, timeline.data ? attemptsOf(timeline.data) : 1));
  return (
    <article className="job-detail" data-slot="job-detail" data-job-id={job.id} data-status={job.status}>
      <header className="job-detail-head">
        <div>
          <h1>{label}</h1>
          <p className="muted job-detail-name">
            <code>
              {job.type}:{job.operation}
            </code>{" "}
            · {modeLabel(job)} · <code>{job.id}</code>
          </p>
        </div>
        <span className="job-status job-status-pill" data-status={job.status} data-slot="job-detail-status">
          {statusLabel(job)}
        </span>
      </header>

      {job.rerunOf && arrivedFrom === job.rerunOf ? (
        // Focus comes here from the form that started the job (see the actions feature's RerunJobButton), so this is read out first.
        <p
          className="job-rerun-started"
          role="status"
          tabIndex={-1}
          ref={focusOnMount}
          data-slot="job-rerun-started"
        >
          Started: this new job runs{" "}
          <Link to={jobPath(job.spaceId ?? spaceId, job.rerunOf)}>{job.rerunOf}</Link> again with your
          changes.
        </p>
      ) : null}

      {!final ? (
        <section className="job-detail-progress" aria-label="Progress">
          <div className="job-progress">
            <Progress value={progress} aria-label={`${label} progress`} />
            <span className="job-percent">{progress}%</span>
          </div>
          <p className="job-meta">
            <span>{job.info ?? ""}</span>
            <span>{left ?? ""}</span>
          </p>
        </section>
      ) : null}

      <div className="job-detail-actions">
        <JobCommands job={job} label={label} />
        {RerunButton ? (
          <RerunButton
            job={job}
            source={source}
            onStarted={(next) =>
              navigate(jobPath(next.spaceId ?? spaceId, next.id), {
                state: { startedAgainFrom: job.id } satisfies ArrivedState,
              })
            }
          />
        ) : null}
        <DeleteJobButton
          job={job}
          label={label}
          onDeleted={() => navigate(jobsPath(spaceId), { replace: true })}
        />
      </div>

      {job.outcome ? (
        <section className="job-detail-section" aria-labelledby="job-outcome">
          <h2 id="job-outcome">Outcome</h2>
          {job.outcome.heading ? <p className="job-outcome-heading">{job.outcome.heading}</p> : null}
          {job.outcome.message ? <p className="job-outcome-message">{job.outcome.message}</p> : null}
          {/* An outcome that does not ask to be acknowledged says nothing about it. */}
          {job.outcomeAcknowledgedAt || job.outcome.acknowledge ? (
            <p className="muted">
              {job.outcomeAcknowledgedAt
                ? `Acknowledged ${dateTimeText(job.outcomeAcknowledgedAt)}`
                : "Waiting to be acknowledged"}
            </p>
          ) : null}
        </section>
      ) : null}

      <section className="job-detail-section" aria-labelledby="job-facts">
        <h2 id="job-facts">Details</h2>
        <dl className="job-facts">
          <dt>Status</dt>
          <dd>{statusLabel(job)}</dd>
          {job.info && final ? (
            <>
              <dt>Info</dt>
              <dd>{job.info}</dd>
            </>
          ) : null}
          {job.partCounts ? (
            <>
              <dt>Parts</dt>
              <dd>
                <JobPartsText job={job} live={!final} />
              </dd>
            </>
          ) : null}
          <dt>Source</dt>
          <dd>
            {source ? `${source.name} (${source.kind})` : null} <code>{job.source}</code>
          </dd>
          <dt>Trigger</dt>
          <dd>{job.trigger ? TRIGGER_LABELS[job.trigger] : "—"}</dd>
          <dt>Created</dt>
          <dd>
            <When at={job.createdAt} />
          </dd>
          <dt>Started</dt>
          <dd>
            <When at={job.startedAt} />
          </dd>
          <dt>Finished</dt>
          <dd>
            <When at={job.finishedAt} />
          </dd>
          <dt>{final ? "Ran" : "Elapsed"}</dt>
          <dd className="job-clock">
            {final ? ranText(job) : clockText(now - startedAt(job))}
            {retried ? ` · ${retried}` : ""}
          </dd>
        </dl>
      </section>

      <JobLinks job={job} spaceId={spaceId} />

      <JobAttemptsList job={job} now={now} />

      <JobLogs job={job} />

      <section className="job-detail-section" aria-labelledby="job-timeline">
        <h2 id="job-timeline">Timeline</h2>
        {timeline.isPending ? <p className="muted">Loading the events…</p> : null}
        {timeline.isError ? (
          <p className="error-text">Could not load the events: {timeline.error?.message}</p>
        ) : null}
        {timeline.data ? <JobTimeline events={timeline.data} /> : null}
      </section>

      <div className="job-detail-data">
        <DataBlock title="Input" value={job.input} />
        <DataBlock title="Subject" value={job.subject} />
        <DataBlock title="Metadata" value={job.metadata} />
      </div>

      <JobRawJson job={job} />
    </article>
  );
}

function DataBlock({ title, value }: { title: string; value: unknown }) {
  return (
    <section className="job-detail-section" aria-label={title}>
      <h2>{title}</h2>
      {isEmpty(value) ? (
        <p className="muted">None</p>
      ) : (
        // Focusable: a long value scrolls, and keyboard users must be able to scroll it.
        <pre className="job-json" tabIndex={0}>
          {json(value)}
        </pre>
      )}
    </section>
  );
}
