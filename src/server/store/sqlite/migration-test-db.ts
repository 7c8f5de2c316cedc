import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach } from "vitest";
import type { Job } from "../../../core";
import type { Store } from "../store";
import { JOB_COLUMNS, jobColumns } from "../sql-columns";
import { migrations } from "./migrations";

/** A database file in a fresh folder for each test of the file (removed after it): `const file = useDbFile("x")`. */
export function useDbFile(prefix: string): () => string {
  let dir = "";
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => join(dir, "jobs.db");
}

/**
 * The database a store left before the migration numbered `version`: every earlier step run, nothing after.
 * Migration 9 fills the search words with a function the store registers; rows written here come after it.
 */
export function databaseBefore(filename: string, version: number): Database.Database {
  const db = new Database(filename);
  db.function("job_search_text", (_data: unknown) => "");
  // Migration 16's search triggers ask the store whether a commit group defers them; here none does.
  db.function("job_search_deferred", (_seq: unknown, _words: unknown) => 0);
  const before = migrations.filter((migration) => migration.version < version);
  for (const migration of before) db.exec(migration.sql);
  db.pragma(`user_version = ${before.at(-1)!.version}`);
  return db;
}

/** The version of the migration named `name`. */
export const versionOf = (name: string) => migrations.find((migration) => migration.name === name)!.version;

/** Stores jobs as rows of today's job columns (search words included), seq 1, 2, ..., as the store writes them. */
export function insertJobRows(db: Database.Database, jobs: Job[]): void {
  const insert = db.prepare(
    `INSERT INTO jobs (id, seq, ${JOB_COLUMNS}) VALUES (?, ?, ${JOB_COLUMNS.replace(/\w+/g, "?")})`,
  );
  jobs.forEach((job, index) => insert.run(job.id, index + 1, ...jobColumns(job)));
  db.prepare("UPDATE counters SET value = ? WHERE name = 'seq'").run(jobs.length);
}

/** The ids of the jobs whose words begin with each of `words`, oldest first (the store's job search). */
export const searchJobIds = async (store: Store, words: string): Promise<string[]> =>
  (await store.listJobs({ search: words, sortDirection: "asc", limit: 10, offset: 0 })).items.map(
    (job) => job.id,
  );
