import type { LiveEventHandler } from "../../live";
import { spaceKeys } from "./spaces-query-options";

/** The spaces feature's live-event handler: any `space:*` event reads the spaces again. */
export const spacesLiveHandler: LiveEventHandler = (events, { invalidate }) => {
  if (events.some((event) => event.topic.startsWith("space:"))) invalidate(spaceKeys.all);
};
