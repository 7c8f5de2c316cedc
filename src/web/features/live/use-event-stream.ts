import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { EventStreamBase, eventsAsSent } from "../../../sdk";
import { useApi } from "../../lib/api-context";
import { type Session, useSessionStore } from "../auth";
import { applyEvents, createEventBatcher } from "./apply-event";
import { useConnectionStore } from "./connection-store";
import { liveEvents } from "../../lib/live-events";
import type { LiveEventHandler } from "./live-handler";

/** While the stream is down, queries are refreshed this often. */
export const SLOW_POLL_MS = 30_000;

/**
 * The stream's reconnect back-off: full jitter under a ceiling that starts at 250 ms and stops at 1 s, so "Live"
 * is back within about a second of the server (the SDK's default ceiling of 10 s, meant for listeners, left the
 * dashboard saying "Reconnecting" for 4-8 s). The jitter spreads a restarted server's returning tabs over that second.
 */
export const STREAM_BACKOFF = { baseMs: 250, capMs: 1_000 } as const;

/**
 * Opens the tab's one event stream (the SDK's transport: resume with Last-Event-ID, back-off, watchdog) and keeps
 * the query cache current from it through `handlers`, every feature's live-event handler (a list that does not change:
 * `app/` passes a module constant). The connection indicator follows the transport's state: open is live, a drop is
 * reconnecting, repeated failures, a refusal or a browser without network are offline. While not live, every active query is
 * refreshed every 30 s; when the stream comes back, everything is refetched once to catch up. Events are applied
 * once a frame (see createEventBatcher).
 */
export function useEventStream(session: Session, handlers: readonly LiveEventHandler[]): void {
  const api = useApi();
  const client = useQueryClient();

  useEffect(() => {
    const connection = useConnectionStore.getState();
    let wasDown = true;
    const batcher = createEventBatcher((events) => {
      useConnectionStore.getState().markFresh();
      applyEvents(handlers, events, { client, api });
      liveEvents.publish(events);
    });
    // Events as the server sent them (see app/providers.tsx).
    const stream = new EventStreamBase(
      {
        baseUrl: window.location.origin,
        token: session.token,
        filters: session.role === "user" && session.spaceId ? { spaceId: session.spaceId } : {},
        backoff: STREAM_BACKOFF,
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          if (response.status === 401) useSessionStore.getState().signOut("expired");
          return response;
        },
        onStateChange: (state) => {
          const connection = useConnectionStore.getState();
          if (state === "open") {
            connection.setLive();
            // Whatever happened while the stream was not open is fetched again.
            if (wasDown) void client.invalidateQueries();
            wasDown = false;
          } else if (state === "reconnecting") {
            connection.setDropped();
          } else if (state === "refused") {
            connection.setOffline();
          }
        },
        onEvent: (event) => batcher.push(event),
        onReset: () => void client.invalidateQueries(),
      },
      eventsAsSent,
    );
    void stream.start().catch(() => undefined);

    const unsubscribe = useConnectionStore.subscribe((state) => {
      if (state.status !== "live") wasDown = true;
    });
    const poll = window.setInterval(() => {
      if (useConnectionStore.getState().status === "live") return;
      void client.invalidateQueries().then(() => {
        const failed = client
          .getQueryCache()
          .getAll()
          .some((query) => query.state.status === "error");
        if (!failed) useConnectionStore.getState().markFresh();
      });
    }, SLOW_POLL_MS);
    const goneOffline = () => connection.setOffline();
    // The network is back: connect now rather than at the end of the current back-off wait.
    const backOnline = () => stream.reconnect();
    window.addEventListener("offline", goneOffline);
    window.addEventListener("online", backOnline);

    return () => {
      unsubscribe();
      window.clearInterval(poll);
      window.removeEventListener("offline", goneOffline);
      window.removeEventListener("online", backOnline);
      batcher.dispose();
      void stream.close();
    };
  }, [api, client, session, handlers]);
}
