import type { LiveEventHandler } from "../../live";
import { snapshotKeys } from "./snapshots-query-options";

/**
 * The snapshots feature's live-event handler: a snapshot event reads the sheet's snapshots again, and a commit makes
 * every comparison of a snapshot with the sheet as it is now stale.
 */
export const snapshotsLiveHandler: LiveEventHandler = (events, { invalidate }) => {
  for (const { topic, context } of events) {
    if (topic === "commit:created") invalidate(snapshotKeys.diffs());
    else if (topic.startsWith("snapshot:"))
      invalidate(context.sheetId ? snapshotKeys.list(context.sheetId) : snapshotKeys.all);
  }
};
