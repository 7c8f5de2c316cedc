import { describe, expect, it } from "vitest";
import { deferred, memoryLogger, sleep, waitFor } from "../testing/helpers";
import { useServerProcess } from "../testing/server-process";
import { JobCanceledError, ListenerStoppedError } from "./errors";
import { createListener } from "./listener";

const ctx = useServerProcess();

async function newSpace(name: string) {
  return (await ctx.api.spaces.create({ name })).id;
}

const createJob = (spaceId: string, operation: string) =>
  ctx.api.jobs.create({ type: "space", operation, source: spaceId, trigger: "immediate" });

describe("delivery", () => {
  it("never runs more than maxConcurrency handlers at once", async () => {
    const spaceId = await newSpace("Concurrency");
    const listener = createListener({ maxConcurrency: 2, logger: memoryLogger() });
    let running = 0;
    let peak = 0;
    const done: string[] = [];
    listener.on("job:ready", { operation: "slow" }, async (event) => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(120);
      running -= 1;
      done.push(event.context.jobId!);
    });
    await listener.mount({ baseUrl: ctx.server.baseUrl, token: ctx.server.secretKey, spaceId });
    const jobs = await Promise.all(Array.from({ length: 10 }, () => createJob(spaceId, "slow")));
    await waitFor(() => done.length === 10, "ten handlers");
    expect(peak).toBe(2);
    expect(done.sort()).toEqual(jobs.map((j) => j.id).sort());
    await listener.unmount();
  });

  it("handles the events of one job in order, and different jobs concurrently", async () => {
    const spaceId = await newSpace("Order");
    // Counts the events of the jobs it creates only: the space's configure job, ready before, is not picked up.
    const listener = createListener({ logger: memoryLogger(), pickUpWaitingJobs: false });
    const log: string[] = [];
    listener.on("job:created", async (event) => {
      log.push(`start created ${event.context.jobId}`);
      await sleep(150);
      log.push(`end created ${event.context.jobId}`);
    });
    listener.on("job:ready", (event) => void log.push(`ready ${event.context.jobId}`));
    await listener.mount({ baseUrl: ctx.server.baseUrl, token: ctx.server.secretKey, spaceId });
    const [a, b] = [await createJob(spaceId, "a"), await createJob(spaceId, "b")];
    await waitFor(() => log.filter((l) => l.startsWith("ready")).length === 2, "both ready events");
    for (const job of [a, b]) {
      expect(log.indexOf(`end created ${job.id}`)).toBeLessThan(log.indexOf(`ready ${job.id}`));
    }
    // b's slow handler started before a's finished: two jobs, two queues.
    expect(log.indexOf(`start created ${b.id}`)).toBeLessThan(log.indexOf(`end created ${a.id}`));
    await listener.unmount();
  });

  it("logs a handler that throws and keeps delivering", async () => {
    const spaceId = await newSpace("Throws");
    const logger = memoryLogger();
    // Counts the events of the jobs it creates only: the space's configure job, ready before, is not picked up.
    const listener = createListener({ logger, pickUpWaitingJobs: false });
    const seen: string[] = [];
    listener.on("job:ready", (event) => {
      seen.push(event.payload.operation as string);
      if (event.payload.operation === "bad") throw new Error("handler broke");
    });
    listener.on("job:ready", (event) => void seen.push(`second ${event.payload.operation}`));
    await listener.mount({ baseUrl: ctx.server.baseUrl, token: ctx.server.secretKey, spaceId });
    await createJob(spaceId, "bad");
    await createJob(spaceId, "good");
    await waitFor(() => seen.length === 4, "four handler runs");
    expect(seen.sort()).toEqual(["bad", "good", "second bad", "second good"]);
    expect(logger.lines).toContainEqual({
      level: "error",
      message: "a handler of job:ready failed: handler broke",
    });
    await listener.unmount();
  });

  it("unmount() stops reading and resolves only after the running handler finished", async () => {
    const spaceId = await newSpace("Drain");
    const listener = createListener({ logger: memoryLogger() });
    const release = deferred();
    const started = deferred();
    let finished = false;
    let reason: unknown;
    listener.on("job:ready", async (_event, { signal }) => {
      started.resolve();
      await release.promise;
      reason = signal.reason;
      finished = true;
    });
    await listener.mount({ baseUrl: ctx.server.baseUrl, token: ctx.server.secretKey, spaceId });
    await createJob(spaceId, "long");
    await started.promise;

    let unmounted = false;
    const unmounting = listener.unmount().then(() => {
      unmounted = true;
    });
    await sleep(200);
    expect(unmounted).toBe(false);
    expect(listener.mounted).toBe(true);
    release.resolve();
    await unmounting;
    expect(finished).toBe(true);
    expect(reason).toBeInstanceOf(ListenerStoppedError);
    expect(listener.mounted).toBe(false);

    // Nothing more is read: a job created now reaches no handler, and the listener can be mounted again.
    const after: string[] = [];
    listener.on("job:created", (event) => void after.push(event.id));
    await createJob(spaceId, "after");
    await sleep(150);
    expect(after).toEqual([]);
    await listener.mount({ baseUrl: ctx.server.baseUrl, token: ctx.server.secretKey, spaceId });
    await createJob(spaceId, "again");
    await waitFor(() => after.length === 1, "the event after mounting again");
    await listener.unmount();
  });

  it("aborts the handler's signal when its job is canceled, even with no job:updated handler", async () => {
    const spaceId = await newSpace("Cancel");
    const listener = createListener({ logger: memoryLogger() });
    const started = deferred<string>();
    const aborted = deferred<unknown>();
    // Only this job: the space's own job, ready since the space was made, may reach the listener too.
    listener.on("job:ready", { operation: "cancel-me" }, async (event, { signal }) => {
      started.resolve(event.context.jobId!);
      await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      aborted.resolve(signal.reason);
    });
    await listener.mount({ baseUrl: ctx.server.baseUrl, token: ctx.server.secretKey, spaceId });
    expect(listener.stream?.filters.topics).toEqual(["job:ready", "job:updated"]);
    const job = await createJob(spaceId, "cancel-me");
    expect(await started.promise).toBe(job.id);
    await ctx.api.jobs.cancel(job.id, { info: "user canceled" });
    const reason = await aborted.promise;
    expect(reason).toBeInstanceOf(JobCanceledError);
    expect((reason as JobCanceledError).jobId).toBe(job.id);
    await listener.unmount();
  });

  it("gives handlers a client bound to the mount, sending the listener id", async () => {
    const spaceId = await newSpace("Bound");
    const listener = createListener({ listenerId: "listener-under-test", logger: memoryLogger() });
    listener.on("job:ready", async (event, { api: bound }) => {
      await bound.jobs.ack(event.context.jobId!, { info: "mine" });
    });
    await listener.mount({ baseUrl: ctx.server.baseUrl, token: ctx.server.secretKey, spaceId });
    const job = await createJob(spaceId, "claim");
    let claimed: string | undefined;
    for (let i = 0; i < 200 && !claimed; i++) {
      claimed = (await ctx.api.jobs.get(job.id)).claimedBy;
      if (!claimed) await sleep(20);
    }
    expect(claimed).toBe("listener-under-test");
    expect(listener.listenerId).toBe("listener-under-test");
    await listener.unmount();
  });
});
