import { describe, expect, it } from "vitest";
import type { Store, StoreTx, StoredListener } from "./store";
import { ENV, OTHER_ENV } from "./store-fixtures";

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();

function announced(
  id: string,
  overrides: Partial<Omit<StoredListener, "jobsHandled" | "disconnectedAt">> = {},
): Omit<StoredListener, "jobsHandled" | "disconnectedAt"> {
  return {
    id,
    name: "exporter",
    version: "1.2.0",
    host: "worker-1",
    handles: [{ topics: ["job:ready"], filters: [{ job: "workbook:export" }] }],
    concurrency: 4,
    environmentId: ENV,
    instance: "ins_a",
    connectedAt: at(0),
    lastSeenAt: at(0),
    ...overrides,
  };
}

/**
 * The conformance tests of listeners' presence (the `listeners` table); `runStoreConformance` runs them on every
 * adapter. `getStore` gives the fresh store of the current test.
 */
export function describeListenerConformance(getStore: () => Store): void {
  const tx = <T>(work: (t: StoreTx) => Promise<T>) => getStore().transaction(work);

  describe("listeners' presence", () => {
    it("connects a listener once, keeps its first connection time while it stays connected, and lists it", async () => {
      expect(await tx((t) => t.connectListener(announced("lst_1")))).toBe(true);
      const again = announced("lst_1", {
        instance: "ins_b",
        connectedAt: at(5),
        lastSeenAt: at(5),
        name: "renamed",
      });
      expect(await tx((t) => t.connectListener(again))).toBe(false);
      const [listener, ...rest] = await getStore().listListeners({ environmentId: ENV });
      expect(rest).toEqual([]);
      expect(listener).toEqual({ ...again, connectedAt: at(0), jobsHandled: 0 });
      expect(await getStore().listListeners({ environmentId: OTHER_ENV })).toEqual([]);
    });

    it("disconnects each listener once and lists it only when asked for the recently disconnected", async () => {
      await tx(async (t) => {
        await t.connectListener(announced("lst_1"));
        await t.connectListener(
          announced("lst_2", { instance: "ins_b", connectedAt: at(1), lastSeenAt: at(1) }),
        );
      });
      const gone = await tx((t) =>
        t.disconnectListeners({ ids: ["lst_1", "lst_2"], instance: "ins_a" }, at(9)),
      );
      expect(gone.map((l) => [l.id, l.disconnectedAt])).toEqual([["lst_1", at(9)]]);
      expect(await tx((t) => t.disconnectListeners({ ids: ["lst_1"] }, at(10)))).toEqual([]);
      expect((await getStore().listListeners({})).map((l) => l.id)).toEqual(["lst_2"]);
      const recent = await getStore().listListeners({ disconnectedSince: at(9) });
      expect(recent.map((l) => [l.id, l.disconnectedAt])).toEqual([
        ["lst_1", at(9)],
        ["lst_2", undefined],
      ]);
      expect((await getStore().listListeners({ disconnectedSince: at(10) })).map((l) => l.id)).toEqual([
        "lst_2",
      ]);

      // Connecting again is a new connection: a new connectedAt, and a `listener:connected` due.
      expect(
        await tx((t) => t.connectListener(announced("lst_1", { connectedAt: at(20), lastSeenAt: at(20) }))),
      ).toBe(true);
      expect((await getStore().listListeners({})).find((l) => l.id === "lst_1")?.connectedAt).toBe(at(20));
    });

    it("refreshes the listeners an instance holds and disconnects those not refreshed since a time", async () => {
      await tx(async (t) => {
        await t.connectListener(announced("lst_1"));
        await t.connectListener(announced("lst_2"));
        await t.connectListener(announced("lst_3", { instance: "ins_b" }));
      });
      expect(await tx((t) => t.touchListeners(["lst_1", "lst_3", "lst_x"], "ins_a", at(30)))).toBe(1);
      const stale = await tx((t) => t.disconnectListeners({ lastSeenBefore: at(30) }, at(31)));
      expect(stale.map((l) => l.id).sort()).toEqual(["lst_2", "lst_3"]);
      expect(await tx((t) => t.disconnectListeners({ lastSeenBefore: at(30) }, at(32)))).toEqual([]);
      // A disconnected listener is not refreshed back to life.
      expect(await tx((t) => t.touchListeners(["lst_2"], "ins_a", at(33)))).toBe(0);
      expect((await getStore().listListeners({})).map((l) => [l.id, l.lastSeenAt])).toEqual([
        ["lst_1", at(30)],
      ]);
    });

    it("counts handled jobs across reconnections and prunes listeners long disconnected", async () => {
      await tx((t) => t.connectListener(announced("lst_1")));
      await tx((t) =>
        t.countJobsHandled(
          new Map([
            ["lst_1", 2],
            ["lst_unknown", 5],
          ]),
        ),
      );
      await tx((t) => t.countJobsHandled(new Map([["lst_1", 1]])));
      await tx((t) => t.disconnectListeners({ ids: ["lst_1"] }, at(10)));
      await tx((t) => t.connectListener(announced("lst_1", { connectedAt: at(11), lastSeenAt: at(11) })));
      expect((await getStore().listListeners({}))[0]?.jobsHandled).toBe(3);

      await tx((t) => t.disconnectListeners({}, at(12)));
      await tx((t) => t.connectListener(announced("lst_2", { connectedAt: at(13), lastSeenAt: at(13) })));
      await tx((t) => t.disconnectListeners({ ids: ["lst_2"] }, at(14)));
      expect(await tx((t) => t.pruneListeners(at(14), 10))).toBe(1);
      expect(await tx((t) => t.pruneListeners(at(14), 10))).toBe(0);
      expect((await getStore().listListeners({ disconnectedSince: at(0) })).map((l) => l.id)).toEqual([
        "lst_2",
      ]);
    });

    it("rolls a listener's connection back with its transaction", async () => {
      await expect(
        tx(async (t) => {
          await t.connectListener(announced("lst_1"));
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
      expect(await getStore().listListeners({})).toEqual([]);
    });
  });
}
