import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { liveEvents } from "../../../lib/live-events";
import { applyEventsToJobTables } from "./apply-table-events";

/**
 * Keeps the jobs table's pages current while it is shown, from the tab's one event stream (already batched once a
 * frame). When the table is not shown nothing follows it, and the query is read again when it comes back.
 */
export function useLiveJobsTable(): void {
  const client = useQueryClient();
  useEffect(() => liveEvents.subscribe((events) => applyEventsToJobTables(client, events)), [client]);
}
