import { describe, expect, it } from "vitest";
import type { Job, RetryPolicy } from "../core";
import { DEFAULT_JOB_OUTCOME, jobHandler, toCompleteDetails } from "./job-handler";
import { PermanentError } from "./permanent-error";
import { JobCanceledError } from "./listener/errors";
import { createListener, type Listener } from "./listener/listener";
import { deferred, jobEvents, memoryLogger, sleep, waitFor } from "./testing/helpers";
import { useServerProcess } from "./testing/server-process";

const ctx = useServerProcess();

/** A space, a listener mounted on it with `setup` applied, and a way to run a workbook job there. */
async function harness(setup: (listener: Listener) => void, options: { fetch?: typeof fetch } = {}) {
  const spaceId = (await ctx.api.spaces.create({ name: "Job handler" })).id;
  const logger = memoryLogger();
  const listener = createListener({ logger });
  setup(listener);
  await listener.mount({
    baseUrl: ctx.server.baseUrl,
    token: ctx.server.secretKey,
    spaceId,
    fetch: options.fetch,
  });
  const run = (operation: string, retry?: RetryPolicy) =>
    ctx.api.jobs.create({
      type: "workbook",
      operation,
      source: "us_wb_handler",
      spaceId,
      trigger: "immediate",
      retry,
    });
  const poll = async (jobId: string, status: Job["status"]) => {
    for (let i = 0; i < 500; i++) {
      const job = await ctx.api.jobs.get(jobId);
      if (job.status === status) return job;
      await sleep(20);
    }
    throw new Error(`job ${jobId} never became ${status}: ${(await ctx.api.jobs.get(jobId)).status}`);
  };
  const events = (jobId: string) => jobEvents(ctx.api, spaceId, jobId);
  return { spaceId, logger, listener, run, poll, events };
}

describe("toCompleteDetails", () => {
  it("reads nothing, an outcome, or complete details", () => {
    expect(toCompleteDetails(undefined)).toEqual({ outcome: DEFAULT_JOB_OUTCOME });
    expect(toCompleteDetails({ message: "Done" })).toEqual({ outcome: { message: "Done" } });
    expect(toCompleteDetails({ outcome: { message: "Done" }, info: "i" })).toEqual({
      outcome: { message: "Done" },
      info: "i",
    });
  });
});

describe("jobHandler", () => {
  it("acks, reports ticks, and completes with the returned outcome", async () => {
    let received: Job | undefined;
    const h = await harness((listener) =>
      listener.use(
        jobHandler("workbook:export", async (job, tick) => {
          received = job;
          await tick(25, "A quarter");
          await tick(50);
          await tick(75, "Three quarters");
          return {
            message: "Exported",
            acknowledge: true,
            next: { type: "url", url: "https://example.com/x" },
          };
        }),
      ),
    );
    const created = await h.run("export");
    const job = await h.poll(created.id, "complete");
    expect(received).toMatchObject({ id: created.id, status: "executing", info: "Accepted", progress: 0 });
    expect(job.outcome).toEqual({
      message: "Exported",
      acknowledge: true,
      next: { type: "url", url: "https://example.com/x" },
    });
    expect(job.claimedBy).toBe(h.listener.listenerId);

    const events = await h.events(created.id);
    expect(events.map((e) => e.topic)).toEqual([
      "job:created",
      "job:ready",
      "job:updated",
      "job:updated",
      "job:updated",
      "job:updated",
      "job:completed",
    ]);
    expect(
      events.filter((e) => e.topic === "job:updated").map((e) => [e.payload.progress, e.payload.info]),
    ).toEqual([
      [0, "Accepted"],
      [25, "A quarter"],
      [50, "A quarter"],
      [75, "Three quarters"],
    ]);
    await h.listener.unmount();
  });

  it("leaves a job it does not accept untouched, ready for another listener", async () => {
    const seen: string[] = [];
    const h = await harness((listener) =>
      listener.use(
        jobHandler("workbook:*", async (job) => void seen.push(job.operation), {
          accepts: async (event, { api }) => {
            const job = await api.jobs.get(event.context.jobId!);
            return job.operation === "mine";
          },
        }),
      ),
    );
    const declined = await h.run("theirs");
    await h.poll((await h.run("mine")).id, "complete");
    expect(seen).toEqual(["mine"]);
    const untouched = await ctx.api.jobs.get(declined.id);
    expect(untouched).toMatchObject({ status: "ready", progress: 0 });
    expect(untouched.claimedBy).toBeUndefined();
    await h.listener.unmount();
  });

  it("completes with the default outcome when the handler returns nothing, and accepts a filter", async () => {
    const h = await harness((listener) =>
      listener.use(jobHandler({ job: "workbook:*", operation: "quiet" }, async () => undefined)),
    );
    const job = await h.poll((await h.run("quiet")).id, "complete");
    expect(job.outcome).toEqual(DEFAULT_JOB_OUTCOME);
    await h.listener.unmount();
  });

  it("fails the job with the thrown error's message, acknowledge true", async () => {
    const h = await harness((listener) =>
      listener.use(
        jobHandler("workbook:broken", async (_job, tick) => {
          await tick(30);
          throw new Error("The destination refused the file");
        }),
      ),
    );
    const created = await h.run("broken");
    const job = await h.poll(created.id, "failed");
    expect(job.outcome).toEqual({ message: "The destination refused the file", acknowledge: true });
    expect(job.info).toBe("The destination refused the file");
    expect((await h.events(created.id)).map((e) => e.topic)).toEqual([
      "job:created",
      "job:ready",
      "job:updated",
      "job:updated",
      "job:failed",
    ]);
    // The listener logs the failure once `fail` answers it, which can be after this test's poll saw it.
    const failure = { level: "error", message: `job ${created.id} failed: The destination refused the file` };
    await waitFor(
      () => h.logger.lines.some((line) => line.level === failure.level && line.message === failure.message),
      "the listener's failure line",
    );
    await h.listener.unmount();
  });

  it("coalesces ticks: one ack in flight at a time, and the latest progress always arrives", async () => {
    let inFlight = 0;
    let peak = 0;
    let acks = 0;
    const countingFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const isAck = String(input).endsWith("/ack");
      if (!isAck) return fetch(input, init);
      acks += 1;
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        return await fetch(input, init);
      } finally {
        inFlight -= 1;
      }
    }) as typeof fetch;
    const h = await harness(
      (listener) =>
        listener.use(
          jobHandler("workbook:burst", async (_job, tick) => {
            for (let i = 1; i <= 50; i++) void tick(i);
            await tick(99, "Nearly");
          }),
        ),
      { fetch: countingFetch },
    );
    const created = await h.run("burst");
    await h.poll(created.id, "complete");
    const progress = (await h.events(created.id))
      .filter((e) => e.topic === "job:updated")
      .map((e) => e.payload.progress);
    expect(peak).toBe(1);
    // The first ack claims the job; of 51 ticks only a handful are sent, the last one being 99.
    expect(acks).toBeLessThan(10);
    expect(progress.at(-1)).toBe(99);
    expect(progress[0]).toBe(0);
    await h.listener.unmount();
  });

  it("gives the handler the signal, and does not complete a job canceled meanwhile", async () => {
    const started = deferred<string>();
    const stopped = deferred<unknown>();
    const h = await harness((listener) =>
      listener.use(
        jobHandler("workbook:cancelable", async (job, tick, { signal, event }) => {
          expect(event.topic).toBe("job:ready");
          started.resolve(job.id);
          await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
          stopped.resolve(signal.reason);
          await tick(90);
          return { message: "should not be reported" };
        }),
      ),
    );
    const created = await h.run("cancelable");
    await started.promise;
    await ctx.api.jobs.cancel(created.id);
    expect(await stopped.promise).toBeInstanceOf(JobCanceledError);
    await sleep(300);
    const job = await ctx.api.jobs.get(created.id);
    expect(job.status).toBe("canceled");
    expect(job.outcome).toBeUndefined();
    const topics = (await h.events(created.id)).map((e) => e.topic);
    expect(topics).not.toContain("job:completed");
    expect(topics).not.toContain("job:failed");
    await h.listener.unmount();
  });

  it("sends heartbeat acks while the handler is quiet, keeping progress and info, and none after it finished", async () => {
    const h = await harness((listener) =>
      listener.use(
        jobHandler(
          "workbook:slow",
          async (_job, tick) => {
            await tick(40, "Crunching");
            await sleep(1_000);
          },
          { heartbeatMs: 150 },
        ),
      ),
    );
    const created = await h.run("slow");
    await h.poll(created.id, "complete");
    const updates = async () =>
      (await h.events(created.id))
        .filter((e) => e.topic === "job:updated")
        .map((e) => [e.payload.progress, e.payload.info]);
    const sent = await updates();
    expect(sent.slice(0, 2)).toEqual([
      [0, "Accepted"],
      [40, "Crunching"],
    ]);
    // 1 s of silence at 150 ms: about six heartbeats, each leaving progress and info as the last tick set them.
    const heartbeats = sent.slice(2);
    expect(heartbeats.length).toBeGreaterThanOrEqual(2);
    expect(heartbeats.length).toBeLessThanOrEqual(7);
    for (const heartbeat of heartbeats) expect(heartbeat).toEqual([40, "Crunching"]);
    await sleep(400);
    expect(await updates()).toHaveLength(sent.length);
    await h.listener.unmount();
  });

  it("sends no heartbeat while ticks keep coming", async () => {
    const h = await harness((listener) =>
      listener.use(
        jobHandler(
          "workbook:busy",
          async (_job, tick) => {
            for (let i = 1; i <= 8; i++) {
              await sleep(40);
              await tick(i * 10);
            }
          },
          { heartbeatMs: 400 },
        ),
      ),
    );
    const created = await h.run("busy");
    await h.poll(created.id, "complete");
    const progress = (await h.events(created.id))
      .filter((e) => e.topic === "job:updated")
      .map((e) => e.payload.progress);
    expect(progress).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80]);
    await h.listener.unmount();
  });

  it("runs a job once when two listeners handle it: the first ack claims it", async () => {
    const runs: string[] = [];
    const handler = (name: string) =>
      jobHandler("workbook:contested", async () => {
        runs.push(name);
        await sleep(50);
      });
    const h = await harness((listener) => listener.use(handler("first")));
    const second = createListener({ logger: memoryLogger() }).use(handler("second"));
    await second.mount({ baseUrl: ctx.server.baseUrl, token: ctx.server.secretKey, spaceId: h.spaceId });
    const created = await h.run("contested");
    await h.poll(created.id, "complete");
    await sleep(200);
    expect(runs).toHaveLength(1);
    expect((await h.events(created.id)).filter((e) => e.topic === "job:completed")).toHaveLength(1);
    await Promise.all([h.listener.unmount(), second.unmount()]);
  });
  it("sends the handler's log lines in order, all of them before the job completes or fails", async () => {
    const h = await harness((listener) => {
      listener.use(
        jobHandler("workbook:export", async (_job, _tick, { log }) => {
          for (let i = 0; i < 250; i++) log(`row ${i}`);
          log("warn", "a warning", { row: 7 });
          log.error("an error");
          return { message: "Exported" };
        }),
      );
      listener.use(
        jobHandler("workbook:broken", async (_job, _tick, { log }) => {
          log.info("about to fail");
          throw new Error("boom");
        }),
      );
    });
    const done = await h.poll((await h.run("export")).id, "complete");
    const page = await ctx.api.jobs.logs(done.id, { pageSize: 1_000 });
    expect(page.lines.map((line) => line.message)).toEqual([
      ...Array.from({ length: 250 }, (_, i) => `row ${i}`),
      "a warning",
      "an error",
    ]);
    expect(page.lines.map((line) => line.seq)).toEqual(page.lines.map((_, i) => i + 1));
    expect(page.lines.at(-2)).toMatchObject({ level: "warn", data: { row: 7 } });
    // A few batches, not a request a line; every one before the outcome.
    const topics = (await h.events(done.id)).map((event) => event.topic);
    const batches = topics.filter((topic) => topic === "job:logs-appended").length;
    expect(batches).toBeGreaterThanOrEqual(2);
    expect(batches).toBeLessThanOrEqual(10);
    expect(topics.lastIndexOf("job:logs-appended")).toBeLessThan(topics.indexOf("job:completed"));

    const failed = await h.poll((await h.run("broken")).id, "failed");
    expect((await ctx.api.jobs.logs(failed.id)).lines.map((line) => line.message)).toEqual(["about to fail"]);
    const failedTopics = (await h.events(failed.id)).map((event) => event.topic);
    expect(failedTopics.indexOf("job:logs-appended")).toBeLessThan(failedTopics.indexOf("job:failed"));
  });

  it("runs a job with a retry policy again after a failed attempt, each attempt with its own log lines", async () => {
    const seen: number[] = [];
    const h = await harness((listener) =>
      listener.use(
        jobHandler("workbook:flaky", async (job, _tick, { log }) => {
          seen.push(job.attempt ?? 0);
          log.info(`attempt ${job.attempt}`);
          if ((job.attempt ?? 1) < 3) throw new Error(`CRM busy (${job.attempt})`);
          return { message: "Synced" };
        }),
      ),
    );
    const created = await h.run("flaky", { attempts: 3, backoff: { type: "fixed", delaySeconds: 1 } });
    const job = await h.poll(created.id, "complete");
    expect(seen).toEqual([1, 2, 3]);
    expect(job).toMatchObject({ attempt: 3, outcome: { message: "Synced" } });
    expect(job.attempts?.map((a) => [a.attempt, a.reason])).toEqual([
      [1, "CRM busy (1)"],
      [2, "CRM busy (2)"],
    ]);
    const second = await ctx.api.jobs.logs(job.id, { attempt: 2 });
    expect(second.lines.map((line) => line.message)).toEqual(["attempt 2"]);
    const topics = (await h.events(job.id)).map((e) => e.topic);
    expect(topics.filter((t) => t === "job:scheduled")).toHaveLength(2);
    expect(topics).not.toContain("job:failed");
    // A retried attempt is part of the plan: logged as info, not as the listener's error.
    expect(h.logger.lines.filter((line) => line.level === "error")).toEqual([]);
    expect(h.logger.lines).toContainEqual({
      level: "info",
      message: expect.stringMatching(/attempt 1 failed: CRM busy \(1\); attempt 2 at /),
    });
    await h.listener.unmount();
  });

  it("fails a job for good when its handler throws a PermanentError, attempts left or not", async () => {
    let runs = 0;
    const h = await harness((listener) =>
      listener.use(
        jobHandler("workbook:refused", async () => {
          runs++;
          throw new PermanentError("The CRM refused the API key");
        }),
      ),
    );
    const created = await h.run("refused", { attempts: 3, backoff: { type: "fixed", delaySeconds: 1 } });
    const job = await h.poll(created.id, "failed");
    expect(job).toMatchObject({ attempt: 1, outcome: { message: "The CRM refused the API key" } });
    await sleep(1_500);
    expect(runs).toBe(1);
    expect((await ctx.api.jobs.get(job.id)).status).toBe("failed");
    await h.listener.unmount();
  });
});
