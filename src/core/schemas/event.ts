import { z } from "zod";
import { IsoDateTime, PageQuery, QueryBoolean, ResourceId } from "./common";
import { JobMode } from "./action";
import { JobPartCounts, JobType } from "./job";
import { ListenerAnnouncement } from "./listener";
import { StoredJobOutcome } from "./outcome";
import { JobAttempt } from "./retry";
import { JOB_STATUSES } from "../job-status";

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

/**
 * The payload of every `job:*` event: Flatfile's fields (`job`, `domain`, `operation`, `status`, `info`, `progress`,
 * `mode`, `isPart`) and two of ours, so that a dashboard can keep a job current from its events alone:
 * `estimatedCompletionAt` (present while the job has an estimate) and, on `job:completed` and `job:failed`, the
 * `outcome` the job finished with (the only transitions that set one). `status`, `progress`, `info` and the estimate
 * are the job's after the change: an omitted `info` or estimate is one the job does not have. `metadata`, `config`
 * and `claimedBy` are never carried (see JOB_FIELDS_NOT_IN_EVENTS).
 */
export const JobEventPayload = z
  .object({
    job: z.string(),
    domain: JobType,
    operation: z.string(),
    status: z.enum(JOB_STATUSES),
    info: z.string().optional(),
    progress: z.number(),
    mode: JobMode,
    isPart: z.boolean(),
    estimatedCompletionAt: IsoDateTime.optional(),
    outcome: StoredJobOutcome.optional(),
    /** The attempt the job is at after the event (see Job). */
    attempt: z.number().int().min(1).optional(),
    maxAttempts: z.number().int().min(1).optional(),
    nextAttemptAt: IsoDateTime.optional(),
    /** On the `job:scheduled` of a retry: the attempt that failed, and why. */
    failedAttempt: JobAttempt.optional(),
    /** A split job's part counts after the event (see Job). */
    partCounts: JobPartCounts.optional(),
  })
  .meta({ id: "JobEventPayload" });
export type JobEventPayload = z.infer<typeof JobEventPayload>;

/**
 * Fields of a job that its events do not carry: a copy kept current from events alone holds the values these had
 * when it was last read (a change to metadata or config shows once the job is read again).
 */
export const JOB_FIELDS_NOT_IN_EVENTS = ["metadata", "config", "claimedBy", "attempts"] as const;

const TopicGlob = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-z0-9*:_-]+$/i, "a topic glob such as job:* or **");

/** `GET /events` query. */
export const ListEventsQuery = PageQuery.extend({
  environmentId: ResourceId.optional(),
  spaceId: ResourceId.optional(),
  /** The events of one job (`context.jobId`): its timeline. */
  jobId: ResourceId.optional(),
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
  /** The JSON of the `ListenerAnnouncement` of the listener this stream belongs to (see `GET /listeners`). */
  listener: z
    .string()
    .max(16_384)
    .transform((text, ctx): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        ctx.addIssue({ code: "custom", message: "the JSON of a listener announcement" });
        return z.NEVER;
      }
    })
    .pipe(ListenerAnnouncement)
    .optional(),
});
export type EventStreamQuery = z.infer<typeof EventStreamQuery>;
