import Database from "better-sqlite3";
import { expect, it } from "vitest";
import type { Job, JobStatus } from "../../../core";
import { makeJob, makeSpace } from "../store-fixtures";
import type { JobQuery } from "../store";
import { databaseBefore, insertJobRows, useDbFile, versionOf } from "./migration-test-db";
import { openSqliteStore } from "./sqlite-store";

const dbFile = useDbFile("job-counts");

type Filters = Pick<JobQuery, "environmentId" | "spaceId" | "status" | "operation" | "type" | "mode">;

/** Every filter the counts serve, alone and combined, over the values the jobs below hold (and one none holds). */
const FILTERS: Filters[] = [
  {},
  { environmentId: "us_env_counts" },
  { environmentId: "us_env_other" },
  { spaceId: "us_sp_a" },
  { spaceId: "us_sp_b" },
  { spaceId: "us_sp_none" },
  { status: "ready" },
  { status: "complete" },
  { operation: "export" },
  { type: "sheet" },
  { mode: "background" },
  { spaceId: "us_sp_a", status: "complete" },
  { spaceId: "us_sp_b", operation: "export", type: "workbook" },
  {
    environmentId: "us_env_counts",
    spaceId: "us_sp_a",
    status: "ready",
    operation: "export",
    mode: "foreground",
  },
];

/** The number of jobs each filter matches, counted over the jobs table itself. */
function countedByHand(filename: string): number[] {
  const db = new Database(filename, { readonly: true });
  try {
    return FILTERS.map((filter) => {
      const columns = Object.entries(filter).map(([key, value]) => [
        key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
        value,
      ]);
      const sql = columns.length ? ` WHERE ${columns.map(([column]) => `${column} = ?`).join(" AND ")}` : "";
      return db
        .prepare(`SELECT COUNT(*) FROM jobs${sql}`)
        .pluck()
        .get(...columns.map(([, v]) => v)) as number;
    });
  } finally {
    db.close();
  }
}

const job = (space: string | undefined, status: JobStatus, more: Partial<Job> = {}) =>
  makeJob({ environmentId: "us_env_counts", ...(space ? { spaceId: space } : {}), status, ...more });

it("counts the jobs stored before the counts table, and keeps every count equal to the jobs' own", async () => {
  const filename = dbFile();
  const db = databaseBefore(filename, versionOf("job counts by the jobs table's filters"));
  const before = [
    job("us_sp_a", "ready"),
    job("us_sp_a", "complete", { operation: "import", type: "sheet", mode: "background" }),
    job("us_sp_b", "failed"),
    job(undefined, "ready", { environmentId: "us_env_other" }),
  ];
  insertJobRows(db, before);
  db.close();

  const store = await openSqliteStore({ filename });
  const totals = async () =>
    Promise.all(
      FILTERS.map(
        async (filter) =>
          (await store.listJobs({ ...filter, sortDirection: "asc", limit: 1, offset: 0 })).total,
      ),
    );
  try {
    expect(await totals()).toEqual(countedByHand(filename));
    expect(await totals()).toContain(4);

    // Inserts, status changes (and an update that keeps its status), a job deleted, a space's jobs deleted.
    const space = makeSpace({ id: "us_sp_b", environmentId: "us_env_counts" });
    await store.transaction((tx) => tx.insertSpace(space));
    const added = [
      job("us_sp_b", "ready"),
      job("us_sp_a", "ready", { type: "sheet" }),
      job(undefined, "created"),
    ];
    await store.transaction(async (tx) => {
      for (const each of added) await tx.insertJob(each);
    });
    expect(await totals()).toEqual(countedByHand(filename));
    for (const [each, status] of [
      [added[1]!, "executing"],
      [before[0]!, "ready"],
      [added[2]!, "canceled"],
    ] as const) {
      const changed = {
        ...each,
        status,
        updatedAt: new Date(Date.parse(each.updatedAt) + 1000).toISOString(),
      };
      expect(await store.transaction((tx) => tx.updateJob(changed, each))).toBe(true);
    }
    expect(await totals()).toEqual(countedByHand(filename));
    expect(await store.transaction((tx) => tx.deleteJob(before[1]!.id))).toBe(true);
    expect(await totals()).toEqual(countedByHand(filename));
    expect(await store.transaction((tx) => tx.deleteSpace("us_sp_b"))).toBe(true);
    expect(await totals()).toEqual(countedByHand(filename));
    // A transaction that fails leaves the counts as they were.
    await expect(
      store.transaction(async (tx) => {
        await tx.insertJob(job("us_sp_a", "ready"));
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await totals()).toEqual(countedByHand(filename));
  } finally {
    await store.close();
  }
});

it("answers a first page's count from the counts table when it filters by those columns alone", async () => {
  const filename = dbFile();
  const store = await openSqliteStore({ filename });
  try {
    await store.transaction(async (tx) => {
      for (const status of ["ready", "complete", "complete"] as const)
        await tx.insertJob(job("us_sp_a", status));
    });
    const total = async (q: Partial<JobQuery>) =>
      (await store.listJobs({ ...q, sortDirection: "desc", limit: 1, offset: 0 })).total;
    expect(await total({ spaceId: "us_sp_a", status: "complete" })).toBe(2);
    // Changed behind the store's back, the table shows in the counts it serves, and only in those.
    const db = new Database(filename);
    db.prepare("UPDATE job_counts SET n = n + 100 WHERE status = 'complete'").run();
    db.close();
    expect(await total({ spaceId: "us_sp_a", status: "complete" })).toBe(102);
    expect(await total({})).toBe(103);
    // As the jobs service asks: its query's own keys (the page's size and number) ride along and filter nothing.
    expect(await total({ status: "complete", pageSize: 1, pageNumber: 1 } as Partial<JobQuery>)).toBe(102);
    expect(await total({ status: "complete", source: "nothing" })).toBe(0);
    expect(await total({ status: "complete", excludeChildJobs: true })).toBe(2);
    expect(await total({ status: "complete", search: "export" })).toBe(2);
    // A later page counts up to one past itself, from the table as well.
    expect(
      (
        await store.listJobs({
          status: "complete",
          sortDirection: "desc",
          limit: 1,
          offset: 1,
          countLimit: 3,
        })
      ).total,
    ).toBe(3);
  } finally {
    await store.close();
  }
});
