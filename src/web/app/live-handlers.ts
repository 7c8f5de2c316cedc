import { jobsLiveHandler } from "../features/jobs";
import { importsLiveHandler } from "../features/imports";
import { jobsTableLiveHandler } from "../features/jobs-table";
import { listenersLiveHandler } from "../features/listeners";
import type { LiveEventHandler } from "../features/live";
import { recordsLiveHandler } from "../features/sheets";
import { snapshotsLiveHandler } from "../features/snapshots";
import { spaceLiveHandler, spacesLiveHandler } from "../features/spaces";

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
  importsLiveHandler,
  listenersLiveHandler,
];
