import type { QueryClient, QueryKey } from "@tanstack/react-query";
import type { ApiClient, StreamEvent } from "../../../sdk";

/** What a live-event handler works with, for one frame of events. */
export type LiveContext = {
  client: QueryClient;
  api: ApiClient;
  /**
   * Marks a query key to invalidate once every handler has seen the frame: a key asked for by several events or
   * handlers is invalidated once. (Work that finishes later calls `client.invalidateQueries` itself.)
   */
  invalidate: (queryKey: QueryKey) => void;
};

/**
 * A feature's reaction to a frame of the tab's events: it patches or invalidates the queries of its own resources,
 * and nothing else. Every feature whose queries show server state exports one from its `api/` folder, and `app/`
 * passes the list to the event stream. Queries use `staleTime: Infinity` (see lib/query-client.ts): a query that no
 * handler patches or invalidates is never read again while the stream is live.
 */
export type LiveEventHandler = (events: readonly StreamEvent[], ctx: LiveContext) => void;
