import type {
  Job,
  JobExecutionPlan,
  JobExecutionPlanConfigRequest,
  JobExecutionPlanRequest,
  JobPlan,
  Principal,
} from "../../../core";
import { conflict, notFound } from "../../http/api-error";
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

  replace(id: string, request: JobExecutionPlanRequest, principal: Principal): Promise<JobPlan> {
    return this.#change(id, principal, () => ({
      fieldMapping: request.fieldMapping,
      unmappedSourceFields: request.unmappedSourceFields,
      unmappedDestinationFields: request.unmappedDestinationFields,
      ...(request.programId ? { programId: request.programId } : {}),
    }));
  }

  patch(id: string, request: JobExecutionPlanConfigRequest, principal: Principal): Promise<JobPlan> {
    return this.#change(id, principal, (plan) => ({
      fieldMapping: request.fieldMapping ?? plan.fieldMapping,
      unmappedSourceFields: request.unmappedSourceFields ?? plan.unmappedSourceFields,
      unmappedDestinationFields: request.unmappedDestinationFields ?? plan.unmappedDestinationFields,
      ...((request.programId ?? plan.programId) ? { programId: request.programId ?? plan.programId } : {}),
    }));
  }

  async #change(
    id: string,
    principal: Principal,
    next: (plan: JobExecutionPlan) => JobExecutionPlan,
  ): Promise<JobPlan> {
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
      const changed = next(
        plan ?? { fieldMapping: [], unmappedSourceFields: [], unmappedDestinationFields: [] },
      );
      assertPlanFits(changed, source, destination);
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
