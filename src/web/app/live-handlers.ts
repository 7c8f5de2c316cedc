import { jobsLiveHandler } from "../features/jobs/api/jobs-live-handler";
import { jobsTableLiveHandler } from "../features/jobs-table/api/apply-table-events";
import type { LiveEventHandler } from "../features/live/live-handler";
import { recordsLiveHandler } from "../features/sheets/api/records-live-handler";
import { snapshotsLiveHandler } from "../features/snapshots/api/snapshots-live-handler";
import { spaceLiveHandler } from "../features/space/api/space-live-handler";
import { spacesLiveHandler } from "../features/spaces/api/spaces-live-handler";

/**
 * Every feature's live-event handler, each for its own resources. A feature whose queries show server state adds its
 * handler here: queries use `staleTime: Infinity`, so one left out is never read again while the stream is live.
 */
export const LIVE_HANDLERS: readonly LiveEventHandler[] = [
  jobsLiveHandler,
  jobsTableLiveHandler,
  spacesLiveHandler,
  spaceLiveHandler,
  recordsLiveHandler,
  snapshotsLiveHandler,
];
