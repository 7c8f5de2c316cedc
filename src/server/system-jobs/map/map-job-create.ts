import type { Job, JobConfig, Principal } from "../../../core";
import { conflict } from "../../http/api-error";
import { applyJobCommand, insertNewJob } from "../../services/job-service";
import type { ServiceDeps } from "../../services/service-deps";
import type { StoreTx } from "../../store/store";
import { readMapJob, type JobWithPlan } from "./map-job-config";
import { assertPlanFits, prepareMapJob } from "./map-planning";

/**
 * `POST /jobs` of a `workbook:map`: a system job any caller who can see both workbooks may create (a person imports
 * a file they uploaded). It is created, its plan proposed and kept with it, and it moves on to `planning`
 * (`job:created`, then `job:updated`) in one transaction; `execute` runs it. The caller chooses the workbooks and
 * sheets only: the platform runs it (`managed`), in the foreground of the destination workbook.
 */
export async function createMapJob(
  deps: ServiceDeps,
  tx: StoreTx,
  request: JobConfig,
  principal: Principal,
  now: string,
): Promise<Job> {
  const prepared = await prepareMapJob(tx, request, principal);
  const created = await insertNewJob(
    deps,
    tx,
    {
      type: "workbook",
      operation: "map",
      source: request.source,
      destination: request.destination,
      config: prepared.config,
      trigger: "manual",
      managed: true,
      mode: request.mode ?? "foreground",
      subject: request.subject,
      parentId: request.parentId,
      metadata: {
        ...request.metadata,
        sourceRows: prepared.sourceRows,
        destinationSheetName: prepared.destination.name,
      },
    },
    { spaceId: prepared.spaceId, workbookId: prepared.workbookId, actor: principal, now },
  );
  const withPlan: JobWithPlan = { ...created, executionPlan: prepared.plan };
  return applyJobCommand(
    deps,
    tx,
    withPlan,
    { type: "update", update: { status: "planning" } },
    principal,
    now,
  );
}

/** `execute` of a map job: only once it is planned, and only with a plan that still fits both sheets. */
export async function checkMapExecution(tx: StoreTx, job: Job): Promise<void> {
  if (job.status !== "planning")
    throw conflict(
      job.status === "created"
        ? `Job ${job.id} has no plan yet: it is "created"; execute it once it is "planning"`
        : `Cannot execute job ${job.id}: its status is "${job.status}"`,
    );
  const { config, plan } = readMapJob(job);
  if (!plan) throw conflict(`Job ${job.id} has no plan to execute`);
  const source = await tx.getSheet(config.sourceSheetId);
  const destination = await tx.getSheet(config.destinationSheetId);
  if (!source || !destination) throw conflict("A sheet of this import was deleted; create the import again");
  assertPlanFits(plan, source, destination);
}
