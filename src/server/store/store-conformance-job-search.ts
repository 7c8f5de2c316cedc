import { describe, expect, it } from "vitest";
import type { Job } from "../../core";
import type { JobQuery, Store } from "./store";
import { makeJob } from "./store-fixtures";

const all: JobQuery = { sortDirection: "asc", limit: 1_000, offset: 0 };
const at = (day: number, second = 0) => new Date(Date.UTC(2026, 0, day, 0, 0, second)).toISOString();

/**
 * The conformance tests of job search (`GET /jobs?q=`, its time ranges, `createdBy`, `source`) and keyset pages;
 * `runStoreConformance` runs them on every adapter, so memory, SQLite and PostgreSQL answer the same.
 */
export function describeJobSearchConformance(getStore: () => Store): void {
  const insert = (...jobs: Job[]) =>
    getStore().transaction(async (tx) => {
      for (const job of jobs) await tx.insertJob(job);
    });
  const found = async (query: Partial<JobQuery>) => {
    const page = await getStore().listJobs({ ...all, ...query });
    expect(page.total).toBe(page.items.length);
    return page.items.map((job) => job.id);
  };

  describe("job search", () => {
    const jobs = {
      invoice: makeJob({
        operation: "sync-billing",
        createdAt: at(1),
        outcome: { message: "Invoices for ACME-Corp sent (12 of 12)" },
        status: "complete",
        finishedAt: at(1, 30),
        createdBy: "us_usr_ann",
      }),
      contacts: makeJob({
        operation: "contacts:mark-contacted",
        createdAt: at(2),
        info: "Marking Zürich contacts",
        input: { note: "Call back Friday", nested: { list: ["urgent follow-up", 7] } },
        createdBy: "us_usr_bob",
      }),
      export: makeJob({
        operation: "workbook:export",
        createdAt: at(3),
        source: "us_wb_exports",
        outcome: { message: "Export failed: quota exceeded" },
        status: "failed",
        finishedAt: at(4),
      }),
    };

    const ids = (...names: (keyof typeof jobs)[]) => names.map((name) => jobs[name].id);

    it("finds jobs by a word or the beginning of a word of their operation, info, outcome message and input text", async () => {
      await insert(...Object.values(jobs));
      expect(await found({ search: "acme" })).toEqual(ids("invoice"));
      expect(await found({ search: "INVOIC" })).toEqual(ids("invoice"));
      expect(await found({ search: "billing" })).toEqual(ids("invoice"));
      expect(await found({ search: "zürich" })).toEqual(ids("contacts"));
      expect(await found({ search: "friday" })).toEqual(ids("contacts"));
      expect(await found({ search: "follow" })).toEqual(ids("contacts"));
      expect(await found({ search: "quota" })).toEqual(ids("export"));
      expect(await found({ search: "export" })).toEqual(ids("export"));
      expect(await found({ search: "mark" })).toEqual(ids("contacts"));
      // Every word must begin a word of the job; a word's middle is no match.
      expect(await found({ search: "export quota" })).toEqual(ids("export"));
      expect(await found({ search: "export friday" })).toEqual([]);
      expect(await found({ search: "voices" })).toEqual([]);
      expect(await found({ search: "12" })).toEqual(ids("invoice"));
      expect(await found({ search: "  sent, (ACME)!  " })).toEqual(ids("invoice"));
    });

    it("finds a job by its id exactly, and by nothing but words otherwise", async () => {
      await insert(...Object.values(jobs));
      expect(await found({ search: jobs.export.id })).toEqual(ids("export"));
      expect(await found({ search: jobs.export.id.slice(0, -1) })).toEqual([]);
      expect(await found({ search: "?!" })).toEqual([]);
    });

    it("searches the words a job has now: after an update, and not once it is deleted", async () => {
      await insert(...Object.values(jobs));
      const changed = { ...jobs.contacts, info: "Halfway through Geneva", updatedAt: at(2, 5) };
      await getStore().transaction(async (tx) => {
        expect(
          await tx.updateJob(changed, { status: jobs.contacts.status, updatedAt: jobs.contacts.updatedAt }),
        ).toBe(true);
        expect(await tx.deleteJob(jobs.invoice.id)).toBe(true);
      });
      expect(await found({ search: "geneva" })).toEqual(ids("contacts"));
      expect(await found({ search: "zürich" })).toEqual([]);
      expect(await found({ search: "friday" })).toEqual(ids("contacts"));
      expect(await found({ search: "acme" })).toEqual([]);
    });

    it("combines search with the other filters and counts only the matches", async () => {
      await insert(...Object.values(jobs));
      expect(await found({ search: "e", status: "failed" })).toEqual(ids("export"));
      expect(await found({ search: "export", status: "complete" })).toEqual([]);
      // "corp" and "contacts", newest first: a page of one, counting both.
      const page = await getStore().listJobs({ ...all, search: "c", limit: 1, sortDirection: "desc" });
      expect(page.items.map((job) => job.id)).toEqual(ids("contacts"));
      expect(page.total).toBe(2);
    });

    it("filters by creation and finishing time, creator and source", async () => {
      await insert(...Object.values(jobs));
      expect(await found({ createdFrom: at(2) })).toEqual(ids("contacts", "export"));
      expect(await found({ createdTo: at(2) })).toEqual(ids("invoice"));
      expect(await found({ createdFrom: at(2), createdTo: at(3) })).toEqual(ids("contacts"));
      expect(await found({ finishedFrom: at(1, 30) })).toEqual(ids("invoice", "export"));
      expect(await found({ finishedFrom: at(1, 31) })).toEqual(ids("export"));
      expect(await found({ finishedTo: at(4) })).toEqual(ids("invoice"));
      expect(await found({ createdBy: "us_usr_bob" })).toEqual(ids("contacts"));
      expect(await found({ createdBy: "us_usr_none" })).toEqual([]);
      expect(await found({ source: "us_wb_exports" })).toEqual(ids("export"));
      expect(await found({ source: "us_wb_exports", search: "quota", createdFrom: at(3) })).toEqual(
        ids("export"),
      );
    });
  });

  describe("job search over thousands of jobs", () => {
    // The SQL stores read a search that most of the newest jobs match in the list's order, one that few jobs match
    // through their index, and one that many old jobs match in order again: the answers must not tell them apart.
    it("answers alike whether few jobs match, most of the newest, or many old ones, every word required", async () => {
      const start = Date.UTC(2026, 0, 1);
      const jobs = Array.from({ length: 10_400 }, (_, n) =>
        makeJob({
          createdAt: new Date(start + n * 1_000).toISOString(),
          info: n % 2 === 0 ? "Exported records" : "Exported rows",
          outcome: n % 1_000 === 3 ? { message: "Rate limited" } : undefined,
          input: n < 5_100 ? { note: "Archived" } : undefined,
        }),
      );
      await getStore().transaction(async (tx) => {
        for (const job of jobs) await tx.insertJob(job);
      });
      const page = (search: string, extra: { sortDirection?: "asc" | "desc"; countLimit?: number } = {}) =>
        getStore().listJobs({ search, sortDirection: "desc", limit: 3, offset: 0, ...extra });
      const newest = [...jobs].reverse();

      // Most of the newest match: the page is the newest matches, counted up to the limit asked.
      const many = await page("expo", { countLimit: 10 });
      expect(many.items.map((job) => job.id)).toEqual(newest.slice(0, 3).map((job) => job.id));
      expect(many.total).toBe(10);
      // Just more than the newest jobs hold: counted on through the list, whichever way a store reads it.
      const most = await page("exported", { countLimit: 4_001 });
      expect(most.items.map((job) => job.id)).toEqual(newest.slice(0, 3).map((job) => job.id));
      expect(most.total).toBe(4_001);
      const records = await page("exported rec", { sortDirection: "asc" });
      expect(records.items.map((job) => job.id)).toEqual([jobs[0]!.id, jobs[2]!.id, jobs[4]!.id]);
      expect(records.total).toBe(5_200);
      expect((await page("exported xyz")).items).toEqual([]);
      expect((await page("export rate")).items.map((job) => job.id)).toEqual(
        [jobs[10_003]!, jobs[9_003]!, jobs[8_003]!].map((job) => job.id),
      );
      expect((await page(jobs[17]!.id)).items.map((job) => job.id)).toEqual([jobs[17]!.id]);
      // A word most jobs hold with one few hold: the SQL stores ask their index for the rare one and check the
      // common one on each job it names, which must still leave out the jobs without it.
      expect((await page("rows rate")).items.map((job) => job.id)).toEqual(
        [jobs[10_003]!, jobs[9_003]!, jobs[8_003]!].map((job) => job.id),
      );
      expect((await page("rate records")).items).toEqual([]);
      expect((await page("records rate", { sortDirection: "asc" })).total).toBe(0);
      // Many match, none of them among the newest: read in list order all the same.
      expect((await page("archiv", { countLimit: 4 })).items.map((job) => job.id)).toEqual(
        [jobs[5_099]!, jobs[5_098]!, jobs[5_097]!].map((job) => job.id),
      );
      // The same with another filter, a common word checked on each, and the last page's count.
      const archived = await getStore().listJobs({
        search: "rows archiv",
        createdFrom: jobs[2_000]!.createdAt,
        sortDirection: "desc",
        limit: 3,
        offset: 0,
        countLimit: 4,
      });
      expect(archived.items.map((job) => job.id)).toEqual(
        [jobs[5_099]!, jobs[5_097]!, jobs[5_095]!].map((job) => job.id),
      );
      expect(archived.total).toBe(4);
      const tail = await getStore().listJobs({
        search: "archiv",
        sortDirection: "asc",
        limit: 3,
        offset: 0,
        countLimit: 4,
        after: { createdAt: jobs[5_096]!.createdAt, seq: Number.MAX_SAFE_INTEGER },
      });
      expect(tail.items.map((job) => job.id)).toEqual(
        [jobs[5_097]!, jobs[5_098]!, jobs[5_099]!].map((job) => job.id),
      );
      expect(tail.total).toBe(3);

      // Few match, and the words follow updates and deletes.
      const old = jobs[5]!;
      const changed = {
        ...old,
        outcome: { message: "Quarantined by the bank" },
        updatedAt: jobs[6]!.createdAt,
      };
      await getStore().transaction(async (tx) => {
        expect(await tx.updateJob(changed, { status: old.status, updatedAt: old.updatedAt })).toBe(true);
        expect(await tx.deleteJob(jobs[3]!.id)).toBe(true);
      });
      expect((await page("quarant ban")).items.map((job) => job.id)).toEqual([old.id]);
      expect((await page("rate", { sortDirection: "asc" })).items.map((job) => job.id)).toEqual(
        [jobs[1_003]!, jobs[2_003]!, jobs[3_003]!].map((job) => job.id),
      );
    }, 60_000);
  });

  describe("keyset pages of jobs", () => {
    const walk = async (query: Partial<JobQuery>) => {
      const seen: string[] = [];
      let after: JobQuery["after"];
      for (let pages = 0; pages < 10; pages += 1) {
        const page = await getStore().listJobs({ ...all, ...query, limit: 2, ...(after ? { after } : {}) });
        seen.push(...page.items.map((job) => job.id));
        if (!page.last) break;
        after = page.last;
      }
      return seen;
    };

    it("pages after the last job read, in either order, ties in insertion order", async () => {
      const tied = at(5);
      const list = [
        makeJob({ createdAt: at(4), info: "alpha" }),
        makeJob({ createdAt: tied, info: "alpha" }),
        makeJob({ createdAt: tied }),
        makeJob({ createdAt: tied, info: "alpha" }),
        makeJob({ createdAt: at(6), info: "alpha" }),
      ];
      // Ids against insertion order, so that an order by id would show.
      list.forEach((job, index) => (job.id = `us_jb_${9 - index}`));
      await insert(...list);
      const order = list.map((job) => job.id);
      expect(await walk({})).toEqual(order);
      expect(await walk({ sortDirection: "desc" })).toEqual([...order].reverse());
      const alpha = list.filter((job) => job.info === "alpha").map((job) => job.id);
      expect(await walk({ search: "alp" })).toEqual(alpha);
      expect(await walk({ search: "alp", sortDirection: "desc" })).toEqual([...alpha].reverse());
      const rest = await getStore().listJobs({
        ...all,
        after: { createdAt: tied, seq: Number.MAX_SAFE_INTEGER },
      });
      expect(rest.items.map((job) => job.id)).toEqual(order.slice(4));
    });

    it("has no last position on an empty page", async () => {
      const page = await getStore().listJobs({ ...all, search: "nothing" });
      expect(page).toEqual({ items: [], total: 0 });
    });
  });
}
