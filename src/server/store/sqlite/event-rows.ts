import type { Event, EventContext } from "../../../core";
import type { NewEvent } from "../store";

/**
 * How the SQLite store keeps an event: its filtered values in columns and, in `data`, only what no column holds (the
 * context's other fields and the payload), so that each value is written once (issue 20: a third of a job event's
 * bytes were its columns again). Rows written before keep the whole event in `data`; they read the same, since the
 * columns win over what `data` repeats.
 */
export const EVENT_ROW_COLUMNS =
  "id, topic, domain, environment_id, space_id, job_id, created_at, acknowledged_at, data";

/** What the reads select for an event: its position, then `EVENT_ROW_COLUMNS`. */
export const EVENT_ROW_SELECT = `position, ${EVENT_ROW_COLUMNS}`;

export type EventRow = {
  position: number;
  id: string;
  topic: string;
  domain: string;
  environment_id: string;
  space_id: string | null;
  job_id: string | null;
  created_at: string;
  acknowledged_at: string | null;
  data: string;
};

/** What `data` holds: the context without the ids its columns hold, and the payload. */
type StoredEventData = {
  context: Omit<EventContext, "environmentId" | "spaceId" | "jobId">;
  payload: Event["payload"];
};

/** An event's values for `EVENT_ROW_COLUMNS`, in their order. */
export function eventRowValues(event: NewEvent): (string | null)[] {
  const { environmentId, spaceId, jobId, ...context } = event.context;
  const data: StoredEventData = { context, payload: event.payload };
  return [
    event.id,
    event.topic,
    event.domain,
    environmentId,
    spaceId ?? null,
    jobId ?? null,
    event.createdAt,
    event.acknowledgedAt ?? null,
    JSON.stringify(data),
  ];
}

/** The event a row holds, in the order of core's Event schema, whichever way its `data` was written. */
export function eventFromRow(row: EventRow): Event {
  const { context, payload } = JSON.parse(row.data) as StoredEventData;
  return {
    id: row.id,
    topic: row.topic,
    domain: row.domain,
    context: {
      ...context,
      environmentId: row.environment_id,
      ...(row.space_id === null ? {} : { spaceId: row.space_id }),
      ...(row.job_id === null ? {} : { jobId: row.job_id }),
    },
    payload,
    createdAt: row.created_at,
    ...(row.acknowledged_at === null ? {} : { acknowledgedAt: row.acknowledged_at }),
    position: row.position,
  };
}
