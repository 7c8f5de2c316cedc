import { jobHandler, type JobHandlerFunction, type ListenerPlugin } from "../../sdk";
import type { ActionConfig } from "../kit";

/** The resources an action can be mounted on; its jobs are named `<mountedOn>:<operation>`. */
export type MountPoint = "workbook" | "sheet" | "document" | "file";

/** One action of the demo: where it is mounted, its configuration, and what runs its jobs. */
export type DemoAction = {
  mountedOn: MountPoint;
  action: ActionConfig;
  /** Registers the handler of the action's jobs on a listener. */
  register: ListenerPlugin;
};

/** The job name of an action: `workbook:export`. */
export const jobName = (mountedOn: MountPoint, operation: string) => `${mountedOn}:${operation}`;

/** Wraps a handler so that each run logs one line when it starts and one when it is done. */
export function logged(name: string, handler: JobHandlerFunction): JobHandlerFunction {
  return async (job, tick, context) => {
    const started = Date.now();
    context.logger.info(`${name} ${job.id} started`);
    // A failure is logged by jobHandler, with the reason.
    const result = await handler(job, tick, context);
    context.logger.info(`${name} ${job.id} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };
}

/**
 * An action whose jobs run through the SDK's `jobHandler`: it acks the job, runs `handler` (which reports progress
 * with `tick`) and completes the job with the outcome the handler returns, or fails it with the error thrown.
 */
export function defineAction(
  mountedOn: MountPoint,
  action: ActionConfig,
  handler: JobHandlerFunction,
): DemoAction {
  const name = jobName(mountedOn, action.operation);
  return { mountedOn, action, register: jobHandler(name, logged(name, handler)) };
}
