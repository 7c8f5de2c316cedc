import { describe, expect, it } from "vitest";
import { newId, type JobLogCaps, type JobLogLevel, type NewJobLogLine } from "../../core";
import type { JobLogQuery, Store } from "./store";
import { makeJob, makeSpace } from "./store-fixtures";

const T0 = Date.parse("2025-02-01T00:00:00.000Z");
const time = (n: number) => new Date(T0 + n * 1_000).toISOString();

/** Lines "line <from>" .. "line <to - 1>", one second apart, cycling through the levels. */
function lines(from: number, to: number, extra: Partial<NewJobLogLine> = {}): NewJobLogLine[] {
  const levels: JobLogLevel[] = ["debug", "info", "warn", "error"];
  return Array.from({ length: to - from }, (_, i) => ({
    level: levels[(from + i) % 4] as JobLogLevel,
    message: `line ${from + i}`,
    time: time(from + i),
    ...extra,
  }));
}

const WIDE: JobLogCaps = { lines: 1_000, bytes: 1_000_000 };
const all: JobLogQuery = { order: "asc", limit: 1_000 };

/**
 * The conformance tests of job logs: append with trimming to the limits and the marker line, keyset pages with the
 * level and text filters, and deletion with the job and its space. `runStoreConformance` runs them on every adapter.
 */
export function describeJobLogConformance(getStore: () => Store): void {
  const newJob = async (spaceId?: string) => {
    const job = makeJob(spaceId ? { spaceId } : {});
    await getStore().transaction((tx) => tx.insertJob(job));
    return job.id;
  };
  const append = (jobId: string, batch: NewJobLogLine[], caps = WIDE) =>
    getStore().transaction((tx) => tx.appendJobLogs(jobId, batch, caps));
  const read = (jobId: string, query: Partial<JobLogQuery> = {}) =>
    getStore().readJobLogs(jobId, { ...all, ...query });
  const seqs = async (jobId: string, query: Partial<JobLogQuery> = {}) =>
    (await read(jobId, query)).lines.map((line) => line.seq);

  describe("job logs", () => {
    it("numbers each job's lines from 1 in the order they came, and reads them back as written", async () => {
      const a = await newJob();
      const b = await newJob();
      expect(await append(a, lines(0, 3))).toEqual({ firstSeq: 1, lastSeq: 3, count: 3, dropped: 0 });
      expect(await append(b, lines(0, 1))).toEqual({ firstSeq: 1, lastSeq: 1, count: 1, dropped: 0 });
      expect(
        await append(a, [{ level: "info", message: "with data", time: time(9), data: { z: 1, a: [2] } }]),
      ).toEqual({ firstSeq: 4, lastSeq: 4, count: 1, dropped: 0 });
      const page = await read(a);
      expect(page).toEqual({
        lines: [
          { seq: 1, level: "debug", message: "line 0", time: time(0) },
          { seq: 2, level: "info", message: "line 1", time: time(1) },
          { seq: 3, level: "warn", message: "line 2", time: time(2) },
          { seq: 4, level: "info", message: "with data", time: time(9), data: { z: 1, a: [2] } },
        ],
        hasMore: false,
        lastSeq: 4,
        dropped: 0,
      });
      expect(JSON.stringify(page.lines[3]?.data)).toBe('{"z":1,"a":[2]}');
      expect(await read(newId("job"))).toEqual({ lines: [], hasMore: false, lastSeq: 0, dropped: 0 });
    });

    it("pages by seq oldest first (after) and newest first (before), saying when more lines match", async () => {
      const job = await newJob();
      await append(job, lines(0, 10));
      expect(await seqs(job, { limit: 4 })).toEqual([1, 2, 3, 4]);
      expect((await read(job, { limit: 4 })).hasMore).toBe(true);
      expect(await seqs(job, { after: 4, limit: 4 })).toEqual([5, 6, 7, 8]);
      const last = await read(job, { after: 8, limit: 4 });
      expect(last.lines.map((line) => line.seq)).toEqual([9, 10]);
      expect(last.hasMore).toBe(false);
      expect(await seqs(job, { order: "desc", limit: 3 })).toEqual([10, 9, 8]);
      expect(await seqs(job, { order: "desc", before: 8, limit: 3 })).toEqual([7, 6, 5]);
      expect(await seqs(job, { after: 3, before: 6 })).toEqual([4, 5]);
      const exact = await read(job, { after: 6, limit: 4 });
      expect(exact.hasMore).toBe(false);
      expect(exact.lastSeq).toBe(10);
    });

    it("filters by lowest level and by text in the message, ignoring case", async () => {
      const job = await newJob();
      await append(job, lines(0, 8));
      await append(job, [
        { level: "error", message: "Übergröße FAILED", time: time(20) },
        { level: "debug", message: "nothing failed here", time: time(21) },
      ]);
      expect(await seqs(job, { level: "warn" })).toEqual([3, 4, 7, 8, 9]);
      expect(await seqs(job, { level: "error" })).toEqual([4, 8, 9]);
      expect(await seqs(job, { q: "failed" })).toEqual([9, 10]);
      expect(await seqs(job, { q: "übergröße" })).toEqual([9]);
      expect(await seqs(job, { q: "failed", level: "info" })).toEqual([9]);
      expect(await seqs(job, { q: "line 1" })).toEqual([2]);
      const filtered = await read(job, { level: "error", limit: 2 });
      expect(filtered.lines.map((line) => line.seq)).toEqual([4, 8]);
      expect(filtered.hasMore).toBe(true);
    });

    it("keeps each line's attempt and filters by it, with the other filters", async () => {
      const job = await newJob();
      await append(job, lines(0, 4, { attempt: 1 }));
      await append(job, lines(4, 8, { attempt: 2 }));
      expect((await read(job, { attempt: 2 })).lines.map((line) => [line.seq, line.attempt])).toEqual([
        [5, 2],
        [6, 2],
        [7, 2],
        [8, 2],
      ]);
      expect(await seqs(job, { attempt: 1, level: "warn" })).toEqual([3, 4]);
      expect(await seqs(job, { attempt: 2, order: "desc", limit: 2 })).toEqual([8, 7]);
      expect(await seqs(job, { attempt: 3 })).toEqual([]);
    });

    it("keeps the newest lines within the line limit, with one marker line first saying how many went", async () => {
      const job = await newJob();
      const caps = { lines: 5, bytes: 1_000_000 };
      await append(job, lines(0, 4), caps);
      expect(await append(job, lines(4, 7), caps)).toEqual({ firstSeq: 5, lastSeq: 7, count: 3, dropped: 2 });
      let page = await read(job);
      expect(page.lines[0]).toEqual({
        seq: 2,
        level: "warn",
        message: "2 earlier lines dropped",
        time: time(1),
        dropped: 2,
      });
      expect(page.lines.map((line) => line.seq)).toEqual([2, 3, 4, 5, 6, 7]);
      expect(page.dropped).toBe(2);

      // More drops move the marker up to the newest line dropped, counting every line dropped so far.
      await append(job, lines(7, 10), caps);
      page = await read(job);
      expect(page.lines.map((line) => [line.seq, line.dropped])).toEqual([
        [5, 5],
        [6, undefined],
        [7, undefined],
        [8, undefined],
        [9, undefined],
        [10, undefined],
      ]);
      expect(page.lines[0]?.message).toBe("5 earlier lines dropped");
      expect(page).toMatchObject({ lastSeq: 10, dropped: 5 });
      // Newest first, the marker comes last; a page after a dropped seq starts at the marker.
      expect((await seqs(job, { order: "desc" })).at(-1)).toBe(5);
      expect(await seqs(job, { after: 2, limit: 2 })).toEqual([5, 6]);
    });

    it("keeps the newest lines within the byte limit (message and data), even over lines of the same batch", async () => {
      const job = await newJob();
      // Each line costs 10 bytes: "0123456789", or "abc" and {"x":1} (7).
      const caps = { lines: 1_000, bytes: 30 };
      const ten = (n: number): NewJobLogLine => ({ level: "info", message: "0123456789", time: time(n) });
      await append(job, [ten(0), ten(1)], caps);
      const appended = await append(
        job,
        [ten(2), { level: "info", message: "abc", time: time(3), data: { x: 1 } }, ten(4)],
        caps,
      );
      expect(appended).toEqual({ firstSeq: 3, lastSeq: 5, count: 3, dropped: 2 });
      expect(await seqs(job)).toEqual([2, 3, 4, 5]);
      await append(job, [{ level: "info", message: "x".repeat(25), time: time(5) }], caps);
      const page = await read(job);
      expect(page.lines.map((line) => line.seq)).toEqual([5, 6]);
      expect(page.lines[0]).toMatchObject({ dropped: 5, message: "5 earlier lines dropped" });
    });

    it("rolls an append back with its transaction", async () => {
      const job = await newJob();
      await append(job, lines(0, 3), { lines: 3, bytes: 1_000_000 });
      await expect(
        getStore().transaction(async (tx) => {
          await tx.appendJobLogs(job, lines(3, 6), { lines: 3, bytes: 1_000_000 });
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
      expect(await read(job)).toMatchObject({ lastSeq: 3, dropped: 0 });
      expect(await seqs(job)).toEqual([1, 2, 3]);
      expect(await append(job, lines(3, 4), { lines: 3, bytes: 1_000_000 })).toEqual({
        firstSeq: 4,
        lastSeq: 4,
        count: 1,
        dropped: 1,
      });
    });

    it("deletes a job's lines with the job, and with its space", async () => {
      const store = getStore();
      const space = makeSpace();
      await store.transaction((tx) => tx.insertSpace(space));
      const kept = await newJob();
      const deleted = await newJob();
      const inSpace = await newJob(space.id);
      for (const job of [kept, deleted, inSpace])
        await append(job, lines(0, 3), { lines: 2, bytes: 1_000_000 });
      await store.transaction(async (tx) => {
        await tx.deleteJob(deleted);
        await tx.deleteSpace(space.id);
      });
      const none = { lines: [], hasMore: false, lastSeq: 0, dropped: 0 };
      expect(await read(deleted)).toEqual(none);
      expect(await read(inSpace)).toEqual(none);
      expect(await seqs(kept)).toEqual([1, 2, 3]);
      // A job made again under the same id (a test's fixture, say) starts a new log.
      await store.transaction((tx) => tx.insertJob(makeJob({ id: deleted })));
      expect(await append(deleted, lines(0, 1))).toEqual({ firstSeq: 1, lastSeq: 1, count: 1, dropped: 0 });
    });
  });
}
