import {
  createJob,
  newId,
  nextSlotAfter,
  scheduledRun,
  transition,
  type Action,
  type ActionSchedule,
  type Job,
  type JobCommand,
  type Principal,
  type ScheduledJobMetadata,
} from "../../core";
import { jobCreatedEvents, jobEvent } from "../services/event-factory";
import { findActionMount } from "../services/find-action-mount";
import { predecessorsComplete } from "../services/job-service";
import { notePartMove } from "../services/job-parts";
import type { ServiceDeps } from "../services/service-deps";
import type { ActionMount } from "../store/action-mounts";

/** Who creates, starts and cancels scheduled jobs, as jobs and events name it. */
export const SCHEDULER_ACTOR: Principal = { kind: "secret", subject: "system:scheduler" };

/** The key of a scheduled action in `schedule_slots`: `<type>:<source>:<operation>`. */
export const scheduleKey = (type: string, source: string, operation: string): string =>
  `${type}:${source}:${operation}`;

export type SchedulerReport = {
  started: number;
  canceled: number;
  created: number;
  /** Jobs whose next attempt (after a failed one) became ready. */
  retried: number;
  /** The earliest next attempt still to come, so that maintenance can wake for it. */
  nextAttemptAt?: string;
};

const PAGE = 500;

/**
 * One pass of the scheduler. Each scheduled action keeps one job, created ahead in `scheduled` for its next slot so
 * operators see what is coming. A pass (1) moves every such job whose slot has come to `ready` (or cancels it when
 * its action is gone or no longer on that schedule), and (2) makes sure each scheduled action has the job of its
 * next slot after now. After downtime this runs the one overdue job and skips the slots in between.
 *
 * Safe on any number of instances at once: a due job moves by compare-and-set, and a slot's job is created only by
 * the transaction whose `claimScheduleSlot` inserted the slot's row, so each slot is created and started once.
 */
export async function runScheduler(deps: ServiceDeps): Promise<SchedulerReport> {
  const now = deps.now();
  const at = now.toISOString();
  const report: SchedulerReport = { started: 0, canceled: 0, created: 0, retried: 0 };
  const { slots: waiting, retries } = await scheduledJobs(deps);
  for (const job of retries) {
    const due = job.nextAttemptAt ?? "";
    if (due > at) {
      if (!report.nextAttemptAt || due < report.nextAttemptAt) report.nextAttemptAt = due;
      continue;
    }
    if (await startRetry(deps, job, at)) report.retried++;
  }
  for (const job of waiting) {
    if (scheduledFor(job) > at) continue;
    const moved = await startOrCancel(deps, job, at);
    if (moved) report[moved]++;
  }
  // Slots that already have their job need no transaction.
  const prepared = new Set(waiting.map((job) => `${keyOf(job)} ${scheduledFor(job)}`));
  for (const mount of await deps.store.listScheduledActionSources()) {
    for (const action of mount.actions) {
      const schedule = action.schedule as ActionSchedule;
      const slot = nextSlotAfter(schedule, now).toISOString();
      const key = scheduleKey(mount.type, mount.id, action.operation);
      if (prepared.has(`${key} ${slot}`)) continue;
      if (await prepareSlot(deps, mount, action, slot, at)) report.created++;
    }
  }
  return report;
}

/**
 * The scheduled jobs (every page, read before any is changed): the scheduler's still waiting for their slot, and
 * any job waiting for its next attempt (a scheduled action's job that failed an attempt is only the latter).
 */
async function scheduledJobs(deps: ServiceDeps): Promise<{ slots: Job[]; retries: Job[] }> {
  const slots: Job[] = [];
  const retries: Job[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const { items } = await deps.store.listJobs({
      environmentId: deps.environmentId,
      status: "scheduled",
      sortDirection: "asc",
      limit: PAGE,
      offset,
      countLimit: 0,
    });
    for (const job of items) {
      if (job.nextAttemptAt) retries.push(job);
      else if (job.createdBy === SCHEDULER_ACTOR.subject && scheduledFor(job)) slots.push(job);
    }
    if (items.length < PAGE) return { slots, retries };
  }
}

const scheduledFor = (job: Job): string => scheduledRun(job)?.scheduledFor ?? "";
const keyOf = (job: Job) => scheduleKey(job.type, job.source, job.operation);

/** Why a due job must not run: its action is gone, unscheduled, or on another schedule now. */
function cancelReason(job: Job, action: Action | undefined): string | undefined {
  const schedule = scheduledRun(job)?.schedule;
  if (!action)
    return `The action "${job.operation}" is no longer on this ${job.type}, so this scheduled run was canceled.`;
  if (!action.schedule)
    return `The action "${action.label}" is no longer scheduled, so this run was canceled.`;
  if (action.schedule !== schedule)
    return `The action "${action.label}" now runs ${action.schedule}, not ${schedule}, so this run was canceled.`;
  return undefined;
}

async function startOrCancel(
  deps: ServiceDeps,
  seen: Job,
  at: string,
): Promise<"started" | "canceled" | undefined> {
  return deps.store.transaction(async (tx) => {
    const job = await tx.getJob(seen.id);
    // Another instance (or an operator) got there first.
    if (!job || job.status !== "scheduled" || job.updatedAt !== seen.updatedAt) return undefined;
    const mount = await findActionMount(tx, job.type, job.source);
    const reason = cancelReason(
      job,
      mount?.actions.find((a) => a.operation === job.operation),
    );
    const command: JobCommand = reason ? { type: "cancel", details: { info: reason } } : { type: "due" };
    const result = transition(job, command, { now: at, predecessorsComplete: true });
    if (!result.ok) return undefined;
    if (!(await tx.updateJob(result.job, { status: job.status, updatedAt: job.updatedAt }))) return undefined;
    for (const topic of result.topics)
      await tx.appendEvent(jobEvent(deps, result.job, topic, SCHEDULER_ACTOR, at));
    await notePartMove(deps, tx, job.status, result.job, SCHEDULER_ACTOR, at);
    return reason ? "canceled" : "started";
  });
}

/**
 * A job whose next attempt is due becomes ready (or waiting, behind unfinished predecessors). Compare-and-set on
 * the version the pass read, so on many instances at once each attempt starts once; a cancel meanwhile wins.
 */
async function startRetry(deps: ServiceDeps, seen: Job, at: string): Promise<boolean> {
  return deps.store.transaction(async (tx) => {
    const job = await tx.getJob(seen.id);
    if (!job || job.status !== "scheduled" || job.updatedAt !== seen.updatedAt) return false;
    const result = transition(
      job,
      { type: "due" },
      { now: at, predecessorsComplete: await predecessorsComplete(tx, job) },
    );
    if (!result.ok) return false;
    if (!(await tx.updateJob(result.job, { status: job.status, updatedAt: job.updatedAt }))) return false;
    for (const topic of result.topics)
      await tx.appendEvent(jobEvent(deps, result.job, topic, SCHEDULER_ACTOR, at));
    return true;
  });
}

/**
 * Creates the job of `slot` for a scheduled action, as a click on the action would (but never in the foreground),
 * unless the slot is claimed.
 */
async function prepareSlot(
  deps: ServiceDeps,
  mount: ActionMount,
  action: Action,
  slot: string,
  at: string,
): Promise<boolean> {
  const id = newId("job");
  return deps.store.transaction(async (tx) => {
    if (!(await tx.claimScheduleSlot(scheduleKey(mount.type, mount.id, action.operation), slot, id)))
      return false;
    const metadata: ScheduledJobMetadata = {
      schedule: action.schedule as ActionSchedule,
      scheduledFor: slot,
    };
    const { job, topics } = createJob(
      {
        type: mount.type,
        operation: action.operation,
        source: mount.id,
        trigger: "manual",
        // The overlay of a foreground job is for the person who clicked; nobody did, so it runs in the background.
        // A toolbarBlocking action keeps its lock, which protects the data while the job changes it.
        mode: action.mode === "foreground" ? "background" : (action.mode ?? "background"),
        metadata,
        retry: action.retry,
      },
      {
        id,
        now: at,
        environmentId: deps.environmentId,
        spaceId: mount.spaceId,
        workbookId: mount.workbookId,
        createdBy: SCHEDULER_ACTOR.subject,
        predecessorsComplete: true,
        scheduled: true,
      },
    );
    await tx.insertJob(job);
    for (const event of jobCreatedEvents(deps, job, topics, SCHEDULER_ACTOR, at)) await tx.appendEvent(event);
    return true;
  });
}
