import {
  emptyPartCounts,
  isFinalStatus,
  jobEventPayload,
  partConfig,
  partCount,
  splitRefusal,
  transition,
  withPartMove,
  type Job,
  type JobSplitDetails,
  type JobStatus,
  type Principal,
} from "../../core";
import { conflict } from "../http/api-error";
import type { StoreTx } from "../store/store";
import { jobEvent, jobEventContext, makeEvent } from "./event-factory";
import type { ServiceDeps } from "./service-deps";

export const PARTS_COMPLETED = "job:parts-completed";

/**
 * Splits an executing job into parts, each a job of its own (see core's `partConfig`), in the transaction that read
 * the parent (locked there on PostgreSQL). The parent keeps running and counts its parts as they end.
 */
export async function splitJob(
  deps: ServiceDeps,
  tx: StoreTx,
  parent: Job,
  details: JobSplitDetails,
  actor: Principal,
  now: string,
  insert: (config: ReturnType<typeof partConfig>) => Promise<Job>,
): Promise<Job> {
  const refusal = splitRefusal(parent);
  if (refusal) throw conflict(refusal);
  const total = partCount(details);
  const split: Job = { ...parent, partCounts: emptyPartCounts(total), progress: 0, updatedAt: now };
  if (!(await tx.updateJob(split, { status: parent.status, updatedAt: parent.updatedAt })))
    throw conflict(`Job ${parent.id} was changed by another call; read it again and retry`);
  await tx.appendEvent(jobEvent(deps, split, "job:updated", actor, now));
  let previous: string | undefined;
  for (let index = 0; index < total; index++) {
    const part = await insert(partConfig(split, details, index, previous));
    previous = part.id;
  }
  return split;
}

/**
 * After a part moved from `before` to `after` in this transaction: a part that failed or was canceled first cancels
 * the parts still waiting on it (one after another, nothing would ever release them), then the parent counts it. The
 * parent is read here, so on PostgreSQL its row is locked until the commit: parts ending at once on any instance count
 * one after the other, and only the move that ends the last part publishes `job:parts-completed` (while the parent
 * has not finished).
 */
export async function notePartMove(
  deps: ServiceDeps,
  tx: StoreTx,
  before: JobStatus,
  part: Job,
  actor: Principal | undefined,
  now: string,
): Promise<void> {
  if (part.parentId === undefined || before === part.status) return;
  if (part.status === "failed" || part.status === "canceled")
    await cancelWaitingParts(deps, tx, part, actor, now);
  const parent = await tx.getJob(part.parentId);
  if (!parent) return;
  const moved = withPartMove(parent, before, part.status, now);
  if (!moved) return;
  if (!(await tx.updateJob(moved.parent, { status: parent.status, updatedAt: parent.updatedAt })))
    throw conflict(`Job ${parent.id} was changed by another call; read it again and retry`);
  await tx.appendEvent(jobEvent(deps, moved.parent, "job:updated", actor, now));
  if (moved.allFinished && !isFinalStatus(moved.parent.status)) {
    const counts = moved.parent.partCounts;
    await tx.appendEvent(
      makeEvent(
        deps,
        {
          topic: PARTS_COMPLETED,
          domain: "job",
          context: jobEventContext(moved.parent, actor),
          payload: { ...jobEventPayload(moved.parent, "job:updated"), parts: counts },
        },
        now,
      ),
    );
  }
}

async function cancelWaitingParts(
  deps: ServiceDeps,
  tx: StoreTx,
  ended: Job,
  actor: Principal | undefined,
  now: string,
): Promise<void> {
  for (const waiting of await tx.listJobsWaitingOn(ended.id)) {
    if (waiting.parentId !== ended.parentId) continue;
    const info = `Canceled: part ${ended.part ?? "?"} before it ${ended.status === "failed" ? "failed" : "was canceled"}`;
    const result = transition(waiting, { type: "cancel", details: { info } }, { now });
    if (!result.ok) continue;
    // Compare-and-set: a part canceled meanwhile by another call was counted by that call.
    if (!(await tx.updateJob(result.job, { status: waiting.status, updatedAt: waiting.updatedAt }))) continue;
    for (const topic of result.topics) await tx.appendEvent(jobEvent(deps, result.job, topic, actor, now));
    await notePartMove(deps, tx, waiting.status, result.job, actor, now);
  }
}
