import { z } from "zod";
import { IsoDateTime, PageQuery, QueryBoolean, ResourceId } from "./common";

export const EventContext = z
  .object({
    accountId: z.string(),
    environmentId: z.string(),
    spaceId: z.string().optional(),
    workbookId: z.string().optional(),
    sheetId: z.string().optional(),
    sheetSlug: z.string().optional(),
    slugs: z
      .object({ space: z.string().optional(), workbook: z.string().optional(), sheet: z.string().optional() })
      .optional(),
    jobId: z.string().optional(),
    fileId: z.string().optional(),
    documentId: z.string().optional(),
    snapshotId: z.string().optional(),
    actionName: z.string().optional(),
    actorId: z.string().optional(),
  })
  .meta({ id: "EventContext" });
export type EventContext = z.infer<typeof EventContext>;

/** One entry of the append-only event log. `position` orders the log and is the SSE message id. */
export const Event = z
  .object({
    id: z.string(),
    topic: z.string(),
    domain: z.string(),
    context: EventContext,
    payload: z.record(z.string(), z.unknown()),
    createdAt: IsoDateTime,
    acknowledgedAt: IsoDateTime.optional(),
    position: z.number().int().min(1),
  })
  .meta({ id: "Event" });
export type Event = z.infer<typeof Event>;

/** The payload of every `job:*` event. */
export type JobEventPayload = {
  job: string;
  domain: string;
  operation: string;
  status: string;
  info?: string;
  progress: number;
  mode: string;
  isPart: boolean;
};

const TopicGlob = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-z0-9*:_-]+$/i, "a topic glob such as job:* or **");

/** `GET /events` query. */
export const ListEventsQuery = PageQuery.extend({
  environmentId: ResourceId.optional(),
  spaceId: ResourceId.optional(),
  domain: z.string().max(64).optional(),
  topic: TopicGlob.optional(),
  since: IsoDateTime.optional(),
  includeAcknowledged: QueryBoolean.optional(),
});
export type ListEventsQuery = z.infer<typeof ListEventsQuery>;

/** `GET /events/stream` query: server-side filters, and a cursor for clients that cannot send Last-Event-ID. */
export const EventStreamQuery = z.object({
  spaceId: ResourceId.optional(),
  /** One or more topic globs, comma separated ("job:*,space:created"). */
  topic: z
    .string()
    .max(1_024)
    .transform((value) =>
      value
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
    )
    .pipe(z.array(TopicGlob).max(50))
    .optional(),
  domain: z.string().max(64).optional(),
  lastEventId: z.coerce.number().int().min(0).optional(),
  token: z.string().max(4_096).optional(),
});
export type EventStreamQuery = z.infer<typeof EventStreamQuery>;
