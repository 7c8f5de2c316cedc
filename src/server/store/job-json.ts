import type { Job } from "../../core";

/** The JSON text of the job objects the SQL stores wrote, by object: a write serialises a job once. */
const written = new WeakMap<Job, string>();

/**
 * A job's JSON for a write (its `data` column), remembered for the object it was made from: a job call's answer is
 * that very object (`{ data: job }`), and `writtenJobJson` hands the text back instead of serialising it again. Each
 * write serialises afresh, so a caller that changed an object since it last wrote it stores the change; the server
 * never changes a job object once a transition made it (core's machine returns a new one).
 */
export function jobJsonForWrite(job: Job): string {
  const json = JSON.stringify(job);
  written.set(job, json);
  return json;
}

/** The JSON a store wrote for this job object, if one did. */
export function writtenJobJson(job: object): string | undefined {
  return written.get(job as Job);
}
