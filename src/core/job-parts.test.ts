import { describe, expect, it } from "vitest";
import { applyJobEvent } from "./apply-job-event";
import { createJob, jobEventPayload } from "./job-machine";
import { emptyPartCounts, partConfig, partsSummary, splitRefusal, withPartMove } from "./job-parts";
import type { Job } from "./schemas/job";

const NOW = "2026-12-07T01:00:00.000Z";

function parent(patch: Partial<Job> = {}): Job {
  const { job } = createJob(
    { type: "workbook", operation: "load", source: "us_wb_1", trigger: "immediate", input: { a: 1 } },
    { id: "us_jb_parent", now: NOW, environmentId: "us_env_1", predecessorsComplete: true },
  );
  return { ...job, status: "executing", ...patch };
}

describe("job parts", () => {
  it("lets only an executing job that is not a part split, once", () => {
    expect(splitRefusal(parent())).toBeUndefined();
    expect(splitRefusal(parent({ status: "ready" }))).toMatch(/executing/);
    expect(splitRefusal(parent({ parentId: "us_jb_x" }))).toMatch(/part/);
    expect(splitRefusal(parent({ partCounts: emptyPartCounts(2) }))).toMatch(/already/);
  });

  it("copies the parent's work into each part, each waiting on the one before unless parallel", () => {
    const details = { parts: [{ rows: 1 }, { rows: 2 }] };
    expect(partConfig(parent(), details, 1, "us_jb_prev")).toMatchObject({
      type: "workbook",
      operation: "load",
      source: "us_wb_1",
      input: { a: 1 },
      trigger: "immediate",
      part: 1,
      partData: { rows: 2 },
      partExecution: "sequential",
      parentId: "us_jb_parent",
      predecessorIds: ["us_jb_prev"],
    });
    const parallel = partConfig(parent(), { parts: 2, runInParallel: true }, 1, "us_jb_prev");
    expect(parallel).not.toHaveProperty("predecessorIds");
    expect(parallel).not.toHaveProperty("partData");
  });

  it("counts parts as they end, moves the parent's progress, and says when all have ended", () => {
    const split = parent({ partCounts: emptyPartCounts(3) });
    expect(withPartMove(split, "ready", "executing", NOW)).toBeUndefined();
    const one = withPartMove(split, "executing", "complete", NOW);
    expect(one?.parent).toMatchObject({ progress: 33, partCounts: { complete: 1 } });
    expect(one?.allFinished).toBe(false);
    const retried = withPartMove(
      { ...split, partCounts: { ...emptyPartCounts(3), failed: 1 } },
      "failed",
      "ready",
      NOW,
    );
    expect(retried?.parent.partCounts).toEqual(emptyPartCounts(3));
    const last = withPartMove(
      { ...split, partCounts: { total: 3, complete: 1, failed: 1, canceled: 0 } },
      "waiting",
      "canceled",
      NOW,
    );
    expect(last).toMatchObject({ allFinished: true, parent: { progress: 100 } });
    expect(withPartMove(parent(), "executing", "complete", NOW)).toBeUndefined();
  });

  it("summarizes the counts for people", () => {
    expect(partsSummary({ total: 8, complete: 3, failed: 0, canceled: 0 })).toBe("3 of 8 parts done");
    expect(partsSummary({ total: 1, complete: 0, failed: 0, canceled: 0 })).toBe("0 of 1 part done");
    expect(partsSummary({ total: 8, complete: 3, failed: 1, canceled: 2 })).toBe(
      "3 of 8 parts done (1 failed, 2 canceled)",
    );
  });

  it("carries the counts in the parent's events, so a copy kept from events follows its parts", () => {
    const before = parent({ partCounts: emptyPartCounts(3) });
    const after = withPartMove(before, "executing", "failed", "2026-12-07T01:00:01.000Z")!.parent;
    const event = {
      topic: "job:updated",
      createdAt: after.updatedAt,
      payload: jobEventPayload(after, "job:updated"),
    };
    expect(applyJobEvent(before, event).job?.partCounts).toEqual({
      total: 3,
      complete: 0,
      failed: 1,
      canceled: 0,
    });
  });
});
