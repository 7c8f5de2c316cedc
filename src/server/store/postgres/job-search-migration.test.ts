import pg from "pg";
import { expect, it } from "vitest";
import { makeJob } from "../store-fixtures";
import { quoteIdentifier } from "./identifiers";
import { migrations } from "./migrations";
import { openPostgresStore } from "./postgres-store";
import { dropSchema } from "./test-database";
import { useTestDatabase } from "./use-test-database";

const database = useTestDatabase();

it("finds the jobs stored before search by their words, split and lower-cased as core does", async () => {
  const schema = `job_search_migration_${process.pid}`;
  const old = makeJob({
    operation: "sync-crm",
    info: "Pushing Contacts",
    outcome: { message: "Synced ACME-Corp" },
    input: { note: ["Zürich office", { deeper: "Friday" }], count: 3 },
  });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
    await client.query(`SET search_path = ${quoteIdentifier(schema)}`);
    await client.query(
      "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    );
    for (const migration of migrations.filter((m) => m.version < 8)) {
      await client.query(migration.sql);
      await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        migration.version,
        migration.name,
      ]);
    }
    await client.query(
      `INSERT INTO jobs (id, environment_id, source, status, operation, type, mode, created_at, updated_at, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        old.id,
        old.environmentId,
        old.source,
        old.status,
        old.operation,
        old.type,
        old.mode,
        old.createdAt,
        old.updatedAt,
        JSON.stringify(old),
      ],
    );
  } finally {
    await client.end();
  }
  const store = await openPostgresStore({ connectionString: database.url, schema, max: 1 });
  try {
    const search = async (words: string) =>
      (await store.listJobs({ search: words, sortDirection: "asc", limit: 10, offset: 0 })).items.map(
        (job) => job.id,
      );
    for (const words of ["crm", "pushing contacts", "acme corp", "zürich", "frid"]) {
      expect(await search(words)).toEqual([old.id]);
    }
    expect(await search("3")).toEqual([]);
  } finally {
    await store.close();
    await dropSchema(database.url, schema);
  }
});
