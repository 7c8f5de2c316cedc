import { ALLOWED_FROM } from "../../../core";
import type { Job } from "../../lib/api-types";

/** The commands a person can give a job from the dashboard. */
export type JobCommandName = "cancel" | "retry" | "ackOutcome";

export const COMMAND_LABELS: Record<JobCommandName, { idle: string; pending: string }> = {
  cancel: { idle: "Cancel", pending: "Canceling…" },
  retry: { idle: "Retry", pending: "Retrying…" },
  ackOutcome: { idle: "Acknowledge", pending: "Acknowledging…" },
};

/**
 * The commands the job's status allows (the state machine's `ALLOWED_FROM`, so the buttons never offer what the API
 * would refuse); acknowledging only while the outcome asks for it (`acknowledge: true`) and nobody has yet.
 */
export function allowedCommands(
  job: Pick<Job, "status" | "outcome" | "outcomeAcknowledgedAt">,
): JobCommandName[] {
  const commands: JobCommandName[] = [];
  if (ALLOWED_FROM.cancel.includes(job.status)) commands.push("cancel");
  if (ALLOWED_FROM.retry.includes(job.status)) commands.push("retry");
  if (
    ALLOWED_FROM.ackOutcome.includes(job.status) &&
    job.outcome?.acknowledge &&
    !job.outcomeAcknowledgedAt
  ) {
    commands.push("ackOutcome");
  }
  return commands;
}
