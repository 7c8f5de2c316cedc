import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Action, Job, Space } from "../../core";
import type { ServiceDeps } from "../services/service-deps";
import { makeSheet, makeSpace, makeWorkbook } from "../store/store-fixtures";
import type { Store } from "../store/store";
import { runScheduler, SCHEDULER_ACTOR } from "./scheduler";
import { EMBEDDED_ADAPTERS } from "../testing/embedded-stores";
import { TestClock, testDeps } from "../testing/test-clock";

const refresh: Action = { operation: "refresh", label: "Refresh", schedule: "hourly", mode: "foreground" };

describe.each(EMBEDDED_ADAPTERS)("scheduler on %s", (_name, open) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let clock: TestClock;
  let deps: ServiceDeps;
  let space: Space;

  beforeEach(async () => {
    ({ store, cleanup } = await open());
    clock = new TestClock("2026-03-04T10:20:00.000Z");
    deps = testDeps(store, clock);
    space = makeSpace({ environmentId: deps.environmentId, actions: [refresh] });
    await store.transaction((tx) => tx.insertSpace(space));
  });

  afterEach(async () => {
    await cleanup();
  });

  const jobs = async () =>
    (await store.listJobs({ sortDirection: "asc", limit: 1_000, offset: 0 })).items as Job[];
  const topicsOf = async (jobId: string) =>
    (await store.readEventsAfter(0, 1_000)).filter((e) => e.context.jobId === jobId).map((e) => e.topic);

  it("pre-creates the job of the next slot, scheduled, as a click would create it but in the background", async () => {
    expect(await runScheduler(deps)).toEqual({ started: 0, canceled: 0, created: 1, retried: 0 });
    const [job] = await jobs();
    expect(job).toMatchObject({
      type: "space",
      source: space.id,
      operation: "refresh",
      status: "scheduled",
      trigger: "manual",
      // The action is foreground: its overlay is for whoever clicks, and nobody did.
      mode: "background",
      spaceId: space.id,
      environmentId: deps.environmentId,
      createdBy: SCHEDULER_ACTOR.subject,
      metadata: { schedule: "hourly", scheduledFor: "2026-03-04T11:00:00.000Z" },
    });
    expect(await topicsOf(job!.id)).toEqual(["job:created", "job:scheduled"]);
    const events = await store.readEventsAfter(0, 10);
    expect(events[0]?.payload.status).toBe("created");
    expect(events[1]?.payload.status).toBe("scheduled");
    expect(events[0]?.context.actorId).toBe("system:scheduler");

    // A second pass before the slot changes nothing.
    expect(await runScheduler(deps)).toEqual({ started: 0, canceled: 0, created: 0, retried: 0 });
    expect(await jobs()).toHaveLength(1);
  });

  it("moves a due job to ready with job:ready, and pre-creates the slot after it", async () => {
    await runScheduler(deps);
    clock.set("2026-03-04T11:00:00.000Z");
    expect(await runScheduler(deps)).toEqual({ started: 1, canceled: 0, created: 1, retried: 0 });
    const [due, next] = await jobs();
    expect(due).toMatchObject({ status: "ready", updatedAt: "2026-03-04T11:00:00.000Z" });
    expect(await topicsOf(due!.id)).toEqual(["job:created", "job:scheduled", "job:ready"]);
    expect(next).toMatchObject({
      status: "scheduled",
      metadata: { scheduledFor: "2026-03-04T12:00:00.000Z" },
    });
  });

  it("after downtime runs the one overdue job and skips the slots in between", async () => {
    await runScheduler(deps);
    clock.set("2026-03-04T15:30:00.000Z");
    expect(await runScheduler(deps)).toEqual({ started: 1, canceled: 0, created: 1, retried: 0 });
    const all = await jobs();
    expect(all.map((j) => [j.status, j.metadata.scheduledFor])).toEqual([
      ["ready", "2026-03-04T11:00:00.000Z"],
      ["scheduled", "2026-03-04T16:00:00.000Z"],
    ]);
  });

  it("cancels a due job whose action was removed, says why, and schedules nothing more", async () => {
    await runScheduler(deps);
    await store.transaction((tx) => tx.updateSpace({ ...space, actions: [] }));
    clock.set("2026-03-04T11:00:01.000Z");
    expect(await runScheduler(deps)).toEqual({ started: 0, canceled: 1, created: 0, retried: 0 });
    const [job] = await jobs();
    expect(job?.status).toBe("canceled");
    expect(job?.info).toMatch(/no longer on this space/);
    expect(await topicsOf(job!.id)).toEqual(["job:created", "job:scheduled", "job:updated"]);
    expect(await jobs()).toHaveLength(1);
  });

  it("cancels a due job whose action lost its schedule", async () => {
    await runScheduler(deps);
    const { schedule: _dropped, ...unscheduled } = refresh;
    await store.transaction((tx) => tx.updateSpace({ ...space, actions: [unscheduled] }));
    clock.set("2026-03-04T11:00:01.000Z");
    await runScheduler(deps);
    expect((await jobs())[0]).toMatchObject({
      status: "canceled",
      info: expect.stringMatching(/no longer scheduled/),
    });
  });

  it("a slot canceled by an operator does not run; the next one is prepared", async () => {
    await runScheduler(deps);
    const [job] = await jobs();
    await store.transaction((tx) =>
      tx.updateJob({ ...job!, status: "canceled", updatedAt: "2026-03-04T10:30:00.000Z" }, job!),
    );
    clock.set("2026-03-04T11:00:01.000Z");
    expect(await runScheduler(deps)).toEqual({ started: 0, canceled: 0, created: 1, retried: 0 });
    expect((await jobs()).map((j) => j.status)).toEqual(["canceled", "scheduled"]);
  });

  it("schedules actions of workbooks and sheets in their workbook, daily and weekly in UTC", async () => {
    const workbook = makeWorkbook({
      spaceId: space.id,
      environmentId: deps.environmentId,
      actions: [{ operation: "sync", label: "Sync", schedule: "daily" }],
    });
    const sheet = makeSheet({
      spaceId: space.id,
      workbookId: workbook.id,
      config: {
        name: "C",
        fields: [{ key: "a", type: "string" }],
        actions: [{ operation: "dedupe", label: "Dedupe", schedule: "weekly" }],
      },
    });
    await store.transaction(async (tx) => {
      await tx.insertWorkbook(workbook);
      await tx.insertSheet(sheet);
    });
    await runScheduler(deps);
    const byType = Object.fromEntries((await jobs()).map((j) => [j.type, j]));
    expect(byType.workbook).toMatchObject({
      source: workbook.id,
      workbookId: workbook.id,
      mode: "background",
      metadata: { schedule: "daily", scheduledFor: "2026-03-05T00:00:00.000Z" },
    });
    expect(byType.sheet).toMatchObject({
      source: sheet.id,
      workbookId: workbook.id,
      spaceId: space.id,
      metadata: { schedule: "weekly", scheduledFor: "2026-03-09T00:00:00.000Z" },
    });
  });
});
