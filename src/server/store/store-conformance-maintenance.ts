import { describe, expect, it } from "vitest";
import type { Action, Event } from "../../core";
import type { NewEvent, Store } from "./store";
import {
  makeDocument,
  makeEvent,
  makeFile,
  makeJob,
  makeSheet,
  makeSpace,
  makeWorkbook,
} from "./store-fixtures";

const hourly: Action = { operation: "refresh", label: "Refresh", schedule: "hourly" };
const plain: Action = { operation: "export", label: "Export" };

/** Minute `m` of a fixed day, as ISO text. */
const minute = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();

/**
 * The conformance tests of what the maintenance duties need (scheduler, watchdog, retention); `runStoreConformance`
 * runs them on every adapter. `getStore` gives the fresh store of the current test.
 */
export function describeMaintenanceConformance(getStore: () => Store): void {
  const append = (...events: NewEvent[]) =>
    getStore().transaction(async (tx) => {
      const out: Event[] = [];
      for (const event of events) out.push(await tx.appendEvent(event));
      return out;
    });
  /** One event per minute 0..count-1. */
  const appendMinutes = (count: number) =>
    append(...Array.from({ length: count }, (_, m) => makeEvent({ createdAt: minute(m) })));
  const positions = async () => (await getStore().readEventsAfter(0, 1_000)).map((e) => e.position);

  describe("jobs by last change", () => {
    it("filters with updatedBefore (strictly before), combined with status", async () => {
      const store = getStore();
      const old = makeJob({ status: "ready", createdAt: minute(0), updatedAt: minute(1) });
      const edge = makeJob({ status: "ready", createdAt: minute(0), updatedAt: minute(5) });
      const fresh = makeJob({ status: "ready", createdAt: minute(0), updatedAt: minute(9) });
      const oldExecuting = makeJob({ status: "executing", createdAt: minute(0), updatedAt: minute(1) });
      await store.transaction(async (tx) => {
        for (const job of [old, edge, fresh, oldExecuting]) await tx.insertJob(job);
      });
      const list = async (status?: "ready") =>
        (
          await store.listJobs({
            updatedBefore: minute(5),
            status,
            sortDirection: "asc",
            limit: 10,
            offset: 0,
          })
        ).items.map((job) => job.id);
      expect(await list("ready")).toEqual([old.id]);
      expect((await list()).sort()).toEqual([old.id, oldExecuting.id].sort());
    });
  });

  describe("event retention", () => {
    it("an empty log has first position 0; pruning it deletes nothing", async () => {
      const store = getStore();
      expect(await store.firstEventPosition()).toBe(0);
      expect(await store.transaction((tx) => tx.pruneEvents(minute(60), 100))).toBe(0);
    });

    it("deletes the oldest events created before the time, at most `limit` per call", async () => {
      const store = getStore();
      await appendMinutes(10);
      expect(await store.firstEventPosition()).toBe(1);
      expect(await store.transaction((tx) => tx.pruneEvents(minute(6), 4))).toBe(4);
      expect(await store.firstEventPosition()).toBe(5);
      expect(await store.transaction((tx) => tx.pruneEvents(minute(6), 4))).toBe(2);
      expect(await store.transaction((tx) => tx.pruneEvents(minute(6), 4))).toBe(0);
      expect(await positions()).toEqual([7, 8, 9, 10]);
      expect(await store.firstEventPosition()).toBe(7);
      expect(await store.lastEventPosition()).toBe(10);
    });

    it("prunes a prefix only: it stops at the first event that is not old enough", async () => {
      const store = getStore();
      await append(
        makeEvent({ createdAt: minute(1) }),
        makeEvent({ createdAt: minute(30) }),
        makeEvent({ createdAt: minute(2) }),
        makeEvent({ createdAt: minute(40) }),
      );
      expect(await store.transaction((tx) => tx.pruneEvents(minute(10), 100))).toBe(1);
      expect(await positions()).toEqual([2, 3, 4]);
    });

    it("never deletes the newest event, and positions keep growing after the whole old log is pruned", async () => {
      const store = getStore();
      const events = await appendMinutes(5);
      expect(await store.transaction((tx) => tx.pruneEvents(minute(60), 100))).toBe(4);
      expect(await positions()).toEqual([5]);
      expect(await store.firstEventPosition()).toBe(5);
      expect(await store.getEvent(events[0]!.id)).toBeUndefined();
      expect(await store.getEvent(events[4]!.id)).toEqual(events[4]);
      expect((await store.listEvents({ limit: 10, offset: 0 })).total).toBe(1);

      const [next] = await append(makeEvent({ createdAt: minute(61) }));
      expect(next!.position).toBe(6);
      expect(await store.lastEventPosition()).toBe(6);
      expect((await store.readEventsAfter(0, 10)).map((e) => e.position)).toEqual([5, 6]);
      expect((await store.readEventsAfter(5, 10)).map((e) => e.position)).toEqual([6]);
      expect((await store.readEventsAfter(2, 1)).map((e) => e.position)).toEqual([5]);
    });

    it("a rolled back prune deletes nothing", async () => {
      const store = getStore();
      await appendMinutes(4);
      await expect(
        store.transaction(async (tx) => {
          expect(await tx.pruneEvents(minute(60), 100)).toBe(3);
          expect(await tx.firstEventPosition()).toBe(4);
          throw new Error("undo");
        }),
      ).rejects.toThrow("undo");
      expect(await positions()).toEqual([1, 2, 3, 4]);
      const [next] = await append(makeEvent());
      expect(next!.position).toBe(5);
    });
  });

  describe("schedule slots", () => {
    it("claims a slot once: a second claim of the same action and slot is false", async () => {
      const store = getStore();
      const claim = (key: string, slot: string, jobId: string) =>
        store.transaction((tx) => tx.claimScheduleSlot(key, slot, jobId));
      expect(await claim("space:us_sp_1:refresh", minute(60), "us_jb_1")).toBe(true);
      expect(await claim("space:us_sp_1:refresh", minute(60), "us_jb_2")).toBe(false);
      expect(await claim("space:us_sp_1:refresh", minute(120), "us_jb_3")).toBe(true);
      expect(await claim("space:us_sp_2:refresh", minute(60), "us_jb_4")).toBe(true);
    });

    it("a rolled back claim leaves the slot free", async () => {
      const store = getStore();
      await expect(
        store.transaction(async (tx) => {
          expect(await tx.claimScheduleSlot("k", minute(60), "us_jb_1")).toBe(true);
          throw new Error("undo");
        }),
      ).rejects.toThrow("undo");
      expect(await store.transaction((tx) => tx.claimScheduleSlot("k", minute(60), "us_jb_2"))).toBe(true);
    });

    it("prunes claims of slots before a time, at most `limit` per call", async () => {
      const store = getStore();
      await store.transaction(async (tx) => {
        for (let m = 0; m < 5; m++) await tx.claimScheduleSlot("k", minute(m), `us_jb_${m}`);
      });
      expect(await store.transaction((tx) => tx.pruneScheduleSlots(minute(3), 2))).toBe(2);
      expect(await store.transaction((tx) => tx.pruneScheduleSlots(minute(3), 2))).toBe(1);
      expect(await store.transaction((tx) => tx.pruneScheduleSlots(minute(3), 2))).toBe(0);
      // The slots at and after the time are still claimed; the pruned ones could be claimed again.
      expect(await store.transaction((tx) => tx.claimScheduleSlot("k", minute(3), "x"))).toBe(false);
      expect(await store.transaction((tx) => tx.claimScheduleSlot("k", minute(0), "x"))).toBe(true);
    });
  });

  describe("scheduled action sources", () => {
    it("lists every kind of resource with a scheduled action, with only those actions, in order", async () => {
      const store = getStore();
      const space = makeSpace({ actions: [plain, hourly] });
      const quiet = makeSpace({ actions: [plain], metadata: { note: '"schedule" in the text only' } });
      const workbook = makeWorkbook({ spaceId: space.id, actions: [{ ...hourly, schedule: "daily" }] });
      const sheet = makeSheet({
        spaceId: space.id,
        workbookId: workbook.id,
        config: { name: "C", fields: [{ key: "a", type: "string" }], actions: [hourly] },
      });
      const document = makeDocument({ spaceId: space.id, actions: [{ ...hourly, schedule: "weekly" }] });
      const file = makeFile({ spaceId: space.id, workbookId: workbook.id, actions: [hourly, plain] });
      await store.transaction(async (tx) => {
        await tx.insertFile(file);
        await tx.insertDocument(document);
        await tx.insertSheet(sheet);
        await tx.insertWorkbook(workbook);
        await tx.insertSpace(quiet);
        await tx.insertSpace(space);
      });
      expect(await store.listScheduledActionSources()).toEqual([
        { type: "space", id: space.id, spaceId: space.id, actions: [hourly] },
        {
          type: "workbook",
          id: workbook.id,
          spaceId: space.id,
          workbookId: workbook.id,
          actions: [{ ...hourly, schedule: "daily" }],
        },
        { type: "sheet", id: sheet.id, spaceId: space.id, workbookId: workbook.id, actions: [hourly] },
        {
          type: "document",
          id: document.id,
          spaceId: space.id,
          actions: [{ ...hourly, schedule: "weekly" }],
        },
        { type: "file", id: file.id, spaceId: space.id, workbookId: workbook.id, actions: [hourly] },
      ]);
    });

    it("is empty when nothing is scheduled", async () => {
      const store = getStore();
      await store.transaction((tx) => tx.insertSpace(makeSpace({ actions: [plain] })));
      expect(await store.listScheduledActionSources()).toEqual([]);
    });
  });
}
