/**
 * A listener written for Flatfile that splits its job, through the bridge: `@flatfile/listener` with
 * `@flatfile/api@1.9.19`'s `jobs.split`, each part handled by the same `job:ready` handler (told apart by
 * `parentId`), and the parent finished from `job:parts-completed`.
 */
import { FlatfileClient, type Flatfile } from "@flatfile/api";
import { FlatfileListener } from "@flatfile/listener";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectFlatfileListener } from "./flatfile-bridge";
import { useFlatfileEnv } from "./testing/flatfile-env";
import { jobEvents, memoryLogger, until } from "./testing/helpers";
import { useServerProcess } from "./testing/server-process";

const ctx = useServerProcess();
let api: FlatfileClient;
let restoreEnv: (() => void) | undefined;

beforeAll(() => {
  restoreEnv = useFlatfileEnv(ctx.server.baseUrl, ctx.server.secretKey);
  api = new FlatfileClient();
});

afterAll(() => {
  restoreEnv?.();
});

describe("a Flatfile listener that splits its job", () => {
  it("splits, runs each part, and completes the parent on job:parts-completed", async () => {
    const { data: space } = await api.spaces.create({ name: "Split listener" });
    const listener = new FlatfileListener();
    listener.on("job:ready", { job: "space:load-batches" }, async (event) => {
      const { jobId } = event.context;
      const { data: job } = await api.jobs.get(jobId);
      await api.jobs.ack(jobId);
      if (job.parentId === undefined) {
        await api.jobs.split(jobId, {
          parts: [{ batch: 1 }, { batch: 2 }, { batch: 3 }],
          runInParallel: true,
        });
        return;
      }
      await api.jobs.complete(jobId, { outcome: { message: `batch ${String(job.partData?.batch)} loaded` } });
    });
    listener.on("job:parts-completed", { job: "space:load-batches" }, async (event) => {
      const parts = (event.payload as { parts: { complete: number; total: number } }).parts;
      await api.jobs.complete(event.context.jobId, {
        outcome: { message: `${parts.complete} of ${parts.total} batches loaded` },
      });
    });
    const bridge = await connectFlatfileListener(listener, {
      baseUrl: ctx.server.baseUrl,
      token: ctx.server.secretKey,
      spaceId: space.id,
      logger: memoryLogger(),
    });
    try {
      const { data: parent } = await api.jobs.create({
        type: "space",
        operation: "load-batches",
        source: space.id,
        trigger: "immediate",
      });
      const done = await until(
        () => ctx.api.jobs.get(parent.id),
        (j) => j.status === "complete",
        "the parent to complete",
      );
      expect(done.outcome).toEqual({ message: "3 of 3 batches loaded" });
      expect(done.partCounts).toEqual({ total: 3, complete: 3, failed: 0, canceled: 0 });
      const { data: parts } = await api.jobs.list({ parentId: parent.id });
      expect(
        parts
          .map((p: Flatfile.Job) => [p.part, p.status, p.outcome?.message])
          .sort((a, b) => Number(a[0]) - Number(b[0])),
      ).toEqual([
        [0, "complete", "batch 1 loaded"],
        [1, "complete", "batch 2 loaded"],
        [2, "complete", "batch 3 loaded"],
      ]);
      const topics = (await jobEvents(ctx.api, space.id, parent.id)).map((e) => e.topic);
      expect(topics.filter((t) => t === "job:parts-completed")).toHaveLength(1);
      expect(topics.at(-1)).toBe("job:completed");
    } finally {
      await bridge.close();
    }
  });
});
