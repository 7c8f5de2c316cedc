import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Action, Job, Principal, RetryPolicy, Space } from "../../core";
import { JobService } from "../services/job-service";
import type { ServiceDeps } from "../services/service-deps";
import { makeSpace } from "../store/store-fixtures";
import type { Store } from "../store/store";
import { EMBEDDED_ADAPTERS } from "../testing/embedded-stores";
import { TestClock, testDeps } from "../testing/test-clock";
import { runScheduler } from "./scheduler";
import { runWatchdog } from "./watchdog";

const SECRET: Principal = { kind: "secret", subject: "secret-key" };
const START = "2026-03-04T10:00:00.000Z";
const FIXED: RetryPolicy = { attempts: 3, backoff: { type: "fixed", delaySeconds: 30 } };
const sync: Action = { operation: "sync", label: "Sync to CRM", retry: FIXED };

describe.each(EMBEDDED_ADAPTERS)("automatic retries on %s", (_name, open) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let clock: TestClock;
  let deps: ServiceDeps;
  let jobs: JobService;
  let space: Space;

  beforeEach(async () => {
    ({ store, cleanup } = await open());
    clock = new TestClock(START);
    deps = testDeps(store, clock);
    jobs = new JobService(deps);
    space = makeSpace({ environmentId: deps.environmentId, actions: [sync] });
    await store.transaction((tx) => tx.insertSpace(space));
  });

  afterEach(async () => {
    await cleanup();
  });

  const create = (retry: RetryPolicy | undefined = FIXED) =>
    jobs.create({ type: "space", operation: "sync", source: space.id, trigger: "immediate", retry }, SECRET);
  const seconds = (n: number) => clock.advance(n * 1000);
  const failAttempt = async (job: Job, message: string, retry?: boolean) => {
    await jobs.run(job.id, { type: "ack", details: {} }, SECRET);
    return jobs.run(job.id, { type: "fail", details: { outcome: { message }, retry } }, SECRET);
  };
  const eventsOf = async (jobId: string) =>
    (await store.readEventsAfter(0, 1_000)).filter((e) => e.context.jobId === jobId);

  it("makes the next attempt ready when its fixed delay has passed, not before", async () => {
    const job = await create();
    seconds(5);
    const waiting = await failAttempt(job, "CRM unreachable");
    expect(waiting).toMatchObject({
      status: "scheduled",
      attempt: 2,
      nextAttemptAt: "2026-03-04T10:00:35.000Z",
    });

    seconds(29);
    expect(await runScheduler(deps)).toMatchObject({ retried: 0, nextAttemptAt: waiting.nextAttemptAt });
    expect((await store.getJob(job.id))?.status).toBe("scheduled");
    seconds(1);
    expect(await runScheduler(deps)).toMatchObject({ retried: 1 });
    expect(await store.getJob(job.id)).toMatchObject({ status: "ready", attempt: 2, maxAttempts: 3 });

    const events = await eventsOf(job.id);
    expect(events.map((e) => [e.topic, e.payload.attempt])).toEqual([
      ["job:created", 1],
      ["job:ready", 1],
      ["job:updated", 1],
      ["job:scheduled", 2],
      ["job:ready", 2],
    ]);
    expect(events[3]?.payload).toMatchObject({
      nextAttemptAt: waiting.nextAttemptAt,
      failedAttempt: { attempt: 1, status: "failed", reason: "CRM unreachable" },
    });
    // Listeners waiting for job:failed hear nothing until the job failed for good.
    expect(events.some((e) => e.topic === "job:failed")).toBe(false);
  });

  it("waits twice as long before each retry with an exponential backoff, then fails for good", async () => {
    const job = await create({ attempts: 4, backoff: { type: "exponential", delaySeconds: 10 } });
    const waits: number[] = [];
    for (let attempt = 1; attempt < 4; attempt++) {
      const waiting = await failAttempt(job, `failure ${attempt}`);
      const wait = (Date.parse(waiting.nextAttemptAt ?? "") - clock.now().getTime()) / 1000;
      waits.push(wait);
      seconds(wait - 1);
      expect((await runScheduler(deps)).retried).toBe(0);
      seconds(1);
      expect((await runScheduler(deps)).retried).toBe(1);
    }
    expect(waits).toEqual([10, 20, 40]);
    const failed = await failAttempt(job, "failure 4");
    expect(failed).toMatchObject({ status: "failed", attempt: 4 });
    expect(failed.attempts?.map((a) => a.reason)).toEqual(["failure 1", "failure 2", "failure 3"]);
    expect((await eventsOf(job.id)).filter((e) => e.topic === "job:failed")).toHaveLength(1);
  });

  it("stops the remaining attempts when the job is canceled between two of them", async () => {
    const job = await create();
    await failAttempt(job, "down");
    await jobs.run(job.id, { type: "cancel", details: {} }, SECRET);
    seconds(60);
    expect(await runScheduler(deps)).toMatchObject({ retried: 0 });
    const canceled = await store.getJob(job.id);
    expect(canceled?.status).toBe("canceled");
    expect(canceled).not.toHaveProperty("nextAttemptAt");
  });

  it("fails for good a failure the listener says is not worth retrying", async () => {
    const job = await create();
    const failed = await failAttempt(job, "The API key was refused", false);
    expect(failed).toMatchObject({ status: "failed", attempt: 1 });
    seconds(60);
    expect((await runScheduler(deps)).retried).toBe(0);
  });

  it("counts an attempt the watchdog times out as a failed attempt", async () => {
    const job = await create();
    seconds(601);
    expect(await runWatchdog(deps, { readyTimeoutMs: 600_000, leaseMs: 300_000 })).toBe(1);
    const waiting = await store.getJob(job.id);
    expect(waiting).toMatchObject({ status: "scheduled", attempt: 2 });
    expect(waiting?.attempts?.[0]?.reason).toMatch(/No listener acknowledged/);
  });

  it("gives a manually retried job a new round, numbered on", async () => {
    const job = await create({ attempts: 2, backoff: { type: "fixed", delaySeconds: 1 } });
    await failAttempt(job, "one");
    seconds(1);
    await runScheduler(deps);
    expect(await failAttempt(job, "two")).toMatchObject({ status: "failed", attempt: 2 });
    const retried = await jobs.run(job.id, { type: "retry" }, SECRET);
    expect(retried).toMatchObject({ status: "ready", attempt: 3, maxAttempts: 4 });
    expect(await failAttempt(job, "three")).toMatchObject({ status: "scheduled", attempt: 4 });
  });

  it("gives a job created by an action the action's retry policy", async () => {
    const user: Principal = { kind: "user", subject: "us_usr_1", spaceId: space.id };
    const job = await jobs.create({ type: "space", operation: "sync", source: space.id }, user);
    expect(job).toMatchObject({ retry: FIXED, attempt: 1, maxAttempts: 3 });
  });

  it("gives a job the secret key creates for a mounted action the action's policy, and retries it", async () => {
    const job = await jobs.create(
      { type: "space", operation: "sync", source: space.id, trigger: "immediate" },
      SECRET,
    );
    expect(job).toMatchObject({ retry: FIXED, attempt: 1, maxAttempts: 3 });
    const waiting = await failAttempt(job, "CRM unreachable");
    expect(waiting).toMatchObject({ status: "scheduled", attempt: 2 });
    seconds(30);
    expect(await runScheduler(deps)).toMatchObject({ retried: 1 });
    expect(await store.getJob(job.id)).toMatchObject({ status: "ready", attempt: 2 });
  });

  it("keeps the policy a job of the secret key gives, over its action's", async () => {
    const once: RetryPolicy = { attempts: 1, backoff: { type: "fixed", delaySeconds: 1 } };
    expect(await create(once)).toMatchObject({ retry: once, maxAttempts: 1 });
    // An operation nothing mounts has no policy to take.
    const custom = await jobs.create(
      { type: "space", operation: "custom", source: space.id, trigger: "immediate" },
      SECRET,
    );
    expect(custom).not.toHaveProperty("retry");
    expect(custom).not.toHaveProperty("maxAttempts");
  });

  it("retries a scheduled action's run at its retry time, not at once as a slot that is due", async () => {
    const hourly: Action = { ...sync, operation: "hourly-sync", schedule: "hourly" };
    await store.transaction(async (tx) => {
      const current = await tx.getSpace(space.id);
      await tx.updateSpace({ ...current!, actions: [sync, hourly] });
    });
    clock.set("2026-03-04T10:59:00.000Z");
    await runScheduler(deps);
    clock.set("2026-03-04T11:00:00.000Z");
    expect(await runScheduler(deps)).toMatchObject({ started: 1 });
    const run = (await store.listJobs({ sortDirection: "asc", limit: 10, offset: 0 })).items.find(
      (job) => job.operation === "hourly-sync" && job.status === "ready",
    );
    expect(run).toMatchObject({ retry: FIXED, attempt: 1 });
    await failAttempt(run!, "down");

    seconds(10);
    const early = await runScheduler(deps);
    expect(early).toMatchObject({ started: 0, canceled: 0, retried: 0 });
    expect((await store.getJob(run!.id))?.status).toBe("scheduled");
    seconds(20);
    expect(await runScheduler(deps)).toMatchObject({ started: 0, canceled: 0, retried: 1 });
    expect(await store.getJob(run!.id)).toMatchObject({ status: "ready", attempt: 2 });
  });
});
