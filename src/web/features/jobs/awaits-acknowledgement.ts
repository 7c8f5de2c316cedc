import { isFinalStatus } from "../../../core";
import type { Job } from "../../lib/api-types";

/** A finished job whose outcome asks to be acknowledged and has not been yet. */
export const awaitsAcknowledgement = (job: Job) =>
  isFinalStatus(job.status) && job.outcome?.acknowledge === true && !job.outcomeAcknowledgedAt;
