import { expect, it } from "vitest";
import { makeJob } from "../store-fixtures";
import { openSqliteStore } from "./sqlite-store";

it("answers a search that thousands of jobs match as one that few match: in list order, every word required", async () => {
  const store = await openSqliteStore({ filename: ":memory:" });
  try {
    const start = Date.UTC(2026, 0, 1);
    const jobs = Array.from({ length: 10_400 }, (_, n) =>
      makeJob({
        createdAt: new Date(start + n * 1_000).toISOString(),
        info: n % 2 === 0 ? "Exported records" : "Exported rows",
        outcome: n % 1_000 === 3 ? { message: "Rate limited" } : undefined,
        input: n < 5_100 ? { note: "Archived" } : undefined,
      }),
    );
    await store.transaction(async (tx) => {
      for (const job of jobs) await tx.insertJob(job);
    });
    const page = (search: string, extra: { sortDirection?: "asc" | "desc"; countLimit?: number } = {}) =>
      store.listJobs({ search, sortDirection: "desc", limit: 3, offset: 0, ...extra });
    const newest = [...jobs].reverse();

    // Many match (5,000 or more: read in list order): the page is the newest matches, counted up to the limit asked.
    const many = await page("expo", { countLimit: 10 });
    expect(many.items.map((job) => job.id)).toEqual(newest.slice(0, 3).map((job) => job.id));
    expect(many.total).toBe(10);
    const records = await page("exported rec", { sortDirection: "asc" });
    expect(records.items.map((job) => job.id)).toEqual([jobs[0]!.id, jobs[2]!.id, jobs[4]!.id]);
    expect(records.total).toBe(5_200);
    expect((await page("exported xyz")).items).toEqual([]);
    expect((await page("export rate")).items.map((job) => job.id)).toEqual(
      [jobs[10_003]!, jobs[9_003]!, jobs[8_003]!].map((job) => job.id),
    );
    expect((await page(jobs[17]!.id)).items.map((job) => job.id)).toEqual([jobs[17]!.id]);
    // Many match, none of them among the newest: read in list order all the same.
    expect((await page("archiv", { countLimit: 4 })).items.map((job) => job.id)).toEqual(
      [jobs[5_099]!, jobs[5_098]!, jobs[5_097]!].map((job) => job.id),
    );

    // Few match (read through the words' index), which triggers keep in step with updates and deletes.
    const old = jobs[5]!;
    const changed = {
      ...old,
      outcome: { message: "Quarantined by the bank" },
      updatedAt: jobs[6]!.createdAt,
    };
    await store.transaction(async (tx) => {
      expect(await tx.updateJob(changed, { status: old.status, updatedAt: old.updatedAt })).toBe(true);
      expect(await tx.deleteJob(jobs[3]!.id)).toBe(true);
    });
    expect((await page("quarant ban")).items.map((job) => job.id)).toEqual([old.id]);
    expect((await page("rate", { sortDirection: "asc" })).items.map((job) => job.id)).toEqual(
      [jobs[1_003]!, jobs[2_003]!, jobs[3_003]!].map((job) => job.id),
    );
  } finally {
    await store.close();
  }
});
