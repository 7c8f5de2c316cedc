import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";

/** Whether this process owns `path` (and may change its mode); never on a system without user ids. */
function ownedByUs(path: string): boolean {
  return process.getuid !== undefined && statSync(path).uid === process.getuid();
}

/** Takes the group's and others' permissions off `path` when this process owns it; leaves everything else alone. */
function tighten(path: string, keep: number): void {
  if (!ownedByUs(path)) return;
  const mode = statSync(path).mode & 0o777;
  if ((mode & ~keep) !== 0) chmodSync(path, mode & keep);
}

/**
 * A folder only this user can enter (0700): the data folder holds the database, uploads and the secret key. Created
 * when missing; an existing one this process owns loses its group and other permissions (someone else's is left as
 * it is: its owner chose them).
 */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  tighten(dir, 0o700);
}

/**
 * The SQLite database file, created empty with mode 0600 before SQLite opens it, or tightened to 0600 when it exists
 * (with the `-wal` and `-shm` it left). SQLite gives the WAL and shared-memory files it creates later the database
 * file's own mode, so all three stay readable by this user only.
 */
export function makePrivateDatabaseFile(filename: string): void {
  if (!existsSync(filename)) closeSync(openSync(filename, "a", 0o600));
  for (const path of [filename, `${filename}-wal`, `${filename}-shm`])
    if (existsSync(path)) tighten(path, 0o600);
}
