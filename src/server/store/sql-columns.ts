import { jobSearchText, type Job } from "../../core";
import { jobJsonForWrite } from "./job-json";
import type { NewEvent } from "./store";

/** The columns of the SQL stores' `jobs` table that a job fills, besides its id: the filtered ones, then `data`. */
export const JOB_COLUMNS =
  "environment_id, space_id, workbook_id, file_id, source, parent_id, status, operation, type, mode, created_at, updated_at, search_text, data";

/** A job's values for `JOB_COLUMNS`, in their order. */
export function jobColumns(job: Job): (string | null)[] {
  return [
    job.environmentId,
    job.spaceId ?? null,
    job.workbookId ?? null,
    job.fileId ?? null,
    job.source,
    job.parentId ?? null,
    job.status,
    job.operation,
    job.type,
    job.mode,
    job.createdAt,
    job.updatedAt,
    jobSearchText(job),
    jobJsonForWrite(job),
  ];
}

/** The columns of the SQL stores' `events` table that an event fills, besides its position: the filtered ones, then `data`. */
export const EVENT_COLUMNS =
  "id, topic, domain, environment_id, space_id, job_id, created_at, acknowledged_at, data";

/** An event's values for `EVENT_COLUMNS`, in their order; `data` is the event as stored, without its position. */
export function eventColumns(event: NewEvent): (string | null)[] {
  return [
    event.id,
    event.topic,
    event.domain,
    event.context.environmentId,
    event.context.spaceId ?? null,
    event.context.jobId ?? null,
    event.createdAt,
    event.acknowledgedAt ?? null,
    JSON.stringify(event),
  ];
}
