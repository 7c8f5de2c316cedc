import { z } from "zod";
import { IsoDateTime, LIMITS, Metadata, PageQuery, QueryBoolean, ResourceId, SortDirection } from "./common";
import { JobMode } from "./action";
import { JobOutcome, StoredJobOutcome } from "./outcome";
import { JobAttempt, RetryPolicy } from "./retry";
import { JOB_STATUSES } from "../job-status";
import { JOB_TYPES } from "../job-enums";
import { decodeJobCursor } from "../job-cursor";

/** Job status; the British spelling "cancelled" is accepted on input and stored as "canceled". */
export const JobStatusInput = z
  .preprocess((value) => (value === "cancelled" ? "canceled" : value), z.enum(JOB_STATUSES))
  .meta({ id: "JobStatus" });

export { JOB_TYPES } from "../job-enums";
export const JobType = z.enum(JOB_TYPES).meta({ id: "JobType" });
export type JobType = z.infer<typeof JobType>;

export const Trigger = z.enum(["manual", "immediate"]);
export type Trigger = z.infer<typeof Trigger>;

/** A time in a query: any ISO offset accepted, compared as the stored UTC text. */
const QueryTime = IsoDateTime.transform((value) => new Date(value).toISOString());

const Progress = z.number().min(0, "must be between 0 and 100").max(100, "must be between 0 and 100");
const Info = z.string().max(LIMITS.info);
const Operation = z
  .string()
  .min(1)
  .max(LIMITS.operation)
  .regex(/^[A-Za-z0-9_.-]+$/, "use letters, digits, '-', '_' or '.'");

export const JobSubject = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("resource"), id: ResourceId }),
    z.object({
      type: z.literal("collection"),
      resource: z.string().min(1).max(LIMITS.label),
      query: z.record(z.string(), z.unknown()).optional(),
      params: z.record(z.string(), z.unknown()).optional(),
    }),
  ])
  .meta({ id: "JobSubject" });
export type JobSubject = z.infer<typeof JobSubject>;

/** `POST /jobs`: the job to create (as `@flatfile/api`'s `JobConfig`). */
export const JobConfig = z
  .object({
    type: JobType,
    operation: Operation,
    source: ResourceId,
    destination: ResourceId.optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    trigger: Trigger.optional(),
    /** Only a starting status may be asked for; everything after comes from the lifecycle calls. */
    status: z.enum(["created", "planning", "ready"]).optional(),
    progress: Progress.optional(),
    fileId: ResourceId.optional(),
    mode: JobMode.optional(),
    input: z.record(z.string(), z.unknown()).optional(),
    subject: JobSubject.optional(),
    outcome: JobOutcome.optional(),
    info: Info.optional(),
    managed: z.boolean().optional(),
    environmentId: ResourceId.optional(),
    part: z.number().int().min(0).optional(),
    partData: z.record(z.string(), z.unknown()).optional(),
    partExecution: z.enum(["sequential", "parallel"]).optional(),
    parentId: ResourceId.optional(),
    predecessorIds: z.array(ResourceId).max(100).optional(),
    /**
     * The finished job this one runs again (the dashboard's "Run again with changes"): one of the same space, type,
     * operation and source. Unlike `predecessorIds` it does not wait for it: it only links the two.
     */
    rerunOf: ResourceId.optional(),
    metadata: Metadata.optional(),
    estimatedCompletionAt: IsoDateTime.optional(),
    /**
     * Automatic retries of a failed attempt. A job for a mounted action takes its action's unless the secret key
     * gives one here (a person's job always takes the action's).
     */
    retry: RetryPolicy.optional(),
  })
  .meta({ id: "JobConfig" });
export type JobConfig = z.infer<typeof JobConfig>;

/**
 * What a person (a user or operator token, the dashboard) may choose when creating a job; every other field of
 * `JobConfig` is the listener's (progress, info, outcome...) or the platform's, and is refused with a 400 naming it.
 * A mounted action's job takes its form's `input` and the selection as `subject`; `trigger` and `mode` are accepted
 * because the dashboard sends them, and the server sets both from the action anyway.
 */
export const PERSON_ACTION_JOB_FIELDS = [
  "type",
  "operation",
  "source",
  "input",
  "subject",
  "trigger",
  "mode",
  "rerunOf",
] as const satisfies readonly (keyof JobConfig)[];

/**
 * The same for the platform's own jobs (an import's `workbook:map`, exports, record jobs), which a person starts with
 * their `config` (and an import with its `destination` workbook); the server checks both against its schemas.
 */
export const PERSON_SYSTEM_JOB_FIELDS = [
  "type",
  "operation",
  "source",
  "subject",
  "config",
  "destination",
] as const satisfies readonly (keyof JobConfig)[];

/** A split job's parts: how many, and how many ended each way (the rest have not ended yet). */
export const JobPartCounts = z
  .object({
    total: z.number().int(),
    complete: z.number().int(),
    failed: z.number().int(),
    canceled: z.number().int(),
  })
  .meta({ id: "JobPartCounts" });

/** A job as the API returns it. */
export const Job = z
  .object({
    id: ResourceId,
    type: JobType,
    operation: z.string(),
    source: z.string(),
    destination: z.string().optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    trigger: Trigger,
    status: z.enum(JOB_STATUSES),
    progress: z.number(),
    fileId: z.string().optional(),
    mode: JobMode,
    input: z.record(z.string(), z.unknown()).optional(),
    subject: JobSubject.optional(),
    outcome: StoredJobOutcome.optional(),
    info: z.string().optional(),
    managed: z.boolean(),
    environmentId: z.string(),
    spaceId: z.string().optional(),
    workbookId: z.string().optional(),
    part: z.number().optional(),
    partData: z.record(z.string(), z.unknown()).optional(),
    partExecution: z.enum(["sequential", "parallel"]).optional(),
    parentId: z.string().optional(),
    predecessorIds: z.array(z.string()).optional(),
    /** The finished job this one runs again (see `JobConfig.rerunOf`); its re-runs are `GET /jobs?rerunOf=<id>`. */
    rerunOf: z.string().optional(),
    /** A split job's parts by how they ended (see `job-parts.ts`); the platform keeps it as each part finishes. */
    partCounts: JobPartCounts.optional(),
    metadata: Metadata,
    estimatedCompletionAt: IsoDateTime.optional(),
    /** Who created the job: a token's subject, "secret-key", or "system". */
    createdBy: z.string().optional(),
    /** The listener id (X-Listener-Id) that claimed the job with its first ack. */
    claimedBy: z.string().optional(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    startedAt: IsoDateTime.optional(),
    finishedAt: IsoDateTime.optional(),
    outcomeAcknowledgedAt: IsoDateTime.optional(),
    retry: RetryPolicy.optional(),
    /** The attempt running or last run, from 1 (absent on jobs stored before retries: their first). */
    attempt: z.number().int().min(1).optional(),
    /** The last attempt number this round may reach (with `retry` only); a manual retry starts a new round. */
    maxAttempts: z.number().int().min(1).optional(),
    /** While `scheduled` after a failed attempt: when the next one becomes ready. */
    nextAttemptAt: IsoDateTime.optional(),
    /** The earlier attempts, oldest first (at most RETRY_LIMITS.history); the current one is the job itself. */
    attempts: z.array(JobAttempt).optional(),
  })
  .meta({ id: "Job" });
export type Job = z.infer<typeof Job>;

/** `PATCH /jobs/{id}`: progress, info, metadata, estimate, and optionally a legal status move. */
export const JobUpdate = z
  .object({
    status: JobStatusInput.optional(),
    progress: Progress.optional(),
    info: Info.optional(),
    metadata: Metadata.optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    estimatedCompletionAt: IsoDateTime.nullable().optional(),
    outcome: JobOutcome.optional(),
  })
  .meta({ id: "JobUpdate" });
export type JobUpdate = z.infer<typeof JobUpdate>;

/** `POST /jobs/{id}/ack`: the first ack claims the job; later ones are progress ticks. */
export const JobAckDetails = z
  .object({
    info: Info.optional(),
    progress: Progress.optional(),
    estimatedCompletionAt: IsoDateTime.optional(),
  })
  .meta({ id: "JobAckDetails" });
export type JobAckDetails = z.infer<typeof JobAckDetails>;

/** `POST /jobs/{id}/complete`. */
export const JobCompleteDetails = z
  .object({ outcome: JobOutcome.optional(), info: Info.optional() })
  .meta({ id: "JobCompleteDetails" });
export type JobCompleteDetails = z.infer<typeof JobCompleteDetails>;

/** `POST /jobs/{id}/fail`: `retry: false` fails the job for good, its retries left unused (not worth retrying). */
export const JobFailDetails = JobCompleteDetails.extend({ retry: z.boolean().optional() }).meta({
  id: "JobFailDetails",
});
export type JobFailDetails = z.infer<typeof JobFailDetails>;

/** The most parts one split may create (each is a job with its own events). */
export const MAX_JOB_PARTS = 1000;

/**
 * `POST /jobs/{id}/split` (as `@flatfile/api`'s `JobSplitDetails`): `parts` is how many, or each part's `partData`;
 * `runInParallel: false` (the default) runs them one after another.
 */
export const JobSplitDetails = z
  .object({
    parts: z.union([
      z.number().int().min(1).max(MAX_JOB_PARTS),
      z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_JOB_PARTS),
    ]),
    runInParallel: z.boolean().optional(),
  })
  .meta({ id: "JobSplitDetails" });
export type JobSplitDetails = z.infer<typeof JobSplitDetails>;

/** `POST /jobs/{id}/cancel`. */
export const JobCancelDetails = z.object({ info: Info.optional() }).meta({ id: "JobCancelDetails" });
export type JobCancelDetails = z.infer<typeof JobCancelDetails>;

/** `GET /jobs` query. */
export const ListJobsQuery = PageQuery.extend({
  environmentId: ResourceId.optional(),
  spaceId: ResourceId.optional(),
  workbookId: ResourceId.optional(),
  fileId: ResourceId.optional(),
  parentId: ResourceId.optional(),
  /** The jobs that run this one again (their `rerunOf`). */
  rerunOf: ResourceId.optional(),
  /** The jobs that wait, or waited, for this one (it is among their `predecessorIds`). */
  predecessorId: ResourceId.optional(),
  status: JobStatusInput.optional(),
  operation: Operation.optional(),
  type: JobType.optional(),
  mode: JobMode.optional(),
  sortDirection: SortDirection.default("desc"),
  excludeChildJobs: QueryBoolean.optional(),
  /** The job with this id, or the jobs with a word beginning with each word of `q` (see `jobSearchText`). */
  q: z.string().trim().max(LIMITS.label).optional(),
  /** Created at or after this time. */
  createdFrom: QueryTime.optional(),
  /** Created before this time. */
  createdTo: QueryTime.optional(),
  /** Finished (complete, failed or canceled) at or after this time. */
  finishedFrom: QueryTime.optional(),
  /** Finished before this time. */
  finishedTo: QueryTime.optional(),
  createdBy: z.string().min(1).max(LIMITS.label).optional(),
  source: ResourceId.optional(),
  /** A page's `pagination.nextCursor`: the page after it, in the same order (keyset pagination). */
  cursor: z
    .string()
    .max(200)
    .refine((cursor) => decodeJobCursor(cursor) !== undefined, "is not a cursor from a jobs page")
    .optional(),
});
export type ListJobsQuery = z.infer<typeof ListJobsQuery>;
