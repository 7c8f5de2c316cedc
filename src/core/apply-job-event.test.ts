import { describe, expect, it } from "vitest";
import { applyJobEvent, jobEventPayloadOf } from "./apply-job-event";
import {
  applyJobEventWith,
  finishedStatusOf,
  JOB_EVENT_PAYLOAD_FIELDS,
  jobPayloadAsSent,
} from "./apply-job-payload";
import { JobEventPayload } from "./schemas/event";
import type { Job } from "./schemas/job";
import { JOB_LOGS_APPENDED_TOPIC } from "./schemas/job-log";

const T0 = "2024-03-01T09:00:00.000Z";
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1_000).toISOString();

const job: Job = {
  id: "us_jb_apply000000001",
  type: "workbook",
  operation: "export",
  source: "us_wb_apply000000001",
  trigger: "immediate",
  status: "executing",
  progress: 40,
  info: "Writing",
  mode: "background",
  managed: false,
  environmentId: "us_env_apply00000001",
  metadata: { kept: true },
  createdAt: T0,
  updatedAt: at(10),
  startedAt: at(5),
};

const payload = (fields: Record<string, unknown>) => ({
  job: "workbook:export",
  domain: "workbook",
  operation: "export",
  mode: "background",
  isPart: false,
  progress: 0,
  ...fields,
});
const event = (topic: string, seconds: number, fields: Record<string, unknown>) => ({
  topic,
  createdAt: at(seconds),
  payload: payload(fields),
});

describe("applyJobEvent", () => {
  it("takes status, progress, info and estimate from a tick, and keeps what the payload does not carry", () => {
    const estimatedCompletionAt = at(90);
    const { job: next, reread } = applyJobEvent(
      job,
      event("job:updated", 11, { status: "executing", progress: 55, estimatedCompletionAt }),
    );
    expect(reread).toBe(false);
    expect(next).toEqual({
      ...job,
      progress: 55,
      info: undefined,
      estimatedCompletionAt,
      updatedAt: at(11),
    });
    expect(next).not.toHaveProperty("info");
    expect(next?.metadata).toEqual({ kept: true });
  });

  it("ignores an event older than the copy, and job:created of a known job", () => {
    const older = applyJobEvent(job, event("job:updated", 9, { status: "executing", progress: 20 }));
    expect(older).toEqual({ job, reread: false });
    expect(older.job).toBe(job);
    // A job created straight into ready: its job:created says "created" at the time the copy already has.
    const created = applyJobEvent(job, event("job:created", 10, { status: "created" }));
    expect(created.job).toBe(job);
  });

  it("sets startedAt on the first executing, and finishes with finishedAt and the outcome", () => {
    const ready: Job = { ...job, status: "ready", progress: 0, startedAt: undefined };
    const started = applyJobEvent(ready, event("job:updated", 11, { status: "executing", progress: 5 })).job;
    expect(started?.startedAt).toBe(at(11));
    const outcome = { heading: "Exported", acknowledge: true };
    const done = applyJobEvent(
      started,
      event("job:completed", 12, { status: "complete", progress: 100, outcome }),
    );
    expect(done.job).toMatchObject({ status: "complete", startedAt: at(11), finishedAt: at(12), outcome });
    const acknowledged = applyJobEvent(
      done.job,
      event("job:outcome-acknowledged", 13, { status: "complete" }),
    ).job;
    expect(acknowledged?.outcomeAcknowledgedAt).toBe(at(13));
  });

  it("treats job:updated with status canceled as the cancel it is", () => {
    const { job: canceled } = applyJobEvent(
      job,
      event("job:updated", 11, { status: "canceled", progress: 40 }),
    );
    expect(canceled).toMatchObject({ status: "canceled", finishedAt: at(11), startedAt: at(5) });
  });

  it("clears the last run on a retry (job:ready after failed or canceled)", () => {
    const failed: Job = {
      ...job,
      status: "failed",
      finishedAt: at(10),
      outcome: { heading: "No answer" },
      outcomeAcknowledgedAt: at(10),
      claimedBy: "listener-a",
      estimatedCompletionAt: at(60),
    };
    const { job: retried } = applyJobEvent(failed, event("job:ready", 11, { status: "ready", progress: 0 }));
    expect(retried).toEqual({
      ...job,
      status: "ready",
      progress: 0,
      info: undefined,
      startedAt: undefined,
      updatedAt: at(11),
    });
    expect(Object.keys(retried ?? {})).not.toContain("outcome");
  });

  it("answers no job once deleted, or when there was none, and asks for a read when the payload is not a job event's", () => {
    expect(applyJobEvent(job, event("job:deleted", 11, { status: "executing" }))).toEqual({
      job: undefined,
      reread: false,
    });
    expect(applyJobEvent(undefined, event("job:updated", 11, { status: "executing" }))).toEqual({
      job: undefined,
      reread: false,
    });
    const stray = { topic: "job:updated", createdAt: at(11), payload: { status: "executing" } };
    expect(applyJobEvent(job, stray)).toEqual({ job, reread: true });
  });

  it("leaves the job as it is on new log lines, with no read: they change nothing of the job", () => {
    const logs = {
      topic: JOB_LOGS_APPENDED_TOPIC,
      createdAt: at(11),
      payload: { firstSeq: 1, lastSeq: 3, count: 3, dropped: 0, level: "info" },
    };
    expect(applyJobEvent(job, logs)).toEqual({ job, reread: false });
    expect(applyJobEventWith(job, logs, jobPayloadAsSent)).toEqual({ job, reread: false });
  });
});

describe("finishedStatusOf", () => {
  it("names the final status of the events that finish a job, a cancel included", () => {
    expect(finishedStatusOf(event("job:completed", 1, { status: "complete" }))).toBe("complete");
    expect(finishedStatusOf(event("job:failed", 1, { status: "failed" }))).toBe("failed");
    expect(finishedStatusOf(event("job:updated", 1, { status: "canceled" }))).toBe("canceled");
    expect(finishedStatusOf(event("job:updated", 1, { status: "executing" }))).toBeUndefined();
    expect(finishedStatusOf(event("job:outcome-acknowledged", 1, { status: "canceled" }))).toBeUndefined();
  });
});

describe("jobEventPayloadOf", () => {
  it("reads a job event's payload and refuses anything else", () => {
    expect(jobEventPayloadOf(event("job:ready", 1, { status: "ready" }))?.status).toBe("ready");
    expect(jobEventPayloadOf({ payload: { status: "somewhere" } })).toBeUndefined();
  });
});

describe("applyJobEventWith", () => {
  it("applies a payload taken as sent as applyJobEvent applies the checked one", () => {
    const ticks = [
      event("job:updated", 11, { status: "executing", progress: 55, info: "Half" }),
      event("job:completed", 12, { status: "complete", progress: 100, outcome: { heading: "Done" } }),
      event("job:outcome-acknowledged", 13, { status: "complete", progress: 100 }),
    ];
    let checked: Job | undefined = job;
    let asSent: Job | undefined = job;
    for (const tick of ticks) {
      checked = applyJobEvent(checked, tick).job;
      asSent = applyJobEventWith(asSent, tick, jobPayloadAsSent).job;
      expect(asSent).toEqual(checked);
    }
    expect(asSent).toMatchObject({ status: "complete", finishedAt: at(12), outcomeAcknowledgedAt: at(13) });
  });

  it("asks for a read when a payload taken as sent lacks a field every job event carries", () => {
    const stray = { topic: "job:completed", createdAt: at(11), payload: { status: "complete" } };
    expect(applyJobEventWith(job, stray, jobPayloadAsSent)).toEqual({ job, reread: true });
  });

  it("knows the fields every job event carries as JobEventPayload requires them", () => {
    const required = Object.entries(JobEventPayload.shape)
      .filter(([, schema]) => !schema.safeParse(undefined).success)
      .map(([field]) => field);
    expect([...JOB_EVENT_PAYLOAD_FIELDS].sort()).toEqual(required.sort());
  });
});
