import { transition, type Job, type JobOutcome, type Principal } from "../../core";
import { jobEvent } from "../services/event-factory";
import { notePartMove } from "../services/job-parts";
import type { ServiceDeps } from "../services/service-deps";

/** Who fails stuck jobs, as the `job:failed` event names it. */
export const WATCHDOG_ACTOR: Principal = { kind: "secret", subject: "system:watchdog" };

export type WatchdogOptions = {
  /** How long a job may stay `ready` with no listener acknowledging it. */
  readyTimeoutMs: number;
  /** How long a listener may run a job (`executing`) without any ack or update. */
  leaseMs: number;
};

/** Most stuck jobs of one status failed per pass; the next pass takes the rest. */
const PAGE = 500;

/** "10 minutes", "1 minute", "90 seconds": a limit in plain words. */
export function describeDuration(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (ms % 3_600_000 === 0) return plural(ms / 3_600_000, "hour");
  if (ms % 60_000 === 0) return plural(ms / 60_000, "minute");
  return plural(Math.round(ms / 1_000), "second");
}

/** The outcome a stuck job fails with: what happened, in words an operator can act on. */
export function timeoutOutcome(status: "ready" | "executing", options: WatchdogOptions): JobOutcome {
  const message =
    status === "ready"
      ? `No listener acknowledged this job within ${describeDuration(options.readyTimeoutMs)} of it becoming ready.`
      : `The listener running this job sent no progress for ${describeDuration(options.leaseMs)}; it may have stopped.`;
  return { heading: "Timed out", message };
}

/**
 * One pass of the watchdog: a job `ready` for longer than the ready timeout, or `executing` with no ack or update
 * (its `updatedAt`) for longer than the lease, fails through core's state machine with an outcome that says why.
 * The write is compare-and-set on the status and `updatedAt` the pass read, so on many instances at once each job
 * fails once, and a job that made progress meanwhile is left alone. Returns how many jobs this pass failed.
 */
export async function runWatchdog(deps: ServiceDeps, options: WatchdogOptions): Promise<number> {
  const now = deps.now();
  const at = now.toISOString();
  let failed = 0;
  const limits = [
    ["ready", options.readyTimeoutMs],
    ["executing", options.leaseMs],
  ] as const;
  for (const [status, limitMs] of limits) {
    const { items } = await deps.store.listJobs({
      environmentId: deps.environmentId,
      status,
      updatedBefore: new Date(now.getTime() - limitMs).toISOString(),
      sortDirection: "asc",
      limit: PAGE,
      offset: 0,
      countLimit: 0,
    });
    for (const job of items) if (await failStuck(deps, job, timeoutOutcome(status, options), at)) failed++;
  }
  return failed;
}

async function failStuck(deps: ServiceDeps, seen: Job, outcome: JobOutcome, at: string): Promise<boolean> {
  const result = transition(seen, { type: "fail", details: { outcome } }, { now: at });
  if (!result.ok) return false;
  return deps.store.transaction(async (tx) => {
    // Compare-and-set against the version the pass read: an ack, an update or another instance wins.
    if (!(await tx.updateJob(result.job, { status: seen.status, updatedAt: seen.updatedAt }))) return false;
    for (const topic of result.topics)
      await tx.appendEvent(jobEvent(deps, result.job, topic, WATCHDOG_ACTOR, at));
    await notePartMove(deps, tx, seen.status, result.job, WATCHDOG_ACTOR, at);
    return true;
  });
}
