import type { ListenerEventPayload, ListenerPresence } from "../../core";
import { makeEvent } from "../services/event-factory";
import type { ServiceDeps } from "../services/service-deps";
import type { NewEvent, StoredListener } from "../store/store";

/** A stored listener as the API shows it, with the executing jobs it holds counted by the caller. */
export function presenceOf(listener: StoredListener, jobsInFlight: number): ListenerPresence {
  const { environmentId: _environment, ...shown } = listener;
  return {
    ...shown,
    status: listener.disconnectedAt === undefined ? "connected" : "disconnected",
    jobsInFlight,
  };
}

/**
 * `listener:connected` or `listener:disconnected`: an event of the environment (no space in its context), so only
 * the secret key and operator tokens, which see every space, read it.
 */
export function listenerEvent(
  deps: ServiceDeps,
  topic: "listener:connected" | "listener:disconnected",
  listener: StoredListener,
  now: string,
  reason?: ListenerEventPayload["reason"],
): NewEvent {
  const { jobsInFlight: _unknown, ...presence } = presenceOf(listener, 0);
  const payload: ListenerEventPayload = { listener: presence, ...(reason ? { reason } : {}) };
  return makeEvent(deps, { topic, domain: "listener", context: {}, payload }, now);
}
