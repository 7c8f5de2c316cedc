import { describe, expect, it } from "vitest";
import {
  Action,
  createJob,
  jobEventPayload,
  JobFailDetails,
  nextAttemptAt,
  RETRY_LIMITS,
  retryDelaySeconds,
  RetryPolicy,
  transition,
  type Job,
  type JobCommand,
  type JobTransition,
} from "./index";

const T0 = Date.parse("2024-03-01T09:00:00.000Z");
/** A fake clock: the ISO time `seconds` after T0. */
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

const FIXED: RetryPolicy = { attempts: 3, backoff: { type: "fixed", delaySeconds: 30 } };
const EXPONENTIAL: RetryPolicy = { attempts: 5, backoff: { type: "exponential", delaySeconds: 5 } };

function newJob(retry?: RetryPolicy): Job {
  return createJob(
    { type: "workbook", operation: "sync", source: "us_wb_test0000000001", trigger: "immediate", retry },
    {
      id: "us_jb_test0000000001",
      now: at(0),
      environmentId: "us_env_test000000001",
      predecessorsComplete: true,
    },
  ).job;
}

function allowed(result: JobTransition): Extract<JobTransition, { ok: true }> {
  if (!result.ok) throw new Error(result.message);
  return result;
}

const run = (job: Job, command: JobCommand, seconds: number) =>
  allowed(transition(job, command, { now: at(seconds), predecessorsComplete: true }));

const ack: JobCommand = { type: "ack", details: {}, listenerId: "listener-a" };
const failWith = (message: string, retry?: boolean, listenerId = "listener-a"): JobCommand => ({
  type: "fail",
  details: { outcome: { message }, retry },
  listenerId,
});

describe("retryDelaySeconds", () => {
  it("waits the same delay before every retry with a fixed backoff", () => {
    expect([1, 2, 3, 9].map((n) => retryDelaySeconds(FIXED.backoff, n))).toEqual([30, 30, 30, 30]);
  });

  it("doubles the delay for each retry with an exponential backoff, up to the cap", () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(EXPONENTIAL.backoff, n))).toEqual([5, 10, 20, 40]);
    const long = { type: "exponential", delaySeconds: 1_000 } as const;
    expect(retryDelaySeconds(long, 2)).toBe(2_000);
    expect(retryDelaySeconds(long, 3)).toBe(RETRY_LIMITS.maxDelaySeconds);
  });
});

describe("retry policy schema", () => {
  it("bounds attempts and delay", () => {
    expect(RetryPolicy.safeParse(FIXED).success).toBe(true);
    for (const bad of [
      { ...FIXED, attempts: 0 },
      { ...FIXED, attempts: RETRY_LIMITS.attempts + 1 },
      { ...FIXED, backoff: { type: "fixed", delaySeconds: 0 } },
      { ...FIXED, backoff: { type: "fixed", delaySeconds: RETRY_LIMITS.delaySeconds + 1 } },
      { ...FIXED, backoff: { type: "linear", delaySeconds: 5 } },
    ])
      expect(RetryPolicy.safeParse(bad).success).toBe(false);
  });

  it("is accepted on an action and in a fail body", () => {
    expect(Action.parse({ operation: "sync", label: "Sync", retry: FIXED }).retry).toEqual(FIXED);
    expect(JobFailDetails.parse({ retry: false })).toEqual({ retry: false });
  });
});

describe("a job with a retry policy", () => {
  it("starts at attempt 1 of its policy's attempts", () => {
    expect(newJob(FIXED)).toMatchObject({ attempt: 1, maxAttempts: 3, retry: FIXED });
    const plain = newJob();
    expect(plain.attempt).toBe(1);
    expect(plain).not.toHaveProperty("maxAttempts");
  });

  it("schedules a failed attempt again after the fixed delay, then fails for good on the last", () => {
    let job = run(newJob(FIXED), ack, 1).job;
    const first = run(job, failWith("CRM unreachable"), 10);
    expect(first.topics).toEqual(["job:scheduled"]);
    job = first.job;
    expect(job).toMatchObject({ status: "scheduled", attempt: 2, nextAttemptAt: at(40), progress: 0 });
    for (const key of ["outcome", "startedAt", "finishedAt", "claimedBy", "info"] as const)
      expect(job).not.toHaveProperty(key);
    expect(job.attempts).toEqual([
      { attempt: 1, status: "failed", startedAt: at(1), finishedAt: at(10), reason: "CRM unreachable" },
    ]);
    const payload = jobEventPayload(job, "job:scheduled");
    expect(payload).toMatchObject({ status: "scheduled", attempt: 2, maxAttempts: 3, nextAttemptAt: at(40) });
    expect(payload.failedAttempt).toMatchObject({ attempt: 1, reason: "CRM unreachable" });

    const due = run(job, { type: "due" }, 40);
    expect(due.topics).toEqual(["job:ready"]);
    expect(due.job).not.toHaveProperty("nextAttemptAt");
    expect(jobEventPayload(due.job, "job:ready").attempt).toBe(2);

    // Another listener may take the next attempt: the claim went with the failed one.
    job = run(due.job, { type: "ack", details: {}, listenerId: "listener-b" }, 41).job;
    expect(job.claimedBy).toBe("listener-b");
    job = run(job, failWith("still down", undefined, "listener-b"), 50).job;
    expect(job).toMatchObject({ status: "scheduled", attempt: 3, nextAttemptAt: at(80) });
    job = run(run(job, { type: "due" }, 80).job, ack, 81).job;
    const last = run(job, failWith("gave up"), 90);
    expect(last.topics).toEqual(["job:failed"]);
    expect(last.job).toMatchObject({ status: "failed", attempt: 3, outcome: { message: "gave up" } });
    expect(last.job).not.toHaveProperty("nextAttemptAt");
    expect(last.job.attempts?.map((a) => a.attempt)).toEqual([1, 2]);
  });

  it("waits twice as long before each retry with an exponential backoff", () => {
    let job = newJob(EXPONENTIAL);
    let clock = 0;
    const waits: number[] = [];
    for (let attempt = 1; attempt < EXPONENTIAL.attempts; attempt++) {
      job = run(job, failWith(`attempt ${attempt}`), (clock += 1)).job;
      const next = Date.parse(job.nextAttemptAt ?? "");
      waits.push((next - Date.parse(at(clock))) / 1000);
      clock = (next - T0) / 1000;
      job = run(job, { type: "due" }, clock).job;
    }
    expect(waits).toEqual([5, 10, 20, 40]);
    expect(run(job, failWith("last"), clock + 1).job.status).toBe("failed");
  });

  it("fails for good when the listener says the failure is not worth retrying", () => {
    const result = run(newJob(FIXED), failWith("bad credentials", false), 5);
    expect(result.topics).toEqual(["job:failed"]);
    expect(result.job).toMatchObject({ status: "failed", attempt: 1 });
  });

  it("counts a fail of a job still ready (a timeout) as a failed attempt", () => {
    const result = run(newJob(FIXED), { type: "fail", details: { outcome: { heading: "Timed out" } } }, 600);
    expect(result.job).toMatchObject({ status: "scheduled", attempt: 2, nextAttemptAt: at(630) });
    expect(result.job.attempts?.[0]).toMatchObject({ startedAt: at(600), reason: "Timed out" });
  });

  it("stops the remaining attempts when canceled between two of them", () => {
    const waiting = run(run(newJob(FIXED), ack, 1).job, failWith("down"), 2).job;
    const canceled = run(waiting, { type: "cancel", details: {} }, 3);
    expect(canceled.job.status).toBe("canceled");
    expect(canceled.job).not.toHaveProperty("nextAttemptAt");
    expect(transition(canceled.job, { type: "due" }, { now: at(32) }).ok).toBe(false);
    // The attempt that never started keeps its number when a person retries.
    const retried = run(canceled.job, { type: "retry" }, 4).job;
    expect(retried).toMatchObject({ status: "ready", attempt: 2, maxAttempts: 4 });
    expect(retried.attempts).toHaveLength(1);
  });

  it("goes on numbering after a manual retry, with a new round of attempts", () => {
    let job = newJob(FIXED);
    for (let n = 1; n <= 3; n++) {
      job = run(job, ack, n * 100).job;
      job = run(job, failWith(`failure ${n}`), n * 100 + 1).job;
      if (n < 3) job = run(job, { type: "due" }, n * 100 + 50).job;
    }
    expect(job.status).toBe("failed");
    const retried = run(job, { type: "retry" }, 500);
    expect(retried.topics).toEqual(["job:ready"]);
    expect(retried.job).toMatchObject({ attempt: 4, maxAttempts: 6 });
    expect(retried.job.attempts?.map((a) => [a.attempt, a.reason])).toEqual([
      [1, "failure 1"],
      [2, "failure 2"],
      [3, "failure 3"],
    ]);
    expect(nextAttemptAt(retried.job, at(600))).toBe(at(630));
  });

  it("keeps a bounded history of earlier attempts", () => {
    let job = newJob({ attempts: 1, backoff: { type: "fixed", delaySeconds: 1 } });
    for (let n = 1; n <= RETRY_LIMITS.history + 5; n++) {
      job = run(run(job, ack, n * 10).job, failWith(`f${n}`), n * 10 + 1).job;
      job = run(job, { type: "retry" }, n * 10 + 2).job;
    }
    expect(job.attempts).toHaveLength(RETRY_LIMITS.history);
    expect(job.attempts?.at(-1)?.attempt).toBe(RETRY_LIMITS.history + 5);
  });

  it("never retries a job without a policy", () => {
    const result = run(run(newJob(), ack, 1).job, failWith("broken"), 2);
    expect(result.topics).toEqual(["job:failed"]);
  });
});

describe("a dashboard's copy of a job waiting to retry", () => {
  it("takes the attempt, the next attempt's time and the failed attempt from the job:scheduled event, once", async () => {
    const { applyJobEvent } = await import("./apply-job-event");
    const running = run(newJob(FIXED), ack, 1).job;
    const waiting = run(running, failWith("CRM unreachable"), 10).job;
    const event = {
      topic: "job:scheduled",
      createdAt: at(10),
      payload: jobEventPayload(waiting, "job:scheduled"),
    };
    const copy = applyJobEvent(running, event).job;
    expect(copy).toMatchObject({ status: "scheduled", attempt: 2, nextAttemptAt: at(40) });
    expect(copy).not.toHaveProperty("startedAt");
    expect(copy?.attempts).toEqual(waiting.attempts);
    expect(applyJobEvent(copy, event).job?.attempts).toHaveLength(1);
  });
});
