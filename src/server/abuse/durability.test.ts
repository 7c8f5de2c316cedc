/**
 * Finding 8 of "hold under abuse": the store commits as the README's "Durability" says: `synchronous = NORMAL` with WAL
 * by default (a commit survives the process dying), FULL (it survives an OS crash or a power loss too) when
 * SQLITE_SYNCHRONOUS=full asks for it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { configFromEnv } from "../node/env-config";
import { openStore } from "../node/start-server";
import type { Store } from "../store/store";
import { SqliteStore, openSqliteStore } from "../store/sqlite/sqlite-store";

const dirs: string[] = [];
const opened: Store[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "jobs-durability-"));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** `PRAGMA synchronous` on the store's writer connection, the one that commits. */
async function synchronousOf(open: Promise<Store>): Promise<number> {
  const store = await open;
  opened.push(store);
  expect(store).toBeInstanceOf(SqliteStore);
  return (store as SqliteStore).synchronous;
}

describe("SQLite durability", () => {
  it("commits with synchronous = NORMAL by default", async () => {
    expect(await synchronousOf(openSqliteStore({ filename: join(tempDir(), "jobs.db") }))).toBe(1);
  });

  it("is what the server opens when SQLITE_SYNCHRONOUS is unset", async () => {
    expect(await synchronousOf(openStore(configFromEnv({ DATA_DIR: tempDir() })))).toBe(1);
  });

  it("follows SQLITE_SYNCHRONOUS, in any case", async () => {
    expect(
      await synchronousOf(openStore(configFromEnv({ DATA_DIR: tempDir(), SQLITE_SYNCHRONOUS: "normal" }))),
    ).toBe(1);
    expect(
      await synchronousOf(openStore(configFromEnv({ DATA_DIR: tempDir(), SQLITE_SYNCHRONOUS: "FULL" }))),
    ).toBe(2);
  });

  it("refuses any other SQLITE_SYNCHRONOUS, naming the variable and the choices", () => {
    expect(() => configFromEnv({ SQLITE_SYNCHRONOUS: "off" })).toThrow(
      'SQLITE_SYNCHRONOUS must be normal or full, got "off"',
    );
  });
});
