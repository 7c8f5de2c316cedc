import type { ListenerAnnouncement } from "../../core";
import type { StoredListener } from "./store";

/** A `listeners` row as both SQL stores read it (the announcement is the `data` JSON). */
export type ListenerRow = {
  id: string;
  environment_id: string;
  data: string | ListenerAnnouncement;
  instance: string;
  connected_at: string;
  last_seen_at: string;
  disconnected_at: string | null;
  jobs_handled: number | string;
};

export const LISTENER_COLUMNS =
  "environment_id, data, instance, connected_at, last_seen_at, disconnected_at, jobs_handled";

export function toStoredListener(row: ListenerRow): StoredListener {
  const announcement =
    typeof row.data === "string" ? (JSON.parse(row.data) as ListenerAnnouncement) : row.data;
  return {
    ...announcement,
    environmentId: row.environment_id,
    instance: row.instance,
    connectedAt: row.connected_at,
    lastSeenAt: row.last_seen_at,
    ...(row.disconnected_at !== null ? { disconnectedAt: row.disconnected_at } : {}),
    jobsHandled: Number(row.jobs_handled),
  };
}

/** The announcement part of a stored listener: what the `data` column keeps. */
export function announcementOf(listener: ListenerAnnouncement): ListenerAnnouncement {
  const { id, name, version, host, handles, concurrency } = listener;
  return {
    id,
    name,
    ...(version !== undefined ? { version } : {}),
    ...(host !== undefined ? { host } : {}),
    handles,
    concurrency,
  };
}
