import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  JOB_STATUSES,
  Job,
  createJob,
  isFinalStatus,
  transition,
  type JobCommand,
  type JobTopic,
} from "./index";

const LISTENERS = ["listener-a", "listener-b", "listener-c"] as const;
const START = Date.parse("2024-03-01T09:00:00.000Z");

const listenerId = fc.option(fc.constantFrom(...LISTENERS), { nil: undefined });
const progress = fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined });
const info = fc.option(fc.string({ maxLength: 20 }), { nil: undefined });
const estimate = fc.option(fc.constantFrom("2024-03-02T00:00:00.000Z", "2024-03-02T01:00:00+01:00"), {
  nil: undefined,
});
const outcome = fc.option(
  fc.record({ heading: fc.string({ maxLength: 10 }), acknowledge: fc.boolean() }, { requiredKeys: [] }),
  { nil: undefined },
);

const lifecycleArb: fc.Arbitrary<JobCommand> = fc.oneof(
  fc.constant<JobCommand>({ type: "execute" }),
  fc.record({
    type: fc.constant("ack" as const),
    details: fc.record({ info, progress, estimatedCompletionAt: estimate }),
    listenerId,
  }),
  fc.record({
    type: fc.constant("update" as const),
    update: fc.record({
      status: fc.option(fc.constantFrom(...JOB_STATUSES), { nil: undefined }),
      progress,
      info,
      estimatedCompletionAt: fc.option(fc.constantFrom(null, "2024-03-02T00:00:00.000Z"), { nil: undefined }),
      outcome,
    }),
    listenerId,
  }),
  fc.record({ type: fc.constant("complete" as const), details: fc.record({ outcome, info }), listenerId }),
  fc.record({ type: fc.constant("fail" as const), details: fc.record({ outcome, info }), listenerId }),
  fc.record({ type: fc.constant("cancel" as const), details: fc.record({ info }) }),
  fc.constant<JobCommand>({ type: "retry" }),
  fc.constant<JobCommand>({ type: "ackOutcome" }),
  fc.constant<JobCommand>({ type: "release" }),
  fc.constant<JobCommand>({ type: "due" }),
);

// Delete is rare, since a successful delete ends the run.
const commandArb: fc.Arbitrary<JobCommand> = fc.oneof(
  { arbitrary: lifecycleArb, weight: 30 },
  { arbitrary: fc.constant<JobCommand>({ type: "delete" }), weight: 1 },
);

const stepArb = fc.record({ command: commandArb, predecessorsComplete: fc.boolean() });

/**
 * The spec says "for one job, exactly one of job:completed and job:failed is ever published", yet a failed or canceled
 * job can be retried and then run (and finish) again. The two fit together through attempts: an attempt is the run of
 * commands between two successful retries, and the rule holds per attempt. Each attempt publishes at most one of
 * job:completed / job:failed, at most once (none when it was canceled); a retry starts a fresh attempt.
 */
describe("job state machine (property-based)", () => {
  it("keeps its invariants over random command sequences", () => {
    // How often interesting moves happened, so a generator that never reaches them fails loudly.
    const seen = { completed: 0, failed: 0, retried: 0, canceled: 0, claimRefused: 0, ackOutcomeRepeated: 0 };
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        let clock = START;
        const tick = () => new Date((clock += 1_000)).toISOString();

        let job = createJob(
          { type: "sheet", operation: "dedupe", source: "us_sh_prop000000001" },
          {
            id: "us_jb_prop000000001",
            now: tick(),
            environmentId: "us_env_prop00000001",
            predecessorsComplete: true,
          },
        ).job;
        expect(job.status).toBe("created");

        let finishTopics: JobTopic[] = [];
        let outcomeAcks = 0;

        for (const { command, predecessorsComplete } of steps) {
          const before = structuredClone(job);
          const result = transition(job, command, { now: tick(), predecessorsComplete });
          // Pure: the job passed in is never modified, whatever the answer.
          expect(job).toEqual(before);

          if (!result.ok) {
            if (result.message.includes("another listener")) seen.claimRefused++;
            expect(result.reason).toBe("conflict");
            expect(result.message).toMatch(/"[a-z]+"/);
            continue; // a refusal leaves the job as it was
          }
          const next = result.job;

          // (e) every successful transition publishes, except a repeated outcome acknowledgement.
          if (result.topics.length === 0) {
            expect(command.type).toBe("ackOutcome");
            expect(job.outcomeAcknowledgedAt).toBeDefined();
            expect(next).toEqual(job);
            seen.ackOutcomeRepeated++;
          }
          if (result.topics.includes("job:completed")) seen.completed++;
          if (result.topics.includes("job:failed")) seen.failed++;
          if (next.status === "canceled" && job.status !== "canceled") seen.canceled++;

          if (command.type === "retry") {
            seen.retried++;
            finishTopics = [];
            outcomeAcks = 0;
          }
          // (a) within one attempt, at most one of job:completed / job:failed, at most once.
          finishTopics.push(...result.topics.filter((t) => t === "job:completed" || t === "job:failed"));
          expect(finishTopics.length).toBeLessThanOrEqual(1);
          outcomeAcks += result.topics.filter((t) => t === "job:outcome-acknowledged").length;
          expect(outcomeAcks).toBeLessThanOrEqual(1);

          if (result.deleted) {
            expect(result.topics).toEqual(["job:deleted"]);
            expect(job.status).not.toBe("executing");
            return; // the job is gone
          }

          // (b) complete is forever; failed/canceled are left only through retry, to ready.
          if (job.status === "complete") expect(next.status).toBe("complete");
          if ((job.status === "failed" || job.status === "canceled") && next.status !== job.status) {
            expect(command.type).toBe("retry");
            expect(next.status).toBe("ready");
          }

          // (c) progress stays within 0..100.
          expect(next.progress).toBeGreaterThanOrEqual(0);
          expect(next.progress).toBeLessThanOrEqual(100);

          // (d) finishedAt is set iff the status is final.
          expect(next.finishedAt !== undefined).toBe(isFinalStatus(next.status));

          // (f) updatedAt never goes backwards.
          expect(Date.parse(next.updatedAt)).toBeGreaterThanOrEqual(Date.parse(job.updatedAt));

          // The result is always a job the API could return.
          expect(Job.safeParse(next).success).toBe(true);

          job = next;
        }
      }),
      // Enough runs that every kind of step below is met: a refused claim and a repeated outcome acknowledgement
      // come about 7 times in 600 runs, so 600 missed one in about a thousand runs; 3,000 make that vanishingly rare.
      { numRuns: 3_000 },
    );
    for (const [kind, count] of Object.entries(seen)) expect(count, kind).toBeGreaterThan(0);
  });

  it("a claimed job only finishes by its listener or by a caller without a listener id", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        let clock = START;
        const tick = () => new Date((clock += 1_000)).toISOString();
        let job = createJob(
          { type: "sheet", operation: "dedupe", source: "us_sh_prop000000001", trigger: "immediate" },
          {
            id: "us_jb_prop000000002",
            now: tick(),
            environmentId: "us_env_prop00000001",
            predecessorsComplete: true,
          },
        ).job;
        for (const { command, predecessorsComplete } of steps) {
          const result = transition(job, command, { now: tick(), predecessorsComplete });
          if (!result.ok || result.deleted) {
            if (result.ok) return;
            continue;
          }
          const finished = result.topics.includes("job:completed") || result.topics.includes("job:failed");
          if (finished && job.claimedBy && "listenerId" in command && command.listenerId !== undefined) {
            expect(command.listenerId).toBe(job.claimedBy);
          }
          job = result.job;
        }
      }),
      { numRuns: 500 },
    );
  });
});
