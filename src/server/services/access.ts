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

/*
 * Workbooks, sheets, records, documents and snapshots. Every role reads what it can see (a user: its own space;
 * another space's resources are 404). Writes split in three:
 * - the structure of a space (workbooks, sheets, documents: create, update, delete; deleting a snapshot) is the
 *   developer's, so only the secret key changes it; an operator or user token gets 403;
 * - records are data that people edit in the dashboard (inline cell editing), so operator and user tokens may
 *   insert, update and delete them (a user in its own space), except in a sheet configured `readonly`;
 * - a snapshot is a safety copy of that data: operator and user tokens may create one and restore one (a user in its
 *   own space), since restoring only writes records, which they may do anyway.
 */

/** Creating, updating or deleting workbooks, sheets and documents, and deleting snapshots: secret key only. */
export function requireStructureWriter(principal: Principal, what: string): void {
  if (principal.kind !== "secret")
    throw forbidden(
      `Only the secret key may ${what}; a ${principal.kind} token may not (the space's structure is the developer's)`,
    );
}

/** Inserting, updating and deleting a sheet's records; the caller checks the space (404) first. */
export function requireRecordWriter(principal: Principal, sheet: { readonly?: boolean; name: string }): void {
  if (principal.kind !== "secret" && sheet.readonly)
    throw forbidden(
      `The sheet ${sheet.name} is read-only; a ${principal.kind} token may not change its records`,
    );
}

/** Roles that may create and restore snapshots (a user only in its own space, which the caller checks first). */
const SNAPSHOT_WRITERS: ReadonlySet<Principal["kind"]> = new Set(["secret", "operator", "user"]);

/** Creating and restoring snapshots. */
export function requireSnapshotWriter(principal: Principal, what: string): void {
  if (!SNAPSHOT_WRITERS.has(principal.kind)) throw forbidden(`A ${principal.kind} token may not ${what}`);
}
