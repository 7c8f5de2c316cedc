import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeEvent, makeJob, nextTime } from "../store-fixtures";
import type { Store } from "../store";
import { useTestDatabase } from "./use-test-database";

// A file of its own: Node reports a deprecation once per process, so an earlier test could have used it up.
const database = useTestDatabase();
const independent = { independent: true };

describe("PostgreSQL transactions and the driver's query queue", () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);

  beforeEach(async () => {
    ({ store, cleanup } = await database.openStore());
    process.on("warning", onWarning);
  });

  afterEach(async () => {
    process.off("warning", onWarning);
    await cleanup();
  });

  it("never queue a query while another runs on the client (node-postgres 9 drops that queue)", async () => {
    expect(process.noDeprecation).not.toBe(true);
    const jobs = Array.from({ length: 6 }, () => makeJob({ progress: 0 }));
    // Fresh connections: a query queued while the connection is still being set up counts too.
    await Promise.all(
      jobs.map((job) =>
        store.transaction(async (tx) => {
          await tx.insertJob(job);
          await tx.appendEvent(makeEvent({ context: { jobId: job.id } }));
        }, independent),
      ),
    );
    const outcomes = await Promise.allSettled(
      jobs.map((job, index) =>
        store.transaction(async (tx) => {
          // As the job service reads a job's predecessors: several reads of one transaction at once.
          const [current] = await Promise.all([job.id, job.id, job.id].map((id) => tx.getJob(id)));
          if (index === 2) throw new Error("rolled back");
          await tx.updateJob(
            { ...current!, progress: 1, updatedAt: nextTime() },
            { status: current!.status, updatedAt: current!.updatedAt },
          );
          await tx.appendEvent(makeEvent({ context: { jobId: job.id } }));
        }, independent),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === "rejected")).toHaveLength(1);
    await store.transaction((tx) => tx.appendEvent(makeEvent()));
    // Warnings are emitted on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((message) => message.includes("already executing a query"))).toEqual([]);
  });
});
