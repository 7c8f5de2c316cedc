/**
 * Finding 8 of "hold under abuse": the store commits as the README's "Durability" says: `full` by default (the WAL is
 * synced before an answer, so it survives an OS crash or a power loss), `normal` (an answer survives the process
 * dying) when SQLITE_SYNCHRONOUS=normal asks for it (decision 051). Either way the writer's COMMIT itself syncs nothing
 * (`synchronous = NORMAL`): `full` syncs off the event loop (sqlite/wal-sync.test.ts shows the answers wait for it).
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

/** What the store's answered writes survive, after checking that its writer's COMMIT syncs nothing itself. */
async function synchronousOf(open: Promise<Store>): Promise<string> {
  const store = await open;
  opened.push(store);
  expect(store).toBeInstanceOf(SqliteStore);
  // The writer is the connection whose file is not opened read-only; its `synchronous` 1 is NORMAL.
  expect((store as SqliteStore).writerSynchronous).toBe(1);
  return (store as SqliteStore).synchronous;
}

describe("SQLite durability", () => {
  it("syncs the WAL before an answer (full) by default", async () => {
    expect(await synchronousOf(openSqliteStore({ filename: join(tempDir(), "jobs.db") }))).toBe("full");
  });

  it("is what the server opens when SQLITE_SYNCHRONOUS is unset", async () => {
    expect(await synchronousOf(openStore(configFromEnv({ DATA_DIR: tempDir() })))).toBe("full");
  });

  it("follows SQLITE_SYNCHRONOUS, in any case", async () => {
    expect(
      await synchronousOf(openStore(configFromEnv({ DATA_DIR: tempDir(), SQLITE_SYNCHRONOUS: "NORMAL" }))),
    ).toBe("normal");
    expect(
      await synchronousOf(openStore(configFromEnv({ DATA_DIR: tempDir(), SQLITE_SYNCHRONOUS: "full" }))),
    ).toBe("full");
  });

  it("refuses any other SQLITE_SYNCHRONOUS, naming the variable and the choices", () => {
    expect(() => configFromEnv({ SQLITE_SYNCHRONOUS: "off" })).toThrow(
      'SQLITE_SYNCHRONOUS must be normal or full, got "off"',
    );
  });
});
