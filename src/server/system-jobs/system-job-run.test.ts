import { describe, expect, it } from "vitest";
import type { BlobStore } from "../files/blob-store";
import { MemoryStore } from "../store/memory-store";
import { makeJob } from "../store/store-fixtures";
import type { Store, TransactionOptions } from "../store/store";
import { TestClock, testDeps } from "../testing/test-clock";
import { SystemJobRun } from "./system-job-run";

/** A store that notes the options of each transaction, in order. */
function notingStore() {
  const store: Store = new MemoryStore();
  const options: (TransactionOptions | undefined)[] = [];
  const transaction = store.transaction.bind(store);
  store.transaction = (work, given) => {
    options.push(given);
    return transaction(work, given);
  };
  return { store, options };
}

describe("SystemJobRun", () => {
  it("commits chunks as resumable work, and the job's completion as a durable commit", async () => {
    const { store, options } = notingStore();
    const deps = { ...testDeps(store, new TestClock("2026-03-04T10:00:00.000Z")), blobs: {} as BlobStore };
    const job = makeJob({ status: "executing", environmentId: deps.environmentId, managed: true });
    await store.transaction((tx) => tx.insertJob(job));
    options.length = 0;

    const run = new SystemJobRun(deps, job);
    await run.chunk(async () => 1, { progress: 50, metadata: { row: 10 } });
    await run.complete({ message: "Done" });

    // A chunk's cursor commits with it, so a chunk a crash takes is done again on resume: it need not wait for the
    // disk (decision 051). The completion must: it is what the job's caller and listeners act on.
    expect(options).toEqual([{ resumable: true }, undefined]);
    expect(run.job.status).toBe("complete");
    expect(run.job.metadata).toEqual({ systemCursor: { row: 10 } });
  });
});
