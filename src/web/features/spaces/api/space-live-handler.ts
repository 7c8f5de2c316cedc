import type { LiveEventHandler } from "../../live";
import { documentKeys } from "./documents-query-options";
import { fileKeys } from "./files-query-options";
import { workbookKeys } from "./workbooks-query-options";

/**
 * The space feature's live-event handler: a change to a workbook, a sheet or its records (a commit) reads the
 * space's workbooks again (their sheets and record counts); a document or file event, the space's documents or files.
 */
export const spaceLiveHandler: LiveEventHandler = (events, { invalidate }) => {
  for (const { topic, context } of events) {
    const spaceId = context.spaceId;
    if (topic.startsWith("workbook:") || topic.startsWith("sheet:") || topic.startsWith("commit:"))
      invalidate(spaceId ? workbookKeys.list(spaceId) : workbookKeys.all);
    else if (topic.startsWith("document:"))
      invalidate(spaceId ? documentKeys.list(spaceId) : documentKeys.all);
    else if (topic.startsWith("file:")) invalidate(spaceId ? fileKeys.list(spaceId) : fileKeys.all);
  }
};
