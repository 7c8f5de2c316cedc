import Database from "better-sqlite3";
import { expect, it } from "vitest";
import type { Job, JobStatus } from "../../../core";
import { makeJob } from "../store-fixtures";
import { databaseBefore, insertJobRows, useDbFile, versionOf } from "./migration-test-db";
import { openSqliteStore, statusIndexLeads } from "./sqlite-store";

const dbFile = useDbFile("status-free-indexes");

const REWRITTEN = ["operation", "type", "mode"].flatMap((column) => [
  `jobs_${column}_created`,
  `jobs_space_${column}_created`,
]);

const job = (status: JobStatus, operation: string, at: number, space?: string): Job =>
  makeJob({
    status,
    operation,
    createdAt: new Date(Date.UTC(2026, 0, 1) + at * 1000).toISOString(),
    ...(space ? { spaceId: space } : {}),
  });

it("keeps the jobs stored before, and leaves the status out of the operation, type and mode indexes", async () => {
  const filename = dbFile();
  const db = databaseBefore(filename, versionOf("operation, type and mode indexes without the status"));
  // Many complete jobs of a common operation, a few of a rare one, a few failed of each: complete and rare is read
  // through the operation's index (202 complete jobs against 3 rare ones), failed and common through the status's.
  const jobs = [
    ...Array.from({ length: 200 }, (_, i) => job("complete", "common", i, "us_sp_a")),
    job("complete", "rare", 200, "us_sp_a"),
    job("failed", "common", 201, "us_sp_a"),
    job("failed", "rare", 202),
    job("complete", "rare", 203),
  ];
  insertJobRows(db, jobs);
  db.close();

  const store = await openSqliteStore({ filename });
  const ids = async (q: { spaceId?: string; status?: JobStatus; operation?: string }) =>
    (await store.listJobs({ ...q, sortDirection: "desc", limit: 5, offset: 0 })).items.map((each) => each.id);
  const expected = (keep: (each: Job) => boolean) =>
    jobs
      .filter(keep)
      .reverse()
      .slice(0, 5)
      .map((each) => each.id);
  try {
    for (const q of [
      { status: "complete", operation: "rare" },
      { status: "failed", operation: "common" },
      { status: "complete", operation: "common" },
      { spaceId: "us_sp_a", status: "complete", operation: "rare" },
      { spaceId: "us_sp_a", status: "failed", operation: "common" },
      { operation: "rare" },
    ] as const) {
      const keep = (each: Job) =>
        (!("spaceId" in q) || each.spaceId === q.spaceId) &&
        (!("status" in q) || each.status === q.status) &&
        each.operation === q.operation;
      expect([q, await ids(q)]).toEqual([q, expected(keep)]);
    }
  } finally {
    await store.close();
  }

  const after = new Database(filename, { readonly: true });
  try {
    for (const name of REWRITTEN) {
      const columns = (after.pragma(`index_info(${name})`) as { name: string }[]).map(
        (column) => column.name,
      );
      expect([name, columns.includes("status"), columns.includes("created_at")]).toEqual([name, false, true]);
    }
    // Either index is walked as the store asks: a unary "+" keeps SQLite off the other's, and the order comes from
    // the index (no sort of the matches).
    const plan = (where: string) =>
      (
        after
          .prepare(
            `EXPLAIN QUERY PLAN SELECT data FROM jobs WHERE ${where} ORDER BY created_at DESC, seq DESC LIMIT 10`,
          )
          .all() as { detail: string }[]
      )
        .map((row) => row.detail)
        .join("\n");
    for (const column of ["operation", "type", "mode"]) {
      expect(plan(`status = 'failed' AND +${column} = 'x'`)).toMatch(/USING INDEX jobs_status_created /);
      expect(plan(`+status = 'failed' AND ${column} = 'x'`)).toMatch(
        new RegExp(`USING INDEX jobs_${column}_created `),
      );
      expect(plan(`space_id = 's' AND status = 'failed' AND +${column} = 'x'`)).toMatch(
        /USING INDEX jobs_space_status_created /,
      );
      expect(plan(`space_id = 's' AND +status = 'failed' AND ${column} = 'x'`)).toMatch(
        new RegExp(`USING INDEX jobs_space_${column}_created `),
      );
      expect(plan(`status = 'failed' AND +${column} = 'x'`)).not.toMatch(/TEMP B-TREE/);
      expect(plan(`+status = 'failed' AND ${column} = 'x'`)).not.toMatch(/TEMP B-TREE/);
    }
  } finally {
    after.close();
  }
});

it("walks the status's index unless the other filter's is far shorter to the page's end", () => {
  // 164,000 complete jobs; a common operation (60,000, 49,000 of them complete): the status's index reaches 200
  // matches after ~670 entries, the operation's after ~245 rows read.
  expect(statusIndexLeads({ status: 164_000, other: 60_000, both: 49_000 }, 200)).toBe(true);
  // A rare operation (1,000 jobs, 820 complete): ~40,000 entries of the status's index, or ~244 rows read.
  expect(statusIndexLeads({ status: 164_000, other: 1_000, both: 820 }, 200)).toBe(false);
  // An operation held by 5 jobs, none failed: the whole walk either way, 16,000 entries against 5 rows.
  expect(statusIndexLeads({ status: 16_000, other: 5, both: 0 }, 200)).toBe(false);
  // Few failed jobs (200 of them), a common operation: the status's index.
  expect(statusIndexLeads({ status: 200, other: 60_000, both: 30 }, 200)).toBe(true);
});
