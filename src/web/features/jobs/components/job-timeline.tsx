import { finishedStatusOf, JOB_LOGS_APPENDED_TOPIC, jobEventPayloadOf } from "../../../../core";
import { clockTimeText, dateTimeText } from "../../../lib/time-text";
import type { JobEvent } from "../api/jobs-query-options";
import { retryIndexes } from "../job-attempts";

type Row = { kind: "event"; event: JobEvent } | { kind: "progress"; events: JobEvent[] };

const TOPIC_LABELS: Record<string, string> = {
  "job:created": "Created",
  "job:scheduled": "Scheduled",
  "job:ready": "Ready to run",
  "job:updated": "Updated",
  "job:completed": "Completed",
  "job:failed": "Failed",
  "job:outcome-acknowledged": "Outcome acknowledged",
  "job:deleted": "Deleted",
};

const timeOf = (event: JobEvent) => clockTimeText(event.createdAt);

/** What the timeline shows of an event's payload (nothing of one that is not a job event's). */
const payloadOf = (event: JobEvent): { progress?: number; info?: string } => jobEventPayloadOf(event) ?? {};

const isTick = (event: JobEvent) => event.topic === "job:updated" && finishedStatusOf(event) === undefined;

/**
 * Consecutive progress ticks become one row (expandable), so a long job's timeline stays readable. Batches of log
 * lines are left out: the Logs section shows the lines themselves, and a row per batch would split the runs of ticks.
 */
function rowsOf(events: readonly JobEvent[]): Row[] {
  const rows: Row[] = [];
  for (const event of events) {
    if (event.topic === JOB_LOGS_APPENDED_TOPIC) continue;
    const last = rows[rows.length - 1];
    if (isTick(event)) {
      if (last?.kind === "progress") last.events.push(event);
      else rows.push({ kind: "progress", events: [event] });
    } else {
      rows.push({ kind: "event", event });
    }
  }
  return rows;
}

function label(event: JobEvent, attempt: number | undefined): string {
  if (attempt !== undefined) return `Retried: attempt ${attempt}`;
  if (event.topic === "job:updated" && finishedStatusOf(event) === "canceled") return "Canceled";
  return TOPIC_LABELS[event.topic] ?? event.topic;
}

/**
 * A job's events in order, with their times: created, ready, progress, completed or failed… Each retry starts a new
 * attempt, marked, so the attempts before the last stay readable.
 */
export function JobTimeline({ events }: { events: readonly JobEvent[] }) {
  const retries = retryIndexes(events);
  return (
    <ol className="job-timeline" data-slot="job-timeline">
      {rowsOf(events).map((row) => {
        if (row.kind === "event") {
          const { info, progress } = payloadOf(row.event);
          return (
            <li key={row.event.id} data-topic={row.event.topic} data-attempt={retries.get(row.event.id)}>
              <Time event={row.event} />
              <span className="job-timeline-topic">{label(row.event, retries.get(row.event.id))}</span>
              <span className="job-timeline-detail">
                {[info, row.event.topic === "job:completed" && progress !== undefined ? `${progress}%` : ""]
                  .filter(Boolean)
                  .join(" · ")}
              </span>
            </li>
          );
        }
        const first = row.events[0]!;
        const last = row.events[row.events.length - 1]!;
        const from = payloadOf(first).progress ?? 0;
        const to = payloadOf(last).progress ?? 0;
        return (
          <li key={first.id} data-topic="job:updated">
            <Time event={first} />
            <details className="job-timeline-ticks">
              <summary>
                <span className="job-timeline-topic">
                  {row.events.length === 1 ? "Progress" : `Progress ×${row.events.length}`}
                </span>{" "}
                <span className="job-timeline-detail">
                  {from === to ? `${to}%` : `${from}% → ${to}%`}
                  {payloadOf(last).info ? ` · ${payloadOf(last).info}` : ""}
                </span>
              </summary>
              <ol>
                {row.events.map((event) => (
                  <li key={event.id}>
                    <Time event={event} />
                    <span className="job-timeline-detail">
                      {payloadOf(event).progress ?? 0}% {payloadOf(event).info ?? ""}
                    </span>
                  </li>
                ))}
              </ol>
            </details>
          </li>
        );
      })}
    </ol>
  );
}

/** An event's time of day, its date and time on hover. */
function Time({ event }: { event: JobEvent }) {
  return (
    <time dateTime={event.createdAt} title={dateTimeText(event.createdAt)}>
      {timeOf(event)}
    </time>
  );
}
