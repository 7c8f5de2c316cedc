import { startTestDatabase } from "../store/postgres/test-database";

/**
 * Global setup of the `http-postgres` test project: one throwaway PostgreSQL (or the given `TEST_DATABASE_URL`) for
 * every file of the run. Test files run in forked workers, which inherit `TEST_DATABASE_URL` from here; each test
 * server takes a schema of its own (see test-server.ts). Stopped, and its folder removed, after the run.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const database = await startTestDatabase();
  process.env.TEST_DATABASE_URL = database.url;
  return () => database.close();
}
