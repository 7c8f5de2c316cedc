import { afterAll, beforeAll } from "vitest";
import { startTestDatabase, type TestDatabase } from "./test-database";

/**
 * A test file's PostgreSQL (see `startTestDatabase`): started before its tests, stopped after them. Use it inside
 * tests and hooks only; it is not there before the file's `beforeAll` has run.
 */
export function useTestDatabase(): TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await startTestDatabase();
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });
  const started = () => {
    if (!database) throw new Error("the test database is not started yet (use it inside tests and hooks)");
    return database;
  };
  return {
    get url() {
      return started().url;
    },
    openStore: () => started().openStore(),
    close: () => started().close(),
  };
}
