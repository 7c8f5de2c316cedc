import { http, HttpResponse } from "msw";
import type { ListenerHandler, ListenerPresence } from "../../core";
import type { MockServer } from "./mock-server";

/** A connected listener as `GET /listeners` lists it; by default one that handles every job (`**`). */
export function connectedListener(
  handles: ListenerHandler[] = [{ topics: ["**"] }],
  fields: Partial<ListenerPresence> = {},
): ListenerPresence {
  const at = new Date().toISOString();
  return {
    id: "lst_test",
    name: "test-listener",
    version: "1.0.0",
    host: "worker-1",
    handles,
    concurrency: 4,
    status: "connected",
    connectedAt: at,
    lastSeenAt: at,
    jobsInFlight: 0,
    jobsHandled: 0,
    ...fields,
  };
}

/**
 * Makes `GET /listeners` answer `listeners` for the rest of the test (no listener connects to a test's mock API by
 * itself). Tests of what the dashboard says about presence choose who is connected; tests of other things give a
 * listener that handles everything, so no hint about a missing worker joins what they check.
 */
export function serveListeners(server: MockServer, listeners: readonly ListenerPresence[]): void {
  server.msw.use(http.get(/\/v1\/listeners(?:\?|$)/, () => HttpResponse.json({ data: listeners })));
}
