import { describe, expect, it } from "vitest";
import type { Event } from "../../core";
import type { StoreTx } from "./store";
import { TransactionQueue, type QueuedTx, type TransactionDriver } from "./transaction-queue";

type FakeTx = QueuedTx & { id: number };

/** A driver that records every step it is asked for, and transaction objects that "append" one event each. */
function recordingDriver(options: { group?: boolean; heard?: () => Promise<void> } = {}) {
  const steps: string[] = [];
  let next = 0;
  const driver: TransactionDriver<FakeTx> = {
    begin: (independent) => void steps.push(independent ? "begin independent" : "begin"),
    tx: () => {
      const id = ++next;
      const event = { position: id } as Event;
      return { id, appended: [event], open: true } as unknown as FakeTx;
    },
    commit: (events) => void steps.push(`commit ${events.map((event) => event.position).join(",")}`),
    rollback: (opened) => void steps.push(`rollback ${opened.map((tx) => tx.id).join(",")}`),
    end: () => void steps.push("end"),
    committed: (events) => {
      steps.push(`heard ${events.map((event) => event.position).join(",")}`);
      return options.heard?.();
    },
    ...(options.group
      ? {
          group: {
            max: 2,
            defer: (flush) => setTimeout(flush, 0),
            savepoint: () => void steps.push("savepoint"),
            release: () => void steps.push("release"),
            rollbackToSavepoint: () => void steps.push("rollback to savepoint"),
          },
        }
      : {}),
  };
  return { driver, steps };
}

const txId = (tx: StoreTx) => (tx as FakeTx).id;

describe("TransactionQueue", () => {
  it("runs transactions one at a time, in arrival order, each heard after its commit", async () => {
    const { driver, steps } = recordingDriver();
    const queue = new TransactionQueue(driver);
    const running: number[] = [];
    const work = async (tx: StoreTx) => {
      running.push(txId(tx));
      steps.push(`work ${txId(tx)} (${running.length} running)`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running.splice(running.indexOf(txId(tx)), 1);
      return txId(tx);
    };
    expect(await Promise.all([queue.run(work), queue.run(work)])).toEqual([1, 2]);
    expect(steps).toEqual([
      "begin",
      "work 1 (1 running)",
      "commit 1",
      "end",
      "heard 1",
      "begin",
      "work 2 (1 running)",
      "commit 2",
      "end",
      "heard 2",
    ]);
  });

  it("rolls back a transaction whose work throws, and no listener hears of it", async () => {
    const { driver, steps } = recordingDriver();
    const queue = new TransactionQueue(driver);
    const failure = new Error("no");
    await expect(
      queue.run(async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(steps).toEqual(["begin", "rollback 1", "end"]);
  });

  it("ends a transaction object when its transaction ends", async () => {
    const { driver } = recordingDriver();
    const queue = new TransactionQueue(driver);
    const tx = await queue.run(async (tx) => tx as FakeTx);
    expect(tx.open).toBe(false);
  });

  it("group commit: what arrives together shares a commit, and a failing member rolls back alone", async () => {
    const { driver, steps } = recordingDriver({ group: true });
    const queue = new TransactionQueue(driver);
    const failure = new Error("no");
    const results = await Promise.allSettled([
      queue.run(async (tx) => txId(tx)),
      queue.run(async () => {
        throw failure;
      }),
      queue.run(async (tx) => txId(tx)),
    ]);
    expect(results).toEqual([
      { status: "fulfilled", value: 1 },
      { status: "rejected", reason: failure },
      { status: "fulfilled", value: 3 },
    ]);
    expect(steps).toEqual([
      "begin",
      "savepoint",
      "release",
      "savepoint",
      "rollback to savepoint",
      "commit 1",
      "end",
      "heard 1",
      // Alone in its group: a throw would roll back the database transaction, which holds nothing else.
      "begin",
      "commit 3",
      "end",
      "heard 3",
    ]);
  });

  it("group commit: a group gathers while the last commit's sync runs, unless it is full or resumable only", async () => {
    const { driver, steps } = recordingDriver({ group: true });
    let release!: () => void;
    let sync: Promise<void> | undefined = new Promise<void>((resolve) => (release = resolve));
    driver.syncing = () => sync;
    const queue = new TransactionQueue(driver);
    const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

    const first = queue.run(async (tx) => txId(tx));
    await tick();
    expect(steps).toEqual([]);
    release();
    sync = undefined;
    expect(await first).toBe(1);
    expect(steps).toEqual(["begin", "commit 1", "end", "heard 1"]);

    // A full group (two here) and a group of resumable work only do not wait.
    steps.length = 0;
    sync = new Promise<void>(() => undefined);
    expect(await Promise.all([queue.run(async (tx) => txId(tx)), queue.run(async (tx) => txId(tx))])).toEqual(
      [2, 3],
    );
    expect(await queue.run(async (tx) => txId(tx), { resumable: true })).toBe(4);
    expect(steps.filter((step) => step.startsWith("commit"))).toEqual(["commit 2,3", "commit 4"]);
  });

  it("tells the driver whether every transaction of a group is independent", async () => {
    const { driver, steps } = recordingDriver({ group: true });
    const queue = new TransactionQueue(driver);
    const independent = { independent: true };
    await Promise.all([
      queue.run(async (tx) => txId(tx), independent),
      queue.run(async (tx) => txId(tx), independent),
      queue.run(async (tx) => txId(tx), independent),
      queue.run(async (tx) => txId(tx)),
      queue.run(async (tx) => txId(tx), independent),
    ]);
    expect(steps.filter((step) => step.startsWith("begin") || step.startsWith("commit"))).toEqual([
      "begin independent",
      "commit 1,2",
      "begin",
      "commit 3,4",
      "begin independent",
      "commit 5",
    ]);
  });

  it("resolves a transaction only once its listeners heard it", async () => {
    let deliver!: () => void;
    const delivered = new Promise<void>((resolve) => (deliver = resolve));
    const { driver } = recordingDriver({ heard: () => delivered });
    const queue = new TransactionQueue(driver);
    let resolved = false;
    const running = queue.run(async () => undefined).then(() => (resolved = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(resolved).toBe(false);
    deliver();
    await running;
    expect(resolved).toBe(true);
  });

  describe("gathering a group", () => {
    /** A group-commit driver whose deferred turns the test runs one at a time. */
    function gatheringDriver(max: number, gatherMs: number) {
      const { driver, steps } = recordingDriver({ group: true });
      const deferred: (() => void)[] = [];
      const group = {
        ...driver.group!,
        max,
        gatherMs,
        defer: (flush: () => void) => void deferred.push(flush),
      };
      const turn = async () => {
        for (const flush of deferred.splice(0)) flush();
        await new Promise((resolve) => setTimeout(resolve, 0));
      };
      return { driver: { ...driver, group }, steps, turn };
    }
    const commits = (steps: string[]) => steps.filter((step) => step.startsWith("commit"));

    it("waits further turns while transactions keep arriving, so they share one commit", async () => {
      const { driver, steps, turn } = gatheringDriver(64, 60_000);
      const queue = new TransactionQueue(driver);
      const done = [queue.run(async (tx) => txId(tx)), queue.run(async (tx) => txId(tx))];
      await turn();
      done.push(queue.run(async (tx) => txId(tx)));
      await turn();
      expect(commits(steps)).toEqual([]);
      await turn();
      expect(await Promise.all(done)).toEqual([1, 2, 3]);
      expect(commits(steps)).toEqual(["commit 1,2,3"]);
    });

    it("flushes a lone transaction after one turn", async () => {
      const { driver, steps, turn } = gatheringDriver(64, 60_000);
      const queue = new TransactionQueue(driver);
      const done = queue.run(async (tx) => txId(tx));
      await turn();
      expect(await done).toBe(1);
      expect(commits(steps)).toEqual(["commit 1"]);
    });

    it("stops waiting once a group is full or the wait is over", async () => {
      const full = gatheringDriver(2, 60_000);
      const queue = new TransactionQueue(full.driver);
      const done = [queue.run(async (tx) => txId(tx)), queue.run(async (tx) => txId(tx))];
      await full.turn();
      expect(commits(full.steps)).toEqual(["commit 1,2"]);
      expect(await Promise.all(done)).toEqual([1, 2]);

      const timed = gatheringDriver(64, 0);
      const timedQueue = new TransactionQueue(timed.driver);
      const timedDone = [timedQueue.run(async (tx) => txId(tx)), timedQueue.run(async (tx) => txId(tx))];
      await timed.turn();
      expect(commits(timed.steps)).toEqual(["commit 1,2"]);
      expect(await Promise.all(timedDone)).toEqual([1, 2]);
    });
  });

  it("close runs the transactions accepted before it, then finishes, and refuses later ones", async () => {
    const { driver, steps } = recordingDriver({ group: true });
    const queue = new TransactionQueue(driver);
    const accepted = queue.run(async (tx) => txId(tx));
    const closing = queue.close(async () => void steps.push("finish"));
    await expect(queue.run(async () => undefined)).rejects.toThrow(/closed/);
    expect(await accepted).toBe(1);
    await closing;
    expect(steps.at(-1)).toBe("finish");
    expect(steps).toContain("commit 1");
  });
});
