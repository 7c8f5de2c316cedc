import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyJobEvent,
  createJob,
  JOB_FIELDS_NOT_IN_EVENTS,
  JOB_STATUSES,
  jobEventPayload,
  transition,
  type Job,
  type JobCommand,
  type JobConfig,
  type JobTopic,
} from "./index";

const START = Date.parse("2024-03-01T09:00:00.000Z");
const LISTENERS = ["listener-a", "listener-b"] as const;

const listenerId = fc.option(fc.constantFrom(...LISTENERS), { nil: undefined });
const progress = fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined });
const info = fc.option(fc.string({ maxLength: 12 }), { nil: undefined });
const estimate = fc.option(fc.constantFrom("2024-03-02T00:00:00.000Z", "2024-03-02T01:00:00+01:00"), {
  nil: undefined,
});
const outcome = fc.option(
  fc.record({ heading: fc.string({ maxLength: 10 }), acknowledge: fc.boolean() }, { requiredKeys: [] }),
  { nil: undefined },
);
const metadata = fc.option(fc.dictionary(fc.constantFrom("a", "b"), fc.integer()), { nil: undefined });

const configArb: fc.Arbitrary<JobConfig> = fc.record(
  {
    type: fc.constant("sheet" as const),
    operation: fc.constant("dedupe"),
    source: fc.constant("us_sh_replay00000001"),
    trigger: fc.constantFrom("manual" as const, "immediate" as const),
    status: fc.constantFrom("created" as const, "planning" as const, "ready" as const),
    progress: fc.integer({ min: 0, max: 100 }),
    info: fc.string({ maxLength: 12 }),
    outcome: fc.record({ heading: fc.string({ maxLength: 10 }) }),
    estimatedCompletionAt: fc.constant("2024-03-01T10:00:00.000Z"),
    metadata: fc.dictionary(fc.constantFrom("a", "b"), fc.integer()),
    retry: fc.record({
      attempts: fc.integer({ min: 1, max: 4 }),
      backoff: fc.record({
        type: fc.constantFrom("fixed" as const, "exponential" as const),
        delaySeconds: fc.integer({ min: 1, max: 60 }),
      }),
    }),
  },
  { requiredKeys: ["type", "operation", "source"] },
);

const commandArb: fc.Arbitrary<JobCommand> = fc.oneof(
  { arbitrary: fc.constant<JobCommand>({ type: "execute" }), weight: 2 },
  {
    arbitrary: fc.record({
      type: fc.constant("ack" as const),
      details: fc.record({ info, progress, estimatedCompletionAt: estimate }),
      listenerId,
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("update" as const),
      update: fc.record({
        status: fc.option(fc.constantFrom(...JOB_STATUSES), { nil: undefined }),
        progress,
        info,
        metadata,
        estimatedCompletionAt: fc.option(fc.constantFrom(null, "2024-03-02T00:00:00.000Z"), {
          nil: undefined,
        }),
        outcome,
      }),
      listenerId,
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("complete" as const),
      details: fc.record({ outcome, info }),
      listenerId,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("fail" as const),
      details: fc.record({ outcome, info, retry: fc.option(fc.boolean(), { nil: undefined }) }),
      listenerId,
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ type: fc.constant("cancel" as const), details: fc.record({ info }) }), weight: 2 },
  { arbitrary: fc.constant<JobCommand>({ type: "retry" }), weight: 3 },
  { arbitrary: fc.constant<JobCommand>({ type: "ackOutcome" }), weight: 2 },
  { arbitrary: fc.constant<JobCommand>({ type: "release" }), weight: 1 },
  { arbitrary: fc.constant<JobCommand>({ type: "due" }), weight: 1 },
  { arbitrary: fc.constant<JobCommand>({ type: "delete" }), weight: 1 },
);

const stepArb = fc.record({ command: commandArb, predecessorsComplete: fc.boolean() });

/** The fields a copy kept from events must agree on with the job itself. */
function carried(job: Job | undefined) {
  if (!job) return job;
  const copy: Record<string, unknown> = { ...job };
  for (const field of JOB_FIELDS_NOT_IN_EVENTS) delete copy[field];
  return copy;
}

/** The event the server appends for `topic` of a transition that left the job as `job` at `now`. */
const eventOf = (job: Job, topic: JobTopic, now: string) => ({
  topic,
  createdAt: now,
  payload: jobEventPayload(job, topic),
});

describe("applyJobEvent (property-based)", () => {
  it("replaying the events the machine publishes onto the starting job gives the job the machine returns", () => {
    const seen = {
      retried: 0,
      canceled: 0,
      completed: 0,
      failed: 0,
      acknowledged: 0,
      deleted: 0,
      started: 0,
      retryScheduled: 0,
    };
    fc.assert(
      fc.property(
        configArb,
        fc.boolean(),
        fc.boolean(),
        fc.array(stepArb, { maxLength: 30 }),
        (config, scheduled, predecessorsComplete, steps) => {
          let clock = START;
          const tick = () => new Date((clock += 1_000)).toISOString();
          const now = tick();
          const created = createJob(config, {
            id: "us_jb_replay00000001",
            now,
            environmentId: "us_env_replay0000001",
            predecessorsComplete,
            scheduled,
          });
          // The dashboard's copy: the job as the create call answered it, then the events of its creation.
          let machine: Job = created.job;
          let copy: Job | undefined = created.job;
          const replay = (job: Job, topics: readonly JobTopic[], at: string) => {
            for (const topic of topics) {
              const event = eventOf(job, topic, at);
              const applied = applyJobEvent(copy, event);
              expect(applied.reread).toBe(false);
              // Idempotent: an event applied to a copy that already has it changes nothing.
              expect(applyJobEvent(applied.job, event).job).toEqual(applied.job);
              copy = applied.job;
            }
          };
          replay(created.job, created.topics, now);
          expect(carried(copy)).toEqual(carried(machine));

          for (const { command, predecessorsComplete } of steps) {
            const at = tick();
            const result = transition(machine, command, { now: at, predecessorsComplete });
            if (!result.ok) continue;
            replay(result.job, result.topics, at);
            if (result.deleted) {
              seen.deleted++;
              expect(copy).toBeUndefined();
              return;
            }
            if (command.type === "retry") seen.retried++;
            if (result.topics.includes("job:completed")) seen.completed++;
            if (result.topics.includes("job:failed")) seen.failed++;
            if (command.type !== "retry" && result.job.nextAttemptAt && !machine.nextAttemptAt)
              seen.retryScheduled++;
            if (result.topics.includes("job:outcome-acknowledged")) seen.acknowledged++;
            if (result.job.status === "canceled" && machine.status !== "canceled") seen.canceled++;
            if (result.job.status === "executing" && machine.status === "ready") seen.started++;
            machine = result.job;
            expect(carried(copy)).toEqual(carried(machine));
          }
        },
      ),
      { numRuns: 600 },
    );
    // A generator that never reaches a move would make the property say nothing about it.
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(0);
  });
});
