import { isFinalStatus, type Job, type JobConfig, type Principal } from "../../core";
import { badRequest, conflict } from "../http/api-error";
import type { StoreReader } from "../store/store";
import { canSeeSpace } from "./access";

/**
 * A new job's `rerunOf` must name a finished job it really runs again: one the caller may see, of the new job's
 * environment and space, with the same type, operation and source. Checked in the creating transaction, after the
 * new job was given its space: a refusal writes nothing. A job of a space the caller cannot see, or of another
 * space, is reported as not found, as a missing one is; a job not finished yet is a 409 (it may be run again once it
 * is).
 */
export async function checkRerunOf(
  reader: StoreReader,
  config: JobConfig,
  job: Job,
  principal: Principal,
): Promise<void> {
  if (config.rerunOf === undefined) return;
  // The platform's own jobs (imports, exports, record jobs) build their job from their config and keep no link.
  if (job.rerunOf !== config.rerunOf)
    throw badRequest("only a listener's or an action's job can be run again", "rerunOf");
  const old = await reader.getJob(config.rerunOf);
  if (
    !old ||
    !canSeeSpace(principal, old.spaceId) ||
    old.spaceId !== job.spaceId ||
    old.environmentId !== job.environmentId
  )
    throw badRequest(`job ${config.rerunOf} not found in this job's space`, "rerunOf");
  const differs = (["type", "operation", "source"] as const).find((field) => old[field] !== job[field]);
  if (differs)
    throw badRequest(
      `job ${old.id} has ${differs} "${old[differs]}", not "${job[differs]}": a job runs again as the same action on the same resource`,
      "rerunOf",
    );
  if (!isFinalStatus(old.status))
    throw conflict(`Job ${old.id} is ${old.status}: a job can be run again once it has finished`);
}
