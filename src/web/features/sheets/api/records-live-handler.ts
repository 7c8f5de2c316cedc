import type { LiveEventHandler } from "../../live";
import { recordKeys } from "./records-query-options";

/**
 * The sheets feature's live-event handler: a changed workbook may have changed its sheets, so every cached record
 * page is read again; a sheet event or a commit reads that sheet's records again.
 */
export const recordsLiveHandler: LiveEventHandler = (events, { invalidate }) => {
  for (const { topic, context } of events) {
    if (!(topic.startsWith("workbook:") || topic.startsWith("sheet:") || topic.startsWith("commit:")))
      continue;
    if (topic.startsWith("workbook:") && topic !== "workbook:created") invalidate(recordKeys.all);
    else if (context.sheetId) invalidate(recordKeys.sheet(context.sheetId));
  }
};
