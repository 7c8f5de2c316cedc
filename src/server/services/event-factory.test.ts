import { describe, expect, it } from "vitest";
import {
  createJob,
  JOB_TOPICS,
  JobEventPayload,
  transition,
  type Job,
  type JobCommand,
  type JobTopic,
} from "../../core";
import { MemoryStore } from "../store/memory-store";
import { jobCreatedEvents, jobEvent } from "./event-factory";
import type { ServiceDeps } from "./service-deps";

const deps: ServiceDeps = {
  store: new MemoryStore(),
  now: () => new Date(),
  environmentId: "us_env_factory000001",
  accountId: "us_acc_factory000001",
};

let clock = Date.parse("2024-03-01T09:00:00.000Z");
const tick = () => new Date((clock += 1_000)).toISOString();

/** Runs `commands` through the machine from `job`, returning every event the server would append. */
function eventsOf(job: Job, commands: JobCommand[]) {
  const events = [];
  for (const command of commands) {
    const now = tick();
    const result = transition(job, command, { now, predecessorsComplete: true });
    if (!result.ok) throw new Error(result.message);
    for (const topic of result.topics) events.push(jobEvent(deps, result.job, topic, undefined, now));
    job = result.job;
  }
  return events;
}

const newJob = (config: { trigger?: "immediate"; outcome?: { heading: string } } = {}) => {
  const now = tick();
  return {
    now,
    ...createJob(
      {
        type: "workbook",
        operation: "export",
        source: "us_wb_factory0000001",
        mode: "foreground",
        ...config,
      },
      { id: "us_jb_factory0000001", now, environmentId: deps.environmentId, predecessorsComplete: true },
    ),
  };
};

describe("job events", () => {
  it("carry payloads that are exactly core's JobEventPayload, for every topic", () => {
    const created = newJob({ trigger: "immediate" });
    const scheduled = createJob(
      { type: "space", operation: "nightly", source: "us_sp_factory0000001" },
      {
        id: "us_jb_factory0000002",
        now: tick(),
        environmentId: deps.environmentId,
        predecessorsComplete: true,
        scheduled: true,
      },
    );
    const events = [
      ...jobCreatedEvents(deps, created.job, created.topics, undefined, created.now),
      ...jobCreatedEvents(deps, scheduled.job, scheduled.topics, undefined, tick()),
      ...eventsOf(created.job, [
        { type: "ack", details: { progress: 10, info: "Reading", estimatedCompletionAt: tick() } },
        { type: "fail", details: { outcome: { heading: "The CRM did not answer", acknowledge: true } } },
        { type: "ackOutcome" },
        { type: "retry" },
        { type: "cancel", details: {} },
        { type: "retry" },
        { type: "complete", details: { outcome: { heading: "Exported" } } },
        { type: "delete" },
      ]),
    ];
    const topics = new Set<JobTopic>();
    for (const event of events) {
      topics.add(event.topic as JobTopic);
      // Parsing drops unknown keys: equality says the factory sends nothing the schema does not describe.
      expect(JobEventPayload.parse(event.payload)).toEqual(event.payload);
    }
    expect([...topics].sort()).toEqual([...JOB_TOPICS].sort());
  });

  it("describe a new job as created, then as it is; the finishing event carries the outcome", () => {
    const { job, topics, now } = newJob({ trigger: "immediate", outcome: { heading: "Preset" } });
    const [created, ready] = jobCreatedEvents(deps, job, topics, undefined, now);
    expect(created).toMatchObject({ topic: "job:created", payload: { status: "created" } });
    expect(ready).toMatchObject({ topic: "job:ready", payload: { status: "ready" } });
    expect(ready?.payload).not.toHaveProperty("outcome");
    const [completed] = eventsOf(job, [{ type: "complete", details: { outcome: { heading: "Exported" } } }]);
    expect(completed?.payload).toMatchObject({
      status: "complete",
      progress: 100,
      outcome: { heading: "Exported" },
    });
  });
});
