import { SYSTEM_WORKER_ID, type Principal } from "../../core";

/**
 * The platform's own worker, as events and jobs name it: its `X-Listener-Id` claim and the `actorId` of what it
 * writes. Every instance uses the same id: which instance runs a job is decided by the compare-and-set of each write,
 * not by the id (see docs/decisions/017-system-jobs.md).
 */
export { SYSTEM_WORKER_ID };
export const SYSTEM_ACTOR: Principal = { kind: "secret", subject: SYSTEM_WORKER_ID };
