import {
  reconcilePlan,
  type Job,
  type JobExecutionPlan,
  type JobExecutionPlanConfigRequest,
  type JobExecutionPlanRequest,
  type JobPlan,
  type Principal,
} from "../../../core";

const EMPTY_PLAN: JobExecutionPlan = {
  fieldMapping: [],
  unmappedSourceFields: [],
  unmappedDestinationFields: [],
};
import { badRequest, conflict, notFound } from "../../http/api-error";
import { canSeeSpace } from "../../services/access";
import { applyJobCommand } from "../../services/job-service";
import type { ServiceDeps } from "../../services/service-deps";
import type { StoreReader, StoreTx } from "../../store/store";
import { isMapJob, publicJob, readMapJob, type JobWithPlan } from "./map-job-config";
import { assertPlanFits } from "./map-planning";

/**
 * `GET|PUT|PATCH /jobs/{id}/plan`: a map job's execution plan. Anyone who can see the job reads it; whoever may run
 * the import (the secret key, an operator, a user of its space) changes it while the job is `planning`. A change is
 * checked against both sheets (400 naming the offending edge) and publishes `job:updated`.
 */
export class PlanService {
  constructor(private readonly deps: ServiceDeps) {}

  async #visibleMapJob(reader: StoreReader, id: string, principal: Principal): Promise<Job> {
    const job = await reader.getJob(id);
    if (!job || !canSeeSpace(principal, job.spaceId)) throw notFound("job", id);
    if (!isMapJob(job)) throw notFound("plan of job", id);
    return job;
  }

  async get(id: string, principal: Principal): Promise<JobPlan> {
    const job = await this.#visibleMapJob(this.deps.store, id, principal);
    const { plan } = readMapJob(job);
    if (!plan) throw notFound("plan of job", id);
    return { job: publicJob(job), plan };
  }

  /** PUT: the whole plan, replaced. */
  replace(id: string, request: JobExecutionPlanRequest, principal: Principal): Promise<JobPlan> {
    return this.#change(id, principal, request);
  }

  /** PATCH: the lists given replace the plan's; the others stay. */
  patch(id: string, request: JobExecutionPlanConfigRequest, principal: Principal): Promise<JobPlan> {
    return this.#change(id, principal, request);
  }

  async #change(id: string, principal: Principal, request: JobExecutionPlanConfigRequest): Promise<JobPlan> {
    const now = this.deps.now().toISOString();
    return this.deps.store.transaction(async (tx: StoreTx) => {
      const job = await this.#visibleMapJob(tx, id, principal);
      if (job.status !== "planning")
        throw conflict(
          `The plan of job ${job.id} can change only while it is "planning"; it is "${job.status}"`,
        );
      const { config, plan } = readMapJob(job);
      const source = await tx.getSheet(config.sourceSheetId);
      const destination = await tx.getSheet(config.destinationSheetId);
      if (!source || !destination)
        throw conflict("A sheet of this import was deleted; create the import again");
      if (request.jobId && request.jobId !== job.id)
        throw badRequest(`jobId ${request.jobId} is not the job of this plan (${job.id})`, "jobId");
      assertPlanFits(request, source, destination);
      const changed = reconcilePlan(
        request,
        plan ?? EMPTY_PLAN,
        source.config.fields,
        destination.config.fields,
      );
      const withPlan: JobWithPlan = { ...job, executionPlan: changed };
      const updated = await applyJobCommand(
        this.deps,
        tx,
        withPlan,
        { type: "update", update: {} },
        principal,
        now,
      );
      return { job: publicJob(updated), plan: changed };
    });
  }
}
