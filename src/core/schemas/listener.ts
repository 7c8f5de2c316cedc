import { z } from "zod";
import type { EventFilter } from "../topic-match";
import { IsoDateTime, QueryBoolean } from "./common";

/** A topic glob a listener registered (`job:ready`, `job:*`, `**`). */
const HandledTopic = z.string().max(128);

/**
 * One `on(topics, filter?)` registration of a listener: the topics it asked for and the filters an event must match
 * to reach the handler, every one of them (those of the `filter()` / `namespace()` scopes around it first, then its
 * own). `{ topics: ["job:ready"], filters: [{ job: "workbook:export" }] }` handles the export action's jobs.
 */
export const ListenerHandler = z
  .object({
    topics: z.array(HandledTopic).min(1).max(50),
    filters: z
      .array(z.record(z.string().max(128), z.unknown()).transform((filter) => filter as EventFilter))
      .max(10)
      .optional(),
  })
  .meta({ id: "ListenerHandler" });
export type ListenerHandler = z.output<typeof ListenerHandler>;

/** What a listener says about itself when its event stream connects (`GET /events/stream?listener=<JSON>`). */
export const ListenerAnnouncement = z
  .object({
    /** The id it sends as `X-Listener-Id` when it claims jobs. */
    id: z.string().min(1).max(128),
    name: z.string().min(1).max(200),
    version: z.string().max(64).optional(),
    /** The machine it runs on (none from a browser). */
    host: z.string().max(255).optional(),
    handles: z.array(ListenerHandler).max(200),
    /** Most handlers it runs at once. */
    concurrency: z.number().int().min(1).max(100_000),
  })
  .meta({ id: "ListenerAnnouncement" });
export type ListenerAnnouncement = z.output<typeof ListenerAnnouncement>;

export const LISTENER_STATUSES = ["connected", "disconnected"] as const;
export type ListenerStatus = (typeof LISTENER_STATUSES)[number];

/**
 * A listener as `GET /listeners` returns it: what it announced, whether its stream is open (`connected`, through
 * `instance`, last heard of at `lastSeenAt`) or closed (`disconnectedAt`), the executing jobs it claimed
 * (`jobsInFlight`) and how many jobs it completed or failed while known to this environment (`jobsHandled`).
 */
export const ListenerPresence = ListenerAnnouncement.extend({
  status: z.enum(LISTENER_STATUSES),
  /** The API instance holding its stream (not shown to user tokens). */
  instance: z.string().optional(),
  connectedAt: IsoDateTime,
  lastSeenAt: IsoDateTime,
  disconnectedAt: IsoDateTime.optional(),
  jobsInFlight: z.number().int().min(0),
  jobsHandled: z.number().int().min(0),
}).meta({ id: "ListenerPresence" });
export type ListenerPresence = z.output<typeof ListenerPresence>;

/** `GET /listeners` query. */
export const ListListenersQuery = z.object({
  /** Also the listeners that disconnected in the last few minutes (`status: "disconnected"`). */
  includeDisconnected: QueryBoolean.optional(),
});
export type ListListenersQuery = z.output<typeof ListListenersQuery>;

/** The payload of `listener:connected` and `listener:disconnected`: the listener after the change. */
export const ListenerEventPayload = z
  .object({
    listener: ListenerPresence.omit({ jobsInFlight: true }),
    /** Why it disconnected: its stream closed, or its instance stopped refreshing it. */
    reason: z.enum(["stream-closed", "heartbeat-stopped"]).optional(),
  })
  .meta({ id: "ListenerEventPayload" });
export type ListenerEventPayload = z.output<typeof ListenerEventPayload>;
