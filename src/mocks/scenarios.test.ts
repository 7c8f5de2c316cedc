import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isJobHandled } from "../core";
import { createClient, type Listener, type Logger } from "../sdk";
import { DEFAULT_ACCOUNT_ID, DEFAULT_ENVIRONMENT_ID } from "../server/app";
import { startMaintenance } from "../server/maintenance";
import type { SystemWorker } from "../server/system-jobs";
import { createMockApi } from "./mock-api";
import { BURST_SIZE, createScenarios } from "./scenarios";
import { createDemoSpace, waitForJob, type MockDemoSpace } from "./seed";
import { SCENARIO_JOBS, startSimulatedListener } from "./simulated-listener";

const ORIGIN = "http://mock.test";
const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

// One mock for the file: seeding the demo space is the slow part, and every scenario works on it.
const mock = createMockApi();
const server = setupServer(...mock.handlers);
const admin = createClient({ baseUrl: ORIGIN, token: mock.secretKey });
let listener: Listener;
let worker: SystemWorker;
let demo: MockDemoSpace;
const scenarios = createScenarios({ admin, faults: mock.faults, target: () => demo });

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  // As mock mode does (main.tsx): the platform's own worker reads the demo space's file to import.
  worker = mock.startSystemWorker();
  listener = await startSimulatedListener({
    baseUrl: ORIGIN,
    secretKey: mock.secretKey,
    logger: quiet,
    stepMs: 20,
  });
  demo = await createDemoSpace(admin);
});
afterAll(async () => {
  await listener.unmount();
  await worker.stop();
  server.close();
});

describe("the simulated listener", () => {
  it("is listed by GET /listeners as connected, handling the demo's and the scenarios' jobs", async () => {
    const listed = await admin.listeners.list();
    expect(listed.map((l) => [l.id, l.name, l.status])).toEqual([
      [listener.listenerId, "mock-listener", "connected"],
    ]);
    expect(isJobHandled(`${SCENARIO_JOBS.slow.type}:${SCENARIO_JOBS.slow.operation}`, listed)).toBe(true);
    expect(isJobHandled("workbook:nobody-handles-this", listed)).toBe(false);
  });

  it("builds the demo space as the real demo listener does", async () => {
    const { counts } = await admin.sheets.counts(demo.sheetId);
    expect(counts.total).toBe(60);
    const space = await admin.spaces.get(demo.spaceId);
    expect(space.name).toBe("October Report");
  });

  it("plays the demo's failure followed by a retry (Sync to CRM)", async () => {
    const job = await admin.jobs.create({
      type: "workbook",
      operation: "sync-crm",
      source: demo.workbookId,
      trigger: "immediate",
    });
    expect(await waitForJob(admin, job.id)).toBe("failed");
    const failed = await admin.jobs.get(job.id);
    expect(failed.outcome?.next).toMatchObject({ type: "retry" });
    const failure = (await admin.jobs.logs(job.id)).lines;
    expect(failure.map((line) => line.level)).toEqual(["info", "warn", "error"]);

    await admin.jobs.retry(job.id);
    expect(await waitForJob(admin, job.id)).toBe("complete");
    const lines = (await admin.jobs.logs(job.id, { q: "accepted" })).lines;
    expect(lines.map((line) => line.message)).toEqual(["The CRM accepted the contacts"]);
  });

  it("plays the demo's automatic retries (Sync to billing) with the maintenance mock mode runs", async () => {
    // As mock mode does (main.tsx): the scheduler's pass starts each next attempt when it is due.
    const maintenance = startMaintenance({
      store: mock.store,
      now: () => new Date(),
      environmentId: DEFAULT_ENVIRONMENT_ID,
      accountId: DEFAULT_ACCOUNT_ID,
    });
    try {
      // Clicked in the dashboard: a person's job of the mounted action, which takes the action's retry policy.
      const { token } = await admin.auth.createToken({
        role: "user",
        spaceId: demo.spaceId,
        subject: "retrier",
      });
      const user = createClient({ baseUrl: ORIGIN, token });
      const job = await user.jobs.create({
        type: "workbook",
        operation: "sync-billing",
        source: demo.workbookId,
      });
      expect(await waitForJob(admin, job.id)).toBe("complete");
      const done = await admin.jobs.get(job.id);
      expect(done).toMatchObject({ attempt: 3, maxAttempts: 3 });
      expect(done.attempts?.map((a) => a.status)).toEqual(["failed", "failed"]);
      const third = (await admin.jobs.logs(job.id, { attempt: 3 })).lines;
      expect(third[0]?.message).toBe("Connecting to the billing service (attempt 3)");
    } finally {
      await maintenance.stop();
    }
  });
});

describe("the scenarios", () => {
  it("runs a slow job with progress, info and an estimated completion time", async () => {
    const job = await scenarios.slowJob();
    let seen: Awaited<ReturnType<typeof admin.jobs.get>> | undefined;
    for (let i = 0; i < 100 && !seen; i++) {
      const now = await admin.jobs.get(job.id);
      if (now.status === "executing" && now.estimatedCompletionAt && (now.progress ?? 0) > 0) seen = now;
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(seen?.info).toMatch(/^Step \d+ of 20/);
    expect(Date.parse(seen!.estimatedCompletionAt!)).toBeGreaterThan(Date.now() - 1_000);
    expect(await waitForJob(admin, job.id)).toBe("complete");
    const { lines } = await admin.jobs.logs(job.id, { pageSize: 1_000 });
    expect(lines.filter((line) => line.level === "info")).toHaveLength(20);
    expect(lines[0]?.message).toBe("Step 1 of 20 started");
  });

  it("runs a job that fails, with the reason in its outcome", async () => {
    const job = await scenarios.failingJob();
    expect(await waitForJob(admin, job.id)).toBe("failed");
    expect((await admin.jobs.get(job.id)).outcome?.message).toMatch(/failed this job on purpose/);
    const { lines } = await admin.jobs.logs(job.id, { level: "warn" });
    expect(lines.map((line) => line.message)).toEqual(["The work is not going well", "Giving up on purpose"]);
  });

  it("creates a burst of 1,000 jobs through the handlers, and the listener completes every one", async () => {
    expect(await scenarios.burst()).toBe(BURST_SIZE);
    const burst = {
      spaceId: demo.spaceId,
      type: "workbook",
      operation: SCENARIO_JOBS.burst.operation,
    } as const;
    const created = await admin.jobs.list({ ...burst, pageSize: 1 });
    expect(created.pagination.totalCount).toBe(BURST_SIZE);

    const deadline = Date.now() + 45_000;
    for (;;) {
      const done = await admin.jobs.list({ ...burst, status: "complete", pageSize: 1 });
      if (done.pagination.totalCount === BURST_SIZE) break;
      if (Date.now() > deadline) throw new Error(`only ${done.pagination.totalCount} burst jobs completed`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 90_000);

  it("mints a user token that the server refuses", async () => {
    const token = await scenarios.refusedUserToken();
    const refused = createClient({ baseUrl: ORIGIN, token });
    await expect(refused.spaces.get(demo.spaceId)).rejects.toMatchObject({ status: 401 });
  });

  it("drops the listener's stream; it reconnects and still runs new jobs", async () => {
    expect(scenarios.dropStream(100)).toBeGreaterThanOrEqual(1);
    const job = await scenarios.failingJob();
    expect(await waitForJob(admin, job.id)).toBe("failed");
  });
});
