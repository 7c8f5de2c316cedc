import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresStore } from "./store/postgres/postgres-store";
import { SqliteStore } from "./store/sqlite/sqlite-store";
import { startTestServer, type TestServer } from "./testing/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

// The HTTP suites run twice (vitest.config.ts): on SQLite, and in the http-postgres project on PostgreSQL.
describe("the test server's store", () => {
  it("is the one the test project names, so each suite really runs on both", async () => {
    const onPostgres = process.env.TEST_SERVER_STORE === "postgres";
    expect(server.store).toBeInstanceOf(onPostgres ? PostgresStore : SqliteStore);
    const created = await server.ok("POST", "/spaces", { name: "Where am I" });
    expect((await server.store.getSpace(created.data.id))?.name).toBe("Where am I");
  });
});
