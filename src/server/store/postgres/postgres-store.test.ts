import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "../../../core";
import { makeJob, nextTime } from "../store-fixtures";
import { runStoreConformance } from "../store-conformance";
import type { Store } from "../store";
import { latestVersion, migrations } from "./migrations";
import { openStore } from "../../node/start-server";
import { openPostgresStore, PostgresStore, quoteIdentifier } from "./postgres-store";
import { dropSchema } from "./test-database";
import { useTestDatabase } from "./use-test-database";

const database = useTestDatabase();

runStoreConformance("postgres", () => database.openStore());

describe("PostgreSQL store", () => {
  let store: Store;
  let schema: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ store, schema, cleanup } = await database.openStore());
  });

  afterEach(async () => {
    await cleanup();
  });

  it("a job update whose expected status no longer matches changes nothing, from two pool clients at once", async () => {
    const job = makeJob({ status: "ready" });
    await store.transaction((tx) => tx.insertJob(job));
    // A second store on the same schema stands for a second instance: its own pool, its own transactions.
    const other = await openPostgresStore({ connectionString: database.url, schema, max: 2 });
    try {
      const claim = (by: Store, claimedBy: string) =>
        by.transaction(async (tx) => {
          // Both read the same version before either writes (outside the transaction: its getJob would lock the row).
          const current = (await by.getJob(job.id))!;
          await new Promise((resolve) => setTimeout(resolve, 50));
          const next: Job = { ...current, status: "executing", updatedAt: nextTime(), info: claimedBy };
          return tx.updateJob(next, { status: current.status, updatedAt: current.updatedAt });
        });
      const results = await Promise.all([claim(store, "a"), claim(other, "b")]);
      expect([...results].sort()).toEqual([false, true]);
      const stored = (await store.getJob(job.id))!;
      expect(stored.status).toBe("executing");
      expect(stored.info).toBe(results[0] ? "a" : "b");

      // A stale expected status is refused outright, and the row keeps the winner's write.
      const stale = await other.transaction((tx) =>
        tx.updateJob(
          { ...job, status: "failed", updatedAt: nextTime() },
          { status: "ready", updatedAt: job.updatedAt },
        ),
      );
      expect(stale).toBe(false);
      expect(await store.getJob(job.id)).toEqual(stored);
    } finally {
      await other.close();
    }
  });

  it("records every migration step in schema_migrations, once, even when two instances open at once", async () => {
    const fresh = `${schema}_migrate`;
    const [a, b] = await Promise.all([
      openPostgresStore({ connectionString: database.url, schema: fresh, max: 1 }),
      openPostgresStore({ connectionString: database.url, schema: fresh, max: 1 }),
    ]);
    try {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const rows = await client.query<{ version: number }>(
          `SELECT version FROM ${quoteIdentifier(fresh)}.schema_migrations ORDER BY version`,
        );
        expect(rows.rows.map((row) => row.version)).toEqual(migrations.map((m) => m.version));
        expect(rows.rows.at(-1)?.version).toBe(latestVersion);
      } finally {
        await client.end();
      }
    } finally {
      await a.close();
      await b.close();
      await dropSchema(database.url, fresh);
    }
  });

  it("can read a job's re-runs and the jobs that wait for it through their partial indexes", async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      // An empty table is read whole at no cost: with sequential scans priced out, the plan shows that the filters
      // as the reader writes them match the indexes' expressions and predicates.
      await client.query(`SET search_path = ${quoteIdentifier(schema)}; SET enable_seqscan = off`);
      const plan = async (where: string) =>
        (await client.query<{ "QUERY PLAN": string }>(`EXPLAIN SELECT data FROM jobs WHERE ${where}`)).rows
          .map((row) => row["QUERY PLAN"])
          .join("\n");
      expect(await plan("(data ->> 'rerunOf') = 'us_jb_x'")).toMatch(/jobs_rerun_of/);
      expect(
        await plan(
          "(data ->> 'predecessorIds') IS NOT NULL AND (data::jsonb -> 'predecessorIds') @> jsonb_build_array('us_jb_x'::text)",
        ),
      ).toMatch(/jobs_predecessors/);
    } finally {
      await client.end();
    }
  });

  it("is the store the server opens for a postgres:// DATABASE_URL", async () => {
    const url = `${database.url}${database.url.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const opened = await openStore({ dataDir: "/nonexistent", databaseUrl: url });
    try {
      expect(opened).toBeInstanceOf(PostgresStore);
      const job = makeJob();
      await opened.transaction((tx) => tx.insertJob(job));
      expect(await store.getJob(job.id)).toEqual(job);
    } finally {
      await opened.close();
    }
    await expect(openStore({ dataDir: "/nonexistent", databaseUrl: "mysql://x" })).rejects.toThrow(
      /DATABASE_URL/,
    );
  });
});
