import { describe, expect, it } from "vitest";
import {
  JOB_STATUSES,
  Job,
  createJob,
  jobEventPayload,
  transition,
  type JobCommand,
  type JobConfig,
  type JobStatus,
  type JobTopic,
} from "./index";

const CREATED_AT = "2024-03-01T09:00:00.000Z";
const STARTED_AT = "2024-03-01T09:01:00.000Z";
const FINISHED_AT = "2024-03-01T09:02:00.000Z";
const NOW = "2024-03-01T10:00:00.000Z";
const LATER = "2024-03-01T11:00:00.000Z";
const ESTIMATE = "2024-03-01T12:00:00.000Z";

const FINAL: readonly JobStatus[] = ["complete", "failed", "canceled"];

/** A valid job in `status`, with the fields a job in that status would have. */
function makeJob(status: JobStatus, overrides: Partial<Job> = {}): Job {
  const started = status === "executing" || FINAL.includes(status);
  const job: Job = {
    id: "us_jb_test0000000001",
    type: "workbook",
    operation: "export",
    source: "us_wb_test0000000001",
    trigger: "manual",
    status,
    progress: status === "complete" ? 100 : started ? 40 : 0,
    mode: "background",
    managed: false,
    environmentId: "us_env_test000000001",
    spaceId: "us_sp_test0000000001",
    metadata: {},
    createdAt: CREATED_AT,
    updatedAt: started ? STARTED_AT : CREATED_AT,
    ...(started ? { startedAt: STARTED_AT } : {}),
    ...(FINAL.includes(status) ? { finishedAt: FINISHED_AT } : {}),
    ...overrides,
  };
  // Every job a test starts from must be one the API could really return.
  return Job.parse(job);
}

const CALLS = [
  "execute",
  "ack",
  "update",
  "complete",
  "fail",
  "cancel",
  "retry",
  "ackOutcome",
  "delete",
  "due",
] as const;
type Call = (typeof CALLS)[number];

/**
 * The spec's transition table, written out by hand: for each call, the statuses it is allowed from and the status it
 * leads to. Every pair not listed must be refused with a conflict.
 */
const TABLE: Record<Call, Partial<Record<JobStatus, JobStatus>>> = {
  execute: { created: "ready", planning: "ready" },
  ack: { ready: "executing", executing: "executing" },
  update: {
    created: "created",
    planning: "planning",
    scheduled: "scheduled",
    waiting: "waiting",
    ready: "ready",
    executing: "executing",
  },
  complete: { ready: "complete", executing: "complete" },
  fail: { ready: "failed", executing: "failed" },
  cancel: {
    created: "canceled",
    planning: "canceled",
    scheduled: "canceled",
    waiting: "canceled",
    ready: "canceled",
    executing: "canceled",
  },
  retry: { failed: "ready", canceled: "ready" },
  ackOutcome: { complete: "complete", failed: "failed", canceled: "canceled" },
  delete: {
    created: "created",
    planning: "planning",
    scheduled: "scheduled",
    waiting: "waiting",
    ready: "ready",
    complete: "complete",
    failed: "failed",
    canceled: "canceled",
  },
  due: { scheduled: "ready" },
};

const TOPICS: Record<Call, JobTopic[]> = {
  execute: ["job:ready"],
  ack: ["job:updated"],
  update: ["job:updated"],
  complete: ["job:completed"],
  fail: ["job:failed"],
  cancel: ["job:updated"],
  retry: ["job:ready"],
  ackOutcome: ["job:outcome-acknowledged"],
  delete: ["job:deleted"],
  due: ["job:ready"],
};

const LISTENER_A = "listener-a";
const LISTENER_B = "listener-b";
const DONE_OUTCOME = { heading: "Export ready", message: "3 records exported" };
const FAILED_OUTCOME = { heading: "Export failed", message: "The sheet is empty" };

function command(call: Call): JobCommand {
  switch (call) {
    case "execute":
      return { type: "execute" };
    case "ack":
      return { type: "ack", details: { info: "Exporting", progress: 10 }, listenerId: LISTENER_A };
    case "update":
      return { type: "update", update: { progress: 30, info: "Halfway", metadata: { rows: 3 } } };
    case "complete":
      return { type: "complete", details: { outcome: DONE_OUTCOME, info: "Done" } };
    case "fail":
      return { type: "fail", details: { outcome: FAILED_OUTCOME, info: "Broke" } };
    case "cancel":
      return { type: "cancel", details: { info: "Stopped by an operator" } };
    case "retry":
      return { type: "retry" };
    case "ackOutcome":
      return { type: "ackOutcome" };
    case "delete":
      return { type: "delete" };
    case "due":
      return { type: "due" };
  }
}

function expectAllowed(result: ReturnType<typeof transition>) {
  if (!result.ok) throw new Error(`expected the call to be allowed, got: ${result.message}`);
  return result;
}

function expectRefused(result: ReturnType<typeof transition>) {
  if (result.ok) throw new Error(`expected a refusal, got status "${result.job.status}"`);
  return result;
}

/** What each allowed call must do besides the status and topics of the table. */
function checkEffects(call: Call, before: Job, after: Job, result: ReturnType<typeof expectAllowed>) {
  if (call !== "delete") expect(result.deleted).toBeUndefined();
  switch (call) {
    case "execute":
      expect(after.updatedAt).toBe(NOW);
      break;
    case "ack":
      expect(after.info).toBe("Exporting");
      expect(after.progress).toBe(10);
      if (before.status === "ready") {
        expect(after.startedAt).toBe(NOW);
        expect(after.claimedBy).toBe(LISTENER_A);
      } else {
        // A progress tick: the job was started (and possibly claimed) by the first ack.
        expect(after.startedAt).toBe(before.startedAt);
        expect(after.claimedBy).toBe(before.claimedBy);
      }
      break;
    case "update":
      expect(after.progress).toBe(30);
      expect(after.info).toBe("Halfway");
      expect(after.metadata).toEqual({ rows: 3 });
      expect(after.updatedAt).toBe(NOW);
      break;
    case "complete":
      expect(after.progress).toBe(100);
      expect(after.finishedAt).toBe(NOW);
      expect(after.outcome).toEqual(DONE_OUTCOME);
      expect(after.info).toBe("Done");
      expect(after.startedAt).toBeDefined();
      break;
    case "fail":
      expect(after.progress).toBe(before.progress);
      expect(after.finishedAt).toBe(NOW);
      expect(after.outcome).toEqual(FAILED_OUTCOME);
      expect(after.info).toBe("Broke");
      break;
    case "cancel":
      expect(after.finishedAt).toBe(NOW);
      expect(after.info).toBe("Stopped by an operator");
      break;
    case "retry":
      expect(after.progress).toBe(0);
      expect(after.finishedAt).toBeUndefined();
      break;
    case "ackOutcome":
      expect(after.outcomeAcknowledgedAt).toBe(NOW);
      expect(after.finishedAt).toBe(before.finishedAt);
      break;
    case "delete":
      expect(result.deleted).toBe(true);
      expect(after).toEqual(before);
      break;
  }
}

describe("transition table: every (status, call) pair", () => {
  describe.each(JOB_STATUSES)("from %s", (status) => {
    it.each(CALLS)("%s", (call) => {
      const job = makeJob(status);
      const snapshot = structuredClone(job);
      const result = transition(job, command(call), { now: NOW });
      const expectedStatus = TABLE[call][status];

      // `transition` is pure: the job it was given is never modified.
      expect(job).toEqual(snapshot);

      if (expectedStatus === undefined) {
        const refused = expectRefused(result);
        expect(refused.reason).toBe("conflict");
        expect(refused.message).toContain(`"${status}"`);
        return;
      }
      const allowed = expectAllowed(result);
      expect(allowed.job.status).toBe(expectedStatus);
      expect(allowed.topics).toEqual(TOPICS[call]);
      expect(Job.safeParse(allowed.job).success).toBe(true);
      checkEffects(call, job, allowed.job, allowed);
    });
  });

  it("covers all 90 pairs", () => {
    expect(JOB_STATUSES.length * CALLS.length).toBe(90);
    expect([...JOB_STATUSES].sort()).toEqual(
      [
        "created",
        "planning",
        "scheduled",
        "waiting",
        "ready",
        "executing",
        "complete",
        "failed",
        "canceled",
      ].sort(),
    );
  });
});

describe("retry", () => {
  it.each(["failed", "canceled"] as const)("from %s clears everything of the previous attempt", (status) => {
    const job = makeJob(status, {
      progress: 60,
      info: "Broke at row 12",
      outcome: FAILED_OUTCOME,
      outcomeAcknowledgedAt: FINISHED_AT,
      claimedBy: LISTENER_A,
      estimatedCompletionAt: ESTIMATE,
      metadata: { kept: true },
      input: { format: "csv" },
    });
    const result = expectAllowed(transition(job, { type: "retry" }, { now: NOW }));
    expect(result.topics).toEqual(["job:ready"]);
    expect(result.job.status).toBe("ready");
    expect(result.job.progress).toBe(0);
    expect(result.job.updatedAt).toBe(NOW);
    for (const key of ["info", "outcome", "finishedAt", "outcomeAcknowledgedAt", "claimedBy"] as const) {
      expect(result.job).not.toHaveProperty(key);
    }
    // What describes the job itself survives a retry.
    expect(result.job.metadata).toEqual({ kept: true });
    expect(result.job.input).toEqual({ format: "csv" });
    expect(result.job.id).toBe(job.id);
    expect(result.job.createdAt).toBe(CREATED_AT);
  });

  it("frees the claim, so another listener can run the new attempt", () => {
    const failed = makeJob("failed", { claimedBy: LISTENER_A });
    const ready = expectAllowed(transition(failed, { type: "retry" }, { now: NOW })).job;
    const acked = expectAllowed(
      transition(ready, { type: "ack", details: {}, listenerId: LISTENER_B }, { now: LATER }),
    );
    expect(acked.job.claimedBy).toBe(LISTENER_B);
    expect(acked.job.startedAt).toBe(LATER);
  });
});

describe("ackOutcome", () => {
  it.each(["complete", "failed", "canceled"] as const)(
    "from %s publishes once, then is an idempotent no-op",
    (status) => {
      const job = makeJob(status);
      const first = expectAllowed(transition(job, { type: "ackOutcome" }, { now: NOW }));
      expect(first.topics).toEqual(["job:outcome-acknowledged"]);
      expect(first.job.outcomeAcknowledgedAt).toBe(NOW);
      expect(first.job.status).toBe(status);

      const second = expectAllowed(transition(first.job, { type: "ackOutcome" }, { now: LATER }));
      expect(second.topics).toEqual([]);
      expect(second.job.outcomeAcknowledgedAt).toBe(NOW);
      expect(second.job).toEqual(first.job);
    },
  );

  it("is refused while the job runs, naming the status", () => {
    const result = expectRefused(transition(makeJob("executing"), { type: "ackOutcome" }, { now: NOW }));
    expect(result.message).toContain('"executing"');
  });
});

describe("update", () => {
  it.each(FINAL)("is refused on the final status %s", (status) => {
    const result = expectRefused(
      transition(makeJob(status), { type: "update", update: { info: "late" } }, { now: NOW }),
    );
    expect(result.reason).toBe("conflict");
    expect(result.message).toContain(`"${status}"`);
  });

  it("keeps fields that are not sent and merges metadata", () => {
    const job = makeJob("executing", {
      info: "Reading",
      metadata: { a: 1 },
      estimatedCompletionAt: ESTIMATE,
    });
    const result = expectAllowed(
      transition(job, { type: "update", update: { progress: 55, metadata: { b: 2 } } }, { now: NOW }),
    );
    expect(result.job.progress).toBe(55);
    expect(result.job.info).toBe("Reading");
    expect(result.job.metadata).toEqual({ a: 1, b: 2 });
    expect(result.job.estimatedCompletionAt).toBe(ESTIMATE);
    expect(result.job.startedAt).toBe(STARTED_AT);
  });

  it("sets estimatedCompletionAt, and `null` clears it", () => {
    const job = makeJob("executing");
    const set = expectAllowed(
      transition(job, { type: "update", update: { estimatedCompletionAt: ESTIMATE } }, { now: NOW }),
    );
    expect(set.job.estimatedCompletionAt).toBe(ESTIMATE);

    const cleared = expectAllowed(
      transition(set.job, { type: "update", update: { estimatedCompletionAt: null } }, { now: LATER }),
    );
    expect(cleared.job).not.toHaveProperty("estimatedCompletionAt");
    expect(cleared.topics).toEqual(["job:updated"]);
    expect(Job.safeParse(cleared.job).success).toBe(true);
  });
});

describe("PATCH status moves", () => {
  it('"complete" behaves as the complete call', () => {
    const job = makeJob("executing", { progress: 70 });
    const result = expectAllowed(
      transition(
        job,
        { type: "update", update: { status: "complete", outcome: DONE_OUTCOME, info: "All done" } },
        { now: NOW },
      ),
    );
    expect(result.job.status).toBe("complete");
    expect(result.topics).toEqual(["job:completed"]);
    expect(result.job.progress).toBe(100);
    expect(result.job.finishedAt).toBe(NOW);
    expect(result.job.outcome).toEqual(DONE_OUTCOME);
    expect(result.job.info).toBe("All done");
  });

  it('"failed" behaves as the fail call', () => {
    const result = expectAllowed(
      transition(makeJob("ready"), { type: "update", update: { status: "failed" } }, { now: NOW }),
    );
    expect(result.job.status).toBe("failed");
    expect(result.topics).toEqual(["job:failed"]);
    expect(result.job.finishedAt).toBe(NOW);
  });

  it('"executing" from ready behaves as the first ack (startedAt, claim)', () => {
    const result = expectAllowed(
      transition(
        makeJob("ready"),
        { type: "update", update: { status: "executing", progress: 5 }, listenerId: LISTENER_A },
        { now: NOW },
      ),
    );
    expect(result.job.status).toBe("executing");
    expect(result.topics).toEqual(["job:updated"]);
    expect(result.job.startedAt).toBe(NOW);
    expect(result.job.claimedBy).toBe(LISTENER_A);
    expect(result.job.progress).toBe(5);
  });

  it('"ready" from created behaves as execute', () => {
    const result = expectAllowed(
      transition(makeJob("created"), { type: "update", update: { status: "ready" } }, { now: NOW }),
    );
    expect(result.job.status).toBe("ready");
    expect(result.topics).toEqual(["job:ready"]);
  });

  it('"canceled" behaves as cancel', () => {
    const result = expectAllowed(
      transition(makeJob("waiting"), { type: "update", update: { status: "canceled" } }, { now: NOW }),
    );
    expect(result.job.status).toBe("canceled");
    expect(result.topics).toEqual(["job:updated"]);
    expect(result.job.finishedAt).toBe(NOW);
  });

  it.each(["planning", "scheduled"] as const)('"%s" from created is allowed', (target) => {
    const result = expectAllowed(
      transition(makeJob("created"), { type: "update", update: { status: target } }, { now: NOW }),
    );
    expect(result.job.status).toBe(target);
    expect(result.topics).toEqual(["job:updated"]);
  });

  it.each([
    ["created", "waiting"],
    ["planning", "created"],
    ["ready", "created"],
    ["executing", "waiting"],
    ["ready", "planning"],
    ["created", "complete"],
    ["created", "executing"],
    ["executing", "ready"],
  ] as const)("from %s to %s is refused, naming the status", (from, target) => {
    const result = expectRefused(
      transition(makeJob(from), { type: "update", update: { status: target } }, { now: NOW }),
    );
    expect(result.reason).toBe("conflict");
    expect(result.message).toContain(`"${from}"`);
  });

  it("a status equal to the current one is a plain update", () => {
    const job = makeJob("executing", { claimedBy: LISTENER_A });
    const result = expectAllowed(
      transition(
        job,
        { type: "update", update: { status: "executing", progress: 80 }, listenerId: LISTENER_A },
        { now: NOW },
      ),
    );
    expect(result.topics).toEqual(["job:updated"]);
    expect(result.job.status).toBe("executing");
    expect(result.job.progress).toBe(80);
    expect(result.job.startedAt).toBe(STARTED_AT);
    expect(result.job.claimedBy).toBe(LISTENER_A);
  });

  it("a status move on a final job is refused", () => {
    const result = expectRefused(
      transition(makeJob("complete"), { type: "update", update: { status: "complete" } }, { now: NOW }),
    );
    expect(result.message).toContain('"complete"');
  });
});

describe("claim rule", () => {
  const claimed = () =>
    expectAllowed(
      transition(makeJob("ready"), { type: "ack", details: {}, listenerId: LISTENER_A }, { now: NOW }),
    ).job;

  const callsWith = (listenerId: string | undefined): [string, JobCommand][] => [
    ["ack", { type: "ack", details: { progress: 50 }, listenerId }],
    ["update", { type: "update", update: { progress: 50 }, listenerId }],
    ["complete", { type: "complete", details: {}, listenerId }],
    ["fail", { type: "fail", details: {}, listenerId }],
    ["PATCH status complete", { type: "update", update: { status: "complete" }, listenerId }],
  ];

  it("the first ack from ready records the listener", () => {
    const job = claimed();
    expect(job.claimedBy).toBe(LISTENER_A);
    expect(job.status).toBe("executing");
  });

  it.each(callsWith(LISTENER_B))("%s from another listener is refused", (_name, cmd) => {
    const result = expectRefused(transition(claimed(), cmd, { now: LATER }));
    expect(result.reason).toBe("conflict");
    expect(result.message).toContain("another listener");
    expect(result.message).toContain('"executing"');
  });

  it.each(callsWith(undefined))("%s without a listener id is accepted", (_name, cmd) => {
    const result = expectAllowed(transition(claimed(), cmd, { now: LATER }));
    expect(result.job.claimedBy).toBe(LISTENER_A);
  });

  it.each(callsWith(LISTENER_A))("%s from the claiming listener is accepted", (_name, cmd) => {
    const result = expectAllowed(transition(claimed(), cmd, { now: LATER }));
    expect(result.job.claimedBy).toBe(LISTENER_A);
  });

  it("cancel is not subject to the claim (operators cancel any running job)", () => {
    const result = expectAllowed(transition(claimed(), { type: "cancel", details: {} }, { now: LATER }));
    expect(result.job.status).toBe("canceled");
  });

  it("a later ack from the claiming listener does not move startedAt", () => {
    const result = expectAllowed(
      transition(
        claimed(),
        { type: "ack", details: { progress: 20 }, listenerId: LISTENER_A },
        { now: LATER },
      ),
    );
    expect(result.job.startedAt).toBe(NOW);
    expect(result.job.progress).toBe(20);
  });

  it("only the ack from ready claims: a job started without a listener id stays unclaimed", () => {
    const started = expectAllowed(
      transition(makeJob("ready"), { type: "ack", details: {} }, { now: NOW }),
    ).job;
    expect(started.claimedBy).toBeUndefined();
    const tick = expectAllowed(
      transition(started, { type: "ack", details: {}, listenerId: LISTENER_B }, { now: LATER }),
    );
    expect(tick.job.claimedBy).toBeUndefined();
  });
});

describe("execute and release", () => {
  it("execute with an unfinished predecessor waits instead of becoming ready", () => {
    const result = expectAllowed(
      transition(makeJob("created"), { type: "execute" }, { now: NOW, predecessorsComplete: false }),
    );
    expect(result.job.status).toBe("waiting");
    expect(result.topics).not.toContain("job:ready");
  });

  it("release moves a waiting job to ready", () => {
    const result = expectAllowed(transition(makeJob("waiting"), { type: "release" }, { now: NOW }));
    expect(result.job.status).toBe("ready");
    expect(result.topics).toEqual(["job:ready"]);
    expect(result.job.updatedAt).toBe(NOW);
  });

  it.each(JOB_STATUSES.filter((status) => status !== "waiting"))("release from %s is refused", (status) => {
    const result = expectRefused(transition(makeJob(status), { type: "release" }, { now: NOW }));
    expect(result.message).toContain(`"${status}"`);
  });
});

describe("createJob", () => {
  const config: JobConfig = { type: "workbook", operation: "export", source: "us_wb_test0000000001" };
  const ctx = {
    id: "us_jb_new0000000001",
    now: NOW,
    environmentId: "us_env_test000000001",
    spaceId: "us_sp_test0000000001",
    predecessorsComplete: true,
  };

  it("a manual job is created, with the defaults", () => {
    const { job, topics } = createJob(config, ctx);
    expect(topics).toEqual(["job:created"]);
    expect(job).toMatchObject({
      id: ctx.id,
      type: "workbook",
      operation: "export",
      source: config.source,
      status: "created",
      trigger: "manual",
      mode: "background",
      progress: 0,
      managed: false,
      metadata: {},
      environmentId: ctx.environmentId,
      spaceId: ctx.spaceId,
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(job).not.toHaveProperty("startedAt");
    expect(job).not.toHaveProperty("finishedAt");
    expect(Job.safeParse(job).success).toBe(true);
  });

  it("an immediate job goes straight on to ready", () => {
    const { job, topics } = createJob({ ...config, trigger: "immediate" }, ctx);
    expect(job.status).toBe("ready");
    expect(job.trigger).toBe("immediate");
    expect(topics).toEqual(["job:created", "job:ready"]);
  });

  it("an immediate job with an unfinished predecessor waits", () => {
    const { job, topics } = createJob(
      { ...config, trigger: "immediate", predecessorIds: ["us_jb_before000000001"] },
      { ...ctx, predecessorsComplete: false },
    );
    expect(job.status).toBe("waiting");
    expect(job.predecessorIds).toEqual(["us_jb_before000000001"]);
    expect(topics).toEqual(["job:created"]);
  });

  it("the scheduler's job is created scheduled and publishes job:scheduled", () => {
    const { job, topics } = createJob(config, { ...ctx, scheduled: true });
    expect(job.status).toBe("scheduled");
    expect(topics).toEqual(["job:created", "job:scheduled"]);
  });

  it("a due scheduled job waits when a predecessor is unfinished, like execute", () => {
    const result = transition(
      makeJob("scheduled"),
      { type: "due" },
      { now: NOW, predecessorsComplete: false },
    );
    expect(result).toMatchObject({ ok: true, job: { status: "waiting" }, topics: ["job:updated"] });
  });

  it("keeps what the config says", () => {
    const { job } = createJob(
      {
        ...config,
        mode: "foreground",
        managed: true,
        metadata: { by: "test" },
        input: { format: "csv" },
        info: "Queued",
      },
      ctx,
    );
    expect(job).toMatchObject({
      mode: "foreground",
      managed: true,
      metadata: { by: "test" },
      input: { format: "csv" },
      info: "Queued",
    });
  });
});

describe("jobEventPayload", () => {
  it("has the shape Flatfile publishes", () => {
    const job = makeJob("executing", { info: "Exporting", progress: 42, mode: "foreground" });
    expect(jobEventPayload(job, "job:updated")).toEqual({
      job: "workbook:export",
      domain: "workbook",
      operation: "export",
      status: "executing",
      info: "Exporting",
      progress: 42,
      mode: "foreground",
      isPart: false,
    });
  });

  it("marks parts", () => {
    expect(jobEventPayload(makeJob("ready", { part: 0 }), "job:ready").isPart).toBe(true);
  });

  it("describes a new job as created, even when it moved straight on", () => {
    const job = makeJob("ready");
    expect(jobEventPayload(job, "job:created").status).toBe("created");
    expect(jobEventPayload(job, "job:ready").status).toBe("ready");
  });

  it("carries the estimate while there is one, and the outcome only on the finishing events", () => {
    const outcome = { heading: "Exported", acknowledge: true };
    const estimatedCompletionAt = "2024-03-02T00:00:00.000Z";
    const job = makeJob("complete", { outcome, estimatedCompletionAt });
    expect(jobEventPayload(job, "job:completed")).toMatchObject({ outcome, estimatedCompletionAt });
    expect(jobEventPayload({ ...job, status: "failed" }, "job:failed").outcome).toEqual(outcome);
    expect(jobEventPayload(job, "job:outcome-acknowledged")).not.toHaveProperty("outcome");
    expect(jobEventPayload(makeJob("executing"), "job:updated")).not.toHaveProperty("estimatedCompletionAt");
  });
});
