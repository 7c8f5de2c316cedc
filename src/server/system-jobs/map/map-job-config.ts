import { PipelineJobConfig, type Job, type JobExecutionPlan } from "../../../core";

/**
 * A map job as stored: the job and its execution plan. The plan lives on the job's row, so it commits, retries and is
 * deleted with the job, and no job read returns it (`publicJob`): `GET /jobs/{id}/plan` does, as in Flatfile's API.
 */
export type JobWithPlan = Job & { executionPlan?: JobExecutionPlan };

export const MAP_JOB = { type: "workbook", operation: "map" } as const;

export const isMapJob = (job: Pick<Job, "type" | "operation">) =>
  job.type === MAP_JOB.type && job.operation === MAP_JOB.operation;

/** The job without what only the platform keeps on it (the plan): what every job read answers. */
export function publicJob<J extends Job>(job: J): Job {
  if (!("executionPlan" in job)) return job;
  const { executionPlan: _plan, ...rest } = job as JobWithPlan;
  return rest;
}

/** The map job's config and plan, as the worker and the plan endpoints read them. */
export function readMapJob(job: Job): { config: PipelineJobConfig; plan?: JobExecutionPlan } {
  const config = PipelineJobConfig.parse(job.config);
  return { config, plan: (job as JobWithPlan).executionPlan };
}
