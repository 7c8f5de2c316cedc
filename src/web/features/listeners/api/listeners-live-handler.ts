import type { LiveEventHandler } from "../../live";
import { listenerKeys } from "./listeners-query-options";

/**
 * Reads the listeners again when one connects or disconnects. Only operators' streams carry these events (they are
 * environment level); an end user's lists follow by focus and polling instead (see listeners-query-options.ts).
 */
export const listenersLiveHandler: LiveEventHandler = (events, { invalidate }) => {
  if (events.some((event) => event.topic.startsWith("listener:"))) invalidate(listenerKeys.all);
};
