import type { Principal } from "../../core";
import { forbidden } from "../http/api-error";

/**
 * The access rules of the spec in one place. Secret key: everything. Operator: every space, read, cancel, retry,
 * delete, acknowledge. User: one space, read it, run its mounted actions, cancel and retry its jobs, acknowledge
 * outcomes. What a token may not see is reported as 404 by the callers, never as 403.
 */
export function canSeeSpace(principal: Principal, spaceId: string | undefined): boolean {
  if (principal.kind === "user") return spaceId !== undefined && spaceId === principal.spaceId;
  return true;
}

export function requireSecretKey(principal: Principal, what: string): void {
  if (principal.kind !== "secret")
    throw forbidden(`Only the secret key may ${what}; a ${principal.kind} token may not`);
}

/** Calls that move a job forward are for listeners, which hold the secret key. */
export function requireListener(principal: Principal, call: string): void {
  if (principal.kind !== "secret") {
    throw forbidden(`A ${principal.kind} token cannot ${call} a job; listeners do that with the secret key`);
  }
}

/** Deleting jobs is for operators and the secret key. */
export function requireOperator(principal: Principal, what: string): void {
  if (principal.kind === "user") throw forbidden(`A user token cannot ${what}`);
}
