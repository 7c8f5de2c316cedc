import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId, type Event, type Job, type Space } from "../../core";
import type { EventQuery, JobQuery, NewEvent, Store } from "./store";
import { describeJobLogConformance } from "./store-conformance-job-logs";
import { describeJobMetricsConformance } from "./store-conformance-job-metrics";
import { describeJobSearchConformance } from "./store-conformance-job-search";
import { describeListenerConformance } from "./store-conformance-listeners";
import { describeMaintenanceConformance } from "./store-conformance-maintenance";
import { describeResourceConformance } from "./store-conformance-resources";
import { ENV, makeEvent, makeJob, makeSpace, nextTime, OTHER_ENV } from "./store-fixtures";

export {
  makeDocument,
  makeEvent,
  makeFile,
  makeJob,
  makeRecord,
  makeSheet,
  makeSnapshot,
  makeSpace,
  makeWorkbook,
} from "./store-fixtures";

const allJobs: JobQuery = { sortDirection: "asc", limit: 1_000, offset: 0 };
const ids = (items: { id: string }[]) => items.map((item) => item.id);
const sorted = (values: string[]) => [...values].sort();

/**
 * The behaviour every `Store` adapter must have, as one Vitest suite. `open` gives a fresh, empty store per test and
 * a `cleanup` that closes it and removes whatever it created.
 */
export function runStoreConformance(
  name: string,
  open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>,
): void {
  describe(`Store conformance: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });

    afterEach(async () => {
      await cleanup();
    });

    const insertJobs = (...jobs: Job[]) =>
      store.transaction(async (tx) => {
        for (const job of jobs) await tx.insertJob(job);
      });
    const appendEvents = (...events: NewEvent[]) =>
      store.transaction(async (tx) => {
        const out: Event[] = [];
        for (const event of events) out.push(await tx.appendEvent(event));
        return out;
      });

    describe("jobs", () => {
      it("inserts and gets a job; unknown ids are undefined", async () => {
        const job = makeJob({
          spaceId: newId("space"),
          predecessorIds: ["us_jb_a"],
          config: { nested: { a: [1] } },
        });
        await insertJobs(job);
        expect(await store.getJob(job.id)).toEqual(job);
        expect(await store.getJob(newId("job"))).toBeUndefined();
      });

      it("returns copies: mutating a read job does not change the stored one", async () => {
        const job = makeJob();
        await insertJobs(job);
        const read = await store.getJob(job.id);
        read!.status = "failed";
        read!.metadata.touched = true;
        expect(await store.getJob(job.id)).toEqual(job);
      });

      it("keeps each document's keys in the order they were written (services compare JSON text)", async () => {
        const job = makeJob({ metadata: { zeta: 1, alpha: { y: 2, b: 3 } }, config: { long_key: 1, k: 2 } });
        const space = makeSpace({ metadata: { long_key: 1, k: 2 } });
        const event = makeEvent({ payload: { long_key: 1, k: { y: 2, b: 3 } } });
        await store.transaction(async (tx) => {
          await tx.insertJob(job);
          await tx.insertSpace(space);
          await tx.appendEvent(event);
        });
        expect(JSON.stringify(await store.getJob(job.id))).toBe(JSON.stringify(job));
        expect(JSON.stringify(await store.getSpace(space.id))).toBe(JSON.stringify(space));
        expect(JSON.stringify((await store.listJobs(allJobs)).items[0])).toBe(JSON.stringify(job));
        expect(JSON.stringify((await store.getEvent(event.id))?.payload)).toBe(JSON.stringify(event.payload));
        const listed = await store.listEvents({ limit: 10, offset: 0 });
        expect(JSON.stringify(listed.items[0]?.payload)).toBe(JSON.stringify(event.payload));
      });

      it("refuses a second job with the same id and keeps the first", async () => {
        const job = makeJob();
        await insertJobs(job);
        await expect(insertJobs({ ...job, operation: "other" })).rejects.toThrow();
        expect(await store.getJob(job.id)).toEqual(job);
      });

      it("updates a job when status and updatedAt still match (compare-and-set)", async () => {
        const job = makeJob({ status: "ready" });
        await insertJobs(job);
        const next: Job = {
          ...job,
          status: "executing",
          progress: 10,
          updatedAt: nextTime(),
          info: "working",
        };
        const ok = await store.transaction((tx) =>
          tx.updateJob(next, { status: job.status, updatedAt: job.updatedAt }),
        );
        expect(ok).toBe(true);
        expect(await store.getJob(job.id)).toEqual(next);
        const listed = await store.listJobs({ ...allJobs, status: "executing" });
        expect(ids(listed.items)).toEqual([job.id]);
      });

      it("refuses an update with a stale status, a stale updatedAt or an unknown id", async () => {
        const job = makeJob({ status: "ready" });
        await insertJobs(job);
        const next: Job = { ...job, status: "executing", updatedAt: nextTime() };
        const results = await store.transaction(async (tx) => [
          await tx.updateJob(next, { status: "created", updatedAt: job.updatedAt }),
          await tx.updateJob(next, { status: job.status, updatedAt: nextTime() }),
          await tx.updateJob({ ...next, id: newId("job") }, { status: job.status, updatedAt: job.updatedAt }),
        ]);
        expect(results).toEqual([false, false, false]);
        expect(await store.getJob(job.id)).toEqual(job);
      });

      it("a second compare-and-set against the same old version fails", async () => {
        const job = makeJob();
        await insertJobs(job);
        const expected = { status: job.status, updatedAt: job.updatedAt };
        const first = { ...job, status: "executing" as const, updatedAt: nextTime() };
        const second = { ...job, status: "canceled" as const, updatedAt: nextTime() };
        expect(await store.transaction((tx) => tx.updateJob(first, expected))).toBe(true);
        expect(await store.transaction((tx) => tx.updateJob(second, expected))).toBe(false);
        expect(await store.getJob(job.id)).toEqual(first);
      });

      it("deletes a job; deleting an unknown job is false", async () => {
        const [a, b] = [makeJob(), makeJob()];
        await insertJobs(a, b);
        expect(await store.transaction((tx) => tx.deleteJob(a.id))).toBe(true);
        expect(await store.transaction((tx) => tx.deleteJob(a.id))).toBe(false);
        expect(await store.getJob(a.id)).toBeUndefined();
        expect(await store.getJob(b.id)).toEqual(b);
      });

      it("lists jobs waiting on a predecessor", async () => {
        const predecessor = makeJob({ status: "executing" });
        const waiting1 = makeJob({ status: "waiting", predecessorIds: ["us_jb_other", predecessor.id] });
        const notWaiting = makeJob({ status: "ready", predecessorIds: [predecessor.id] });
        const waitingOnOther = makeJob({ status: "waiting", predecessorIds: ["us_jb_other"] });
        const waitingNoList = makeJob({ status: "waiting" });
        const waiting2 = makeJob({ status: "waiting", predecessorIds: [predecessor.id] });
        await insertJobs(predecessor, waiting1, notWaiting, waitingOnOther, waitingNoList, waiting2);
        const found = await store.listJobsWaitingOn(predecessor.id);
        expect(sorted(ids(found))).toEqual(sorted([waiting1.id, waiting2.id]));
        expect(found.find((job) => job.id === waiting1.id)).toEqual(waiting1);
        expect(await store.listJobsWaitingOn(newId("job"))).toEqual([]);
      });
    });

    describe("listJobs", () => {
      const spaceA = "us_sp_a";
      const spaceB = "us_sp_b";
      const workbook = "us_wb_target";
      const file = "us_fl_target";
      let parent: Job;
      let fixtures: Record<string, Job>;

      beforeEach(async () => {
        parent = makeJob({ spaceId: spaceA, type: "space", operation: "configure", source: spaceA });
        fixtures = {
          parent,
          byWorkbookId: makeJob({ spaceId: spaceA, workbookId: workbook, source: "us_sh_1", type: "sheet" }),
          bySourceWorkbook: makeJob({ spaceId: spaceA, source: workbook, status: "executing" }),
          byFileId: makeJob({
            spaceId: spaceB,
            fileId: file,
            source: "us_wb_x",
            type: "file",
            operation: "extract",
          }),
          bySourceFile: makeJob({ spaceId: spaceB, source: file, type: "file", mode: "background" }),
          child: makeJob({
            spaceId: spaceA,
            parentId: parent.id,
            status: "complete",
            mode: "toolbarBlocking",
          }),
          otherEnv: makeJob({ environmentId: OTHER_ENV, status: "failed", operation: "submit" }),
        };
        await insertJobs(...Object.values(fixtures));
      });

      /** The jobs `query` lists, oldest first, and its count. */
      const expectListed = async (query: Partial<JobQuery>, jobs: Job[]) => {
        const result = await store.listJobs({ ...allJobs, ...query });
        expect(ids(result.items)).toEqual(ids(jobs));
        expect(result.total).toBe(jobs.length);
      };

      const expectIds = async (query: Partial<JobQuery>, names: string[]) => {
        const result = await store.listJobs({ ...allJobs, ...query });
        expect(sorted(ids(result.items))).toEqual(sorted(names.map((n) => fixtures[n]!.id)));
        expect(result.total).toBe(names.length);
      };

      it("returns everything without filters", async () => {
        await expectIds({}, Object.keys(fixtures));
      });

      it("filters by environmentId", async () => {
        await expectIds({ environmentId: OTHER_ENV }, ["otherEnv"]);
        await expectIds(
          { environmentId: ENV },
          Object.keys(fixtures).filter((n) => n !== "otherEnv"),
        );
      });

      it("filters by spaceId", async () => {
        await expectIds({ spaceId: spaceA }, ["parent", "byWorkbookId", "bySourceWorkbook", "child"]);
        await expectIds({ spaceId: spaceB }, ["byFileId", "bySourceFile"]);
        await expectIds({ spaceId: "us_sp_none" }, []);
      });

      it("filters by workbookId, matching workbookId or source", async () => {
        await expectIds({ workbookId: workbook }, ["byWorkbookId", "bySourceWorkbook"]);
      });

      it("filters by fileId, matching fileId or source", async () => {
        await expectIds({ fileId: file }, ["byFileId", "bySourceFile"]);
      });

      it("filters by parentId and excludes child jobs", async () => {
        await expectIds({ parentId: parent.id }, ["child"]);
        await expectIds(
          { excludeChildJobs: true },
          Object.keys(fixtures).filter((n) => n !== "child"),
        );
        await expectIds({ excludeChildJobs: false }, Object.keys(fixtures));
      });

      it("filters by the job run again (rerunOf)", async () => {
        const old = fixtures.child!;
        const again = makeJob({ spaceId: spaceA, rerunOf: old.id, status: "failed" });
        const againLater = makeJob({ spaceId: spaceA, rerunOf: old.id });
        const ofAnother = makeJob({ spaceId: spaceA, rerunOf: parent.id });
        await insertJobs(again, againLater, ofAnother);
        const page = await store.listJobs({ ...allJobs, rerunOf: old.id });
        expect(ids(page.items)).toEqual([again.id, againLater.id]);
        expect(page.total).toBe(2);
        const newest = await store.listJobs({
          ...allJobs,
          rerunOf: old.id,
          spaceId: spaceA,
          sortDirection: "desc",
        });
        expect(ids(newest.items)).toEqual([againLater.id, again.id]);
        expect((await store.listJobs({ ...allJobs, rerunOf: old.id, spaceId: spaceB })).total).toBe(0);
        expect((await store.listJobs({ ...allJobs, rerunOf: "us_jb_none" })).items).toEqual([]);
      });

      it("filters by a job the jobs wait or waited for (predecessorId), until they are deleted", async () => {
        const first = fixtures.parent!;
        const second = fixtures.child!;
        const afterBoth = makeJob({
          spaceId: spaceA,
          predecessorIds: [first.id, second.id],
          status: "waiting",
        });
        const afterFirst = makeJob({ spaceId: spaceB, predecessorIds: [first.id], status: "complete" });
        const afterOther = makeJob({ spaceId: spaceA, predecessorIds: ["us_jb_other"] });
        await insertJobs(afterBoth, afterFirst, afterOther);
        await expectListed({ predecessorId: first.id }, [afterBoth, afterFirst]);
        await expectListed({ predecessorId: second.id }, [afterBoth]);
        await expectListed({ predecessorId: first.id, spaceId: spaceB }, [afterFirst]);
        await expectListed({ predecessorId: "us_jb_none" }, []);
        await store.transaction((tx) => tx.deleteJob(afterBoth.id));
        await expectListed({ predecessorId: first.id }, [afterFirst]);
        await expectListed({ predecessorId: second.id }, []);
      });

      it("filters by status, operation, type and mode", async () => {
        await expectIds({ status: "executing" }, ["bySourceWorkbook"]);
        await expectIds({ status: "waiting" }, []);
        await expectIds({ operation: "extract" }, ["byFileId"]);
        await expectIds({ operation: "submit" }, ["otherEnv"]);
        await expectIds({ type: "file" }, ["byFileId", "bySourceFile"]);
        await expectIds({ type: "sheet" }, ["byWorkbookId"]);
        await expectIds({ mode: "background" }, ["bySourceFile"]);
        await expectIds({ mode: "toolbarBlocking" }, ["child"]);
      });

      it("combines filters", async () => {
        await expectIds({ spaceId: spaceB, type: "file", mode: "foreground" }, ["byFileId"]);
        await expectIds({ spaceId: spaceA, excludeChildJobs: true, status: "ready" }, [
          "parent",
          "byWorkbookId",
        ]);
      });

      it("sorts by createdAt ascending or descending", async () => {
        const order = Object.values(fixtures).map((job) => job.id);
        expect(ids((await store.listJobs(allJobs)).items)).toEqual(order);
        expect(ids((await store.listJobs({ ...allJobs, sortDirection: "desc" })).items)).toEqual(
          [...order].reverse(),
        );
      });

      it("breaks createdAt ties by insertion order", async () => {
        const at = nextTime();
        const tied = [makeJob({ createdAt: at }), makeJob({ createdAt: at }), makeJob({ createdAt: at })];
        // Ids chosen so that id order differs from insertion order.
        tied[0]!.id = "us_jb_zzz";
        tied[1]!.id = "us_jb_aaa";
        tied[2]!.id = "us_jb_mmm";
        await insertJobs(...tied);
        const asc = ids((await store.listJobs(allJobs)).items).slice(-3);
        expect(asc).toEqual(["us_jb_zzz", "us_jb_aaa", "us_jb_mmm"]);
        const desc = ids((await store.listJobs({ ...allJobs, sortDirection: "desc" })).items).slice(0, 3);
        expect(desc).toEqual(["us_jb_mmm", "us_jb_aaa", "us_jb_zzz"]);
      });

      it("pages with limit and offset and reports the total of all matches", async () => {
        const order = Object.values(fixtures).map((job) => job.id);
        const first = await store.listJobs({ ...allJobs, limit: 3, offset: 0 });
        expect(ids(first.items)).toEqual(order.slice(0, 3));
        expect(first.total).toBe(order.length);
        const second = await store.listJobs({ ...allJobs, limit: 3, offset: 3 });
        expect(ids(second.items)).toEqual(order.slice(3, 6));
        const last = await store.listJobs({ ...allJobs, limit: 3, offset: 6 });
        expect(ids(last.items)).toEqual(order.slice(6));
        const beyond = await store.listJobs({ ...allJobs, limit: 3, offset: 100 });
        expect(beyond).toEqual({ items: [], total: order.length });
        const descPage = await store.listJobs({ ...allJobs, sortDirection: "desc", limit: 2, offset: 1 });
        expect(ids(descPage.items)).toEqual([...order].reverse().slice(1, 3));
        const filtered = await store.listJobs({ ...allJobs, spaceId: spaceA, limit: 1, offset: 1 });
        expect(filtered.total).toBe(4);
        expect(ids(filtered.items)).toEqual([fixtures.byWorkbookId!.id]);
      });

      it("counts at most countLimit matches, none with 0, and pages the same", async () => {
        const order = Object.values(fixtures).map((job) => job.id);
        const bounded = await store.listJobs({ ...allJobs, limit: 2, offset: 2, countLimit: 5 });
        expect(bounded.total).toBe(5);
        expect(ids(bounded.items)).toEqual(order.slice(2, 4));
        const past = await store.listJobs({
          ...allJobs,
          spaceId: spaceA,
          limit: 2,
          offset: 2,
          countLimit: 5,
        });
        expect(past.total).toBe(4);
        const none = await store.listJobs({
          ...allJobs,
          status: "ready",
          limit: 10,
          offset: 0,
          countLimit: 0,
        });
        expect(none.total).toBe(0);
        const ready = Object.values(fixtures).filter((job) => job.status === "ready");
        expect(sorted(ids(none.items))).toEqual(sorted(ids(ready)));
      });
    });

    describe("spaces", () => {
      it("inserts, gets and updates a space", async () => {
        const space = makeSpace({ name: "Imports", metadata: { team: "data" } });
        await store.transaction((tx) => tx.insertSpace(space));
        expect(await store.getSpace(space.id)).toEqual(space);
        expect(await store.getSpace(newId("space"))).toBeUndefined();
        const renamed: Space = { ...space, name: "Exports", updatedAt: nextTime() };
        expect(await store.transaction((tx) => tx.updateSpace(renamed))).toBe(true);
        expect(await store.getSpace(space.id)).toEqual(renamed);
        const unknown = makeSpace();
        expect(await store.transaction((tx) => tx.updateSpace(unknown))).toBe(false);
        expect(await store.getSpace(unknown.id)).toBeUndefined();
      });

      it("refuses a second space with the same id", async () => {
        const space = makeSpace();
        await store.transaction((tx) => tx.insertSpace(space));
        await expect(
          store.transaction((tx) => tx.insertSpace({ ...space, name: "Other" })),
        ).rejects.toThrow();
        expect(await store.getSpace(space.id)).toEqual(space);
      });

      it("lists spaces in insertion order, filtered by environment and a case-insensitive search, paged", async () => {
        const spaces = [
          makeSpace({ name: "Customer Onboarding" }),
          makeSpace({ name: "Vendor import" }),
          makeSpace({ name: "customer returns" }),
          makeSpace({ name: "Other env customers", environmentId: OTHER_ENV }),
          makeSpace({ name: "Payroll" }),
        ];
        await store.transaction(async (tx) => {
          for (const space of spaces) await tx.insertSpace(space);
        });
        const all = await store.listSpaces({ limit: 100, offset: 0 });
        expect(ids(all.items)).toEqual(ids(spaces));
        expect(all.total).toBe(5);

        const env = await store.listSpaces({ environmentId: ENV, limit: 100, offset: 0 });
        expect(ids(env.items)).toEqual(ids(spaces.filter((s) => s.environmentId === ENV)));

        const search = await store.listSpaces({ search: "CUSTOMER", limit: 100, offset: 0 });
        expect(ids(search.items)).toEqual(ids([spaces[0]!, spaces[2]!, spaces[3]!]));
        const both = await store.listSpaces({
          search: "customer",
          environmentId: ENV,
          limit: 100,
          offset: 0,
        });
        expect(ids(both.items)).toEqual(ids([spaces[0]!, spaces[2]!]));
        expect(both.total).toBe(2);

        const paged = await store.listSpaces({ limit: 2, offset: 2 });
        expect(ids(paged.items)).toEqual(ids(spaces.slice(2, 4)));
        expect(paged.total).toBe(5);
        const searchPaged = await store.listSpaces({ search: "customer", limit: 1, offset: 1 });
        expect(searchPaged).toEqual({ items: [spaces[2]], total: 3 });
      });

      it("deletes a space together with its jobs only", async () => {
        const [space, other] = [makeSpace(), makeSpace()];
        const jobs = [
          makeJob({ spaceId: space.id }),
          makeJob({ spaceId: other.id }),
          makeJob({ spaceId: space.id }),
        ];
        await store.transaction(async (tx) => {
          await tx.insertSpace(space);
          await tx.insertSpace(other);
          for (const job of jobs) await tx.insertJob(job);
        });
        expect(await store.transaction((tx) => tx.deleteSpace(space.id))).toBe(true);
        expect(await store.getSpace(space.id)).toBeUndefined();
        expect(await store.getJob(jobs[0]!.id)).toBeUndefined();
        expect(await store.getJob(jobs[2]!.id)).toBeUndefined();
        expect(await store.getJob(jobs[1]!.id)).toEqual(jobs[1]);
        expect(await store.getSpace(other.id)).toEqual(other);
        expect((await store.listJobs(allJobs)).total).toBe(1);
        expect(await store.transaction((tx) => tx.deleteSpace(space.id))).toBe(false);
      });

      it("deleting an unknown space deletes nothing", async () => {
        const orphan = makeJob({ spaceId: "us_sp_never_created" });
        await insertJobs(orphan);
        expect(await store.transaction((tx) => tx.deleteSpace("us_sp_never_created"))).toBe(false);
        expect(await store.getJob(orphan.id)).toEqual(orphan);
      });
    });

    describe("events", () => {
      it("an empty log has last position 0 and nothing to read", async () => {
        expect(await store.lastEventPosition()).toBe(0);
        expect(await store.readEventsAfter(0, 10)).toEqual([]);
        expect(await store.listEvents({ limit: 10, offset: 0 })).toEqual({ items: [], total: 0 });
      });

      it("gives appended events dense increasing positions from 1, across transactions", async () => {
        const first = await appendEvents(makeEvent(), makeEvent());
        const second = await appendEvents(makeEvent());
        expect([...first, ...second].map((e) => e.position)).toEqual([1, 2, 3]);
        expect(await store.lastEventPosition()).toBe(3);
      });

      it("returns the stored event from appendEvent and getEvent", async () => {
        const input = makeEvent({
          topic: "job:ready",
          payload: { job: "workbook:export", progress: 0 },
          context: { spaceId: "us_sp_1", jobId: "us_jb_1", slugs: { space: "s" } },
        });
        const [stored] = await appendEvents(input);
        expect(stored).toEqual({ ...input, position: 1 });
        expect(await store.getEvent(input.id)).toEqual({ ...input, position: 1 });
        expect(await store.getEvent(newId("event"))).toBeUndefined();
      });

      it("reads events after a position, in order, up to a limit", async () => {
        const appended = await appendEvents(...Array.from({ length: 7 }, () => makeEvent()));
        expect(await store.readEventsAfter(0, 100)).toEqual(appended);
        expect((await store.readEventsAfter(2, 3)).map((e) => e.position)).toEqual([3, 4, 5]);
        expect((await store.readEventsAfter(5, 10)).map((e) => e.position)).toEqual([6, 7]);
        expect(await store.readEventsAfter(7, 10)).toEqual([]);
        expect(await store.readEventsAfter(100, 10)).toEqual([]);
      });

      it("reads the events of a space, a domain or topics after a position, up to `through`, in the database", async () => {
        const event = (spaceId: string | undefined, topic: string, domain = topic.split(":")[0] as string) =>
          makeEvent({ topic, domain, context: spaceId ? { spaceId } : {} });
        await appendEvents(
          event("us_sp_a", "job:created"), // 1
          event("us_sp_b", "job:created"), // 2
          event("us_sp_a", "records:created", "workbook"), // 3
          event(undefined, "space:created", "space"), // 4
          event("us_sp_a", "job:completed"), // 5
          event("us_sp_b", "job:updated"), // 6
          event("us_sp_a", "job:updated"), // 7
        );
        const positions = async (
          after: number,
          limit: number,
          range: Parameters<Store["readEventsAfter"]>[2],
        ) => (await store.readEventsAfter(after, limit, range)).map((e) => e.position);
        expect(await positions(0, 100, { filter: { spaceId: "us_sp_a" } })).toEqual([1, 3, 5, 7]);
        expect(await positions(1, 2, { filter: { spaceId: "us_sp_a" } })).toEqual([3, 5]);
        expect(await positions(0, 100, { through: 5, filter: { spaceId: "us_sp_a" } })).toEqual([1, 3, 5]);
        expect(await positions(5, 100, { through: 6, filter: { spaceId: "us_sp_a" } })).toEqual([]);
        expect(await positions(0, 100, { filter: { domain: "job" } })).toEqual([1, 2, 5, 6, 7]);
        expect(await positions(0, 100, { filter: { topics: ["job:updated", "*:created"] } })).toEqual([
          1, 2, 3, 4, 6, 7,
        ]);
        expect(await positions(0, 100, { filter: { topics: ["file:*"] } })).toEqual([]);
        expect(
          await positions(0, 100, { filter: { spaceId: "us_sp_b", domain: "job", topics: ["job:**"] } }),
        ).toEqual([2, 6]);
        expect(await positions(2, 3, { through: 6 })).toEqual([3, 4, 5]);
        expect(await positions(4, 10, { through: 6 })).toEqual([5, 6]);
        expect(await store.readEventsAfter(0, 100, { filter: { spaceId: "us_sp_b" } })).toEqual(
          (await store.readEventsAfter(0, 100)).filter((e) => e.context.spaceId === "us_sp_b"),
        );
      });

      it("lists events oldest first with filters and paging", async () => {
        const events = await appendEvents(
          makeEvent({ topic: "job:created", domain: "job", context: { spaceId: "us_sp_a" } }),
          makeEvent({ topic: "job:ready", domain: "job", context: { spaceId: "us_sp_b" } }),
          makeEvent({ topic: "space:created", domain: "space", context: { spaceId: "us_sp_a" } }),
          makeEvent({ topic: "job:completed", domain: "job", context: { spaceId: "us_sp_a" } }),
          makeEvent({ topic: "workbook:updated", domain: "workbook", context: { environmentId: OTHER_ENV } }),
        );
        const [e1, e2, e3, e4, e5] = events as [Event, Event, Event, Event, Event];
        const list = async (query: Partial<EventQuery>) =>
          (await store.listEvents({ limit: 100, offset: 0, ...query })).items.map((e) => e.id);

        expect(await list({})).toEqual(ids(events));
        expect(await list({ environmentId: OTHER_ENV })).toEqual([e5.id]);
        expect(await list({ spaceId: "us_sp_a" })).toEqual([e1.id, e3.id, e4.id]);
        expect(await list({ domain: "job" })).toEqual([e1.id, e2.id, e4.id]);
        expect(await list({ topic: "job:ready" })).toEqual([e2.id]);
        expect(await list({ topic: "job:*" })).toEqual([e1.id, e2.id, e4.id]);
        expect(await list({ topic: "*:created" })).toEqual([e1.id, e3.id]);
        expect(await list({ topic: "**" })).toEqual(ids(events));
        expect(await list({ topic: "job" })).toEqual([]);
        expect(await list({ since: e3.createdAt })).toEqual([e3.id, e4.id, e5.id]);
        expect(await list({ spaceId: "us_sp_a", topic: "job:*" })).toEqual([e1.id, e4.id]);

        const paged = await store.listEvents({ domain: "job", limit: 2, offset: 1 });
        expect(paged.items).toEqual([e2, e4]);
        expect(paged.total).toBe(3);
        const beyond = await store.listEvents({ limit: 2, offset: 10 });
        expect(beyond).toEqual({ items: [], total: 5 });
      });

      it("lists one job's events, in log order, with the other filters and a bounded count", async () => {
        const [jobA, jobB] = ["us_jb_timeline_a", "us_jb_timeline_b"];
        const events = await appendEvents(
          makeEvent({ topic: "job:created", context: { spaceId: "us_sp_a", jobId: jobA } }),
          makeEvent({ topic: "job:created", context: { spaceId: "us_sp_a", jobId: jobB } }),
          makeEvent({ topic: "space:updated", domain: "space", context: { spaceId: "us_sp_a" } }),
          makeEvent({ topic: "job:started", context: { spaceId: "us_sp_a", jobId: jobA } }),
          makeEvent({ topic: "job:completed", context: { spaceId: "us_sp_a", jobId: jobA } }),
        );
        const [a1, b1, , a2, a3] = events as [Event, Event, Event, Event, Event];
        const list = (query: Partial<EventQuery>) => store.listEvents({ limit: 100, offset: 0, ...query });

        expect(await list({ jobId: jobA })).toEqual({ items: [a1, a2, a3], total: 3 });
        expect(await list({ jobId: jobB })).toEqual({ items: [b1], total: 1 });
        expect(await list({ jobId: "us_jb_none" })).toEqual({ items: [], total: 0 });
        expect((await list({ jobId: jobA, topic: "job:c*" })).items).toEqual([a1, a3]);
        expect((await list({ jobId: jobA, spaceId: "us_sp_b" })).items).toEqual([]);
        expect(await list({ jobId: jobA, limit: 1, offset: 1, countLimit: 2 })).toEqual({
          items: [a2],
          total: 2,
        });
        expect((await list({ countLimit: 0 })).total).toBe(0);
      });

      it("acknowledges an event once, idempotently; unknown ids are false", async () => {
        const [a, b] = await appendEvents(makeEvent(), makeEvent());
        const firstAt = nextTime();
        expect(await store.transaction((tx) => tx.ackEvent(a!.id, firstAt))).toBe(true);
        expect(await store.transaction((tx) => tx.ackEvent(a!.id, nextTime()))).toBe(true);
        expect(await store.transaction((tx) => tx.ackEvent(newId("event"), nextTime()))).toBe(false);
        expect(await store.getEvent(a!.id)).toEqual({ ...a, acknowledgedAt: firstAt });
        expect((await store.getEvent(b!.id))?.acknowledgedAt).toBeUndefined();

        const hidden = await store.listEvents({ includeAcknowledged: false, limit: 10, offset: 0 });
        expect(hidden).toEqual({ items: [b], total: 1 });
        const shown = await store.listEvents({ includeAcknowledged: true, limit: 10, offset: 0 });
        expect(shown.items.map((e) => e.id)).toEqual([a!.id, b!.id]);
        const byDefault = await store.listEvents({ limit: 10, offset: 0 });
        expect(byDefault.items[0]).toEqual({ ...a, acknowledgedAt: firstAt });
        expect((await store.readEventsAfter(0, 1))[0]?.acknowledgedAt).toBe(firstAt);
        expect(await store.lastEventPosition()).toBe(2);
      });
    });

    describeResourceConformance(() => store);
    describeMaintenanceConformance(() => store);
    describeJobLogConformance(() => store);
    describeListenerConformance(() => store);
    describeJobSearchConformance(() => store);
    describeJobMetricsConformance(() => store);

    describe("transactions", () => {
      it("sees its own writes inside the transaction", async () => {
        const job = makeJob();
        const space = makeSpace();
        await store.transaction(async (tx) => {
          await tx.insertJob(job);
          await tx.insertSpace(space);
          const event = await tx.appendEvent(makeEvent());
          expect(await tx.getJob(job.id)).toEqual(job);
          expect((await tx.listJobs(allJobs)).total).toBe(1);
          expect(await tx.getSpace(space.id)).toEqual(space);
          expect(await tx.getEvent(event.id)).toEqual(event);
          expect(await tx.lastEventPosition()).toBe(1);
          expect(await tx.readEventsAfter(0, 10)).toEqual([event]);
        });
      });

      it("returns the work's result", async () => {
        expect(await store.transaction(async () => 42)).toBe(42);
      });

      it("rolls back everything when the work throws, and emits nothing", async () => {
        const committed = await appendEvents(makeEvent());
        const existing = makeJob();
        const space = makeSpace();
        await store.transaction(async (tx) => {
          await tx.insertJob(existing);
          await tx.insertSpace(space);
        });
        const emitted: Event[][] = [];
        store.onCommit((events) => emitted.push(events));

        const job = makeJob();
        const event = makeEvent();
        const failure = new Error("boom");
        await expect(
          store.transaction(async (tx) => {
            await tx.insertJob(job);
            await tx.appendEvent(event);
            await tx.appendEvent(makeEvent());
            await tx.updateJob(
              { ...existing, status: "executing", updatedAt: nextTime() },
              { status: existing.status, updatedAt: existing.updatedAt },
            );
            await tx.ackEvent(committed[0]!.id, nextTime());
            await tx.updateSpace({ ...space, name: "Renamed" });
            await tx.deleteSpace(space.id);
            await new Promise((resolve) => setTimeout(resolve, 0));
            throw failure;
          }),
        ).rejects.toBe(failure);

        expect(await store.getJob(job.id)).toBeUndefined();
        expect(await store.getEvent(event.id)).toBeUndefined();
        expect(await store.getJob(existing.id)).toEqual(existing);
        expect(await store.getSpace(space.id)).toEqual(space);
        expect(await store.getEvent(committed[0]!.id)).toEqual(committed[0]);
        expect(await store.lastEventPosition()).toBe(1);
        expect(emitted).toEqual([]);

        // The next append takes the position right after the last committed one.
        const [next] = await appendEvents(makeEvent());
        expect(next!.position).toBe(2);
      });

      it("keeps working after a failed transaction", async () => {
        await expect(store.transaction(() => Promise.reject(new Error("first")))).rejects.toThrow("first");
        const job = makeJob();
        await insertJobs(job);
        expect(await store.getJob(job.id)).toEqual(job);
      });

      it("emits exactly the committed events, in position order, once per commit; unsubscribe stops it", async () => {
        const emitted: Event[][] = [];
        const unsubscribe = store.onCommit((events) => emitted.push(events));
        const first = await appendEvents(
          makeEvent({ topic: "job:created" }),
          makeEvent({ topic: "job:ready" }),
        );
        await insertJobs(makeJob()); // no events: no emission
        const second = await appendEvents(makeEvent({ topic: "job:completed" }));
        expect(emitted).toEqual([first, second]);
        expect(emitted.flat().map((e) => e.position)).toEqual([1, 2, 3]);

        unsubscribe();
        await appendEvents(makeEvent());
        expect(emitted).toHaveLength(2);
      });

      it("emits after the commit, when the events are readable outside the transaction", async () => {
        const seen: (Event | undefined)[] = [];
        const reads: Promise<void>[] = [];
        store.onCommit((events) => {
          reads.push(store.getEvent(events[0]!.id).then((event) => void seen.push(event)));
        });
        const [event] = await appendEvents(makeEvent());
        await Promise.all(reads);
        expect(seen).toEqual([event]);
      });

      it("never interleaves concurrent transactions", async () => {
        const counter = makeJob({ progress: 0 });
        await insertJobs(counter);
        const increment = () =>
          store.transaction(async (tx) => {
            const current = (await tx.getJob(counter.id))!;
            await new Promise((resolve) => setTimeout(resolve, 0));
            const next: Job = { ...current, progress: current.progress + 1, updatedAt: nextTime() };
            return tx.updateJob(next, { status: current.status, updatedAt: current.updatedAt });
          });
        expect(await Promise.all([increment(), increment()])).toEqual([true, true]);
        expect((await store.getJob(counter.id))!.progress).toBe(2);
      });

      it("runs independent read-modify-writes of one job one after the other, and numbers their events densely", async () => {
        const counter = makeJob({ progress: 0 });
        await insertJobs(counter);
        const emitted: number[] = [];
        store.onCommit((events) => emitted.push(...events.map((e) => e.position)));
        const increment = () =>
          store.transaction(
            async (tx) => {
              const current = (await tx.getJob(counter.id))!;
              await new Promise((resolve) => setTimeout(resolve, 0));
              const next: Job = { ...current, progress: current.progress + 1, updatedAt: nextTime() };
              const written = await tx.updateJob(next, {
                status: current.status,
                updatedAt: current.updatedAt,
              });
              const event = await tx.appendEvent(makeEvent());
              return { written, event };
            },
            { independent: true },
          );
        const results = await Promise.all(Array.from({ length: 10 }, increment));
        expect(results.map((result) => result.written)).toEqual(Array.from({ length: 10 }, () => true));
        expect((await store.getJob(counter.id))!.progress).toBe(10);
        const expected = Array.from({ length: 10 }, (_, i) => i + 1);
        expect(results.map((result) => result.event.position).sort((a, b) => a - b)).toEqual(expected);
        expect(emitted).toEqual(expected);
      });

      it("gives 200 concurrent single-event transactions the positions 1..200 without gaps", async () => {
        const emitted: number[] = [];
        store.onCommit((events) => emitted.push(...events.map((e) => e.position)));
        const results = await Promise.all(
          Array.from({ length: 200 }, () => store.transaction((tx) => tx.appendEvent(makeEvent()))),
        );
        const expected = Array.from({ length: 200 }, (_, i) => i + 1);
        expect(results.map((e) => e.position).sort((a, b) => a - b)).toEqual(expected);
        expect(emitted).toEqual(expected);
        expect(await store.lastEventPosition()).toBe(200);
        expect((await store.readEventsAfter(0, 1_000)).map((e) => e.position)).toEqual(expected);
      });

      it("rolls back only the failing one of many concurrent transactions", async () => {
        const emitted: number[] = [];
        store.onCommit((events) => emitted.push(...events.map((e) => e.position)));
        const outcomes = await Promise.allSettled(
          Array.from({ length: 30 }, (_, i) =>
            store.transaction(async (tx) => {
              const job = makeJob();
              await tx.insertJob(job);
              await tx.appendEvent(makeEvent());
              if (i % 3 === 1) throw new Error(`refused ${i}`);
              return job.id;
            }),
          ),
        );
        const committed = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
        expect(committed).toHaveLength(20);
        expect(outcomes.filter((o) => o.status === "rejected")).toHaveLength(10);
        const stored = await store.listJobs({ sortDirection: "asc", limit: 100, offset: 0 });
        expect(stored.items.map((j) => j.id).sort()).toEqual([...committed].sort());
        const expected = Array.from({ length: 20 }, (_, i) => i + 1);
        expect(emitted).toEqual(expected);
        expect((await store.readEventsAfter(0, 100)).map((e) => e.position)).toEqual(expected);
      });
    });
  });
}
