import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import type { StreamEvent } from "../../../../sdk";
import type { Job } from "../../../lib/api-types";
import { useMockServer } from "../../../testing/mock-server";
import { applyEvents } from "../../live";
import { useProgressHistoryStore } from "../progress-history-store";
import { addNewJob } from "./job-cache";
import { jobsLiveHandler } from "./jobs-live-handler";
import { jobKeys, type JobEvent } from "./jobs-query-options";

const server = useMockServer();

/** A space with one running job, a query cache holding the space's job list, and the requests the cache sends. */
async function setup() {
  const { admin } = server;
  const space = await admin.spaces.create({ name: "Live" });
  const job = await admin.jobs.create({
    type: "workbook",
    operation: "export",
    source: "us_wb_1",
    spaceId: space.id,
    trigger: "immediate",
  });
  const client = new QueryClient();
  client.setQueryData<Job[]>(jobKeys.list(space.id), [job]);
  const requests: string[] = [];
  server.msw.events.on("request:start", ({ request }) =>
    requests.push(`${request.method} ${new URL(request.url).pathname}`),
  );
  let seen = (await admin.events.list({ spaceId: space.id, pageSize: 1_000 })).data.length;
  /** The events the server logged since the last call, as the stream delivers them. */
  const newEvents = async () => {
    const log = (await admin.events.list({ spaceId: space.id, pageSize: 1_000 })).data;
    const fresh = log.slice(seen) as StreamEvent[];
    seen = log.length;
    requests.length = 0;
    return fresh;
  };
  const apply = (events: readonly StreamEvent[]) =>
    applyEvents([jobsLiveHandler], events, { client, api: admin });
  const list = () => client.getQueryData<Job[]>(jobKeys.list(space.id))!;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  return { admin, space, job, client, requests, newEvents, apply, list, settle };
}

describe("jobsLiveHandler", () => {
  it("patches progress, info and estimate from the payloads, with no request, and records progress samples", async () => {
    const { admin, job, requests, newEvents, apply, list, settle } = await setup();
    const estimate = new Date(Date.now() + 60_000).toISOString();
    await admin.jobs.ack(job.id, { progress: 10, info: "Reading" });
    await admin.jobs.ack(job.id, { progress: 40, info: "Writing", estimatedCompletionAt: estimate });
    apply(await newEvents());
    expect(list()[0]).toMatchObject({
      status: "executing",
      progress: 40,
      info: "Writing",
      estimatedCompletionAt: estimate,
      startedAt: expect.any(String) as string,
    });
    expect(useProgressHistoryStore.getState().byJob[job.id]?.at(-1)?.progress).toBe(40);
    await settle();
    expect(requests).toEqual([]);
  });

  it("finishes a job from its event alone, outcome included, and clears the outcome on a retry", async () => {
    const { admin, job, requests, newEvents, apply, list, settle } = await setup();
    await admin.jobs.ack(job.id, { progress: 30 });
    await admin.jobs.fail(job.id, { outcome: { heading: "No answer", acknowledge: true } });
    const acknowledged = await admin.jobs.ackOutcome(job.id);
    apply(await newEvents());
    // Everything but what events do not carry, as the server has it.
    const { metadata: _m, claimedBy: _c, ...carried } = acknowledged;
    expect(list()[0]).toEqual({ ...carried, metadata: {} });
    expect(list()[0]?.outcome?.heading).toBe("No answer");

    await admin.jobs.retry(job.id);
    apply(await newEvents());
    expect(list()[0]).toMatchObject({ status: "ready", progress: 0 });
    expect(list()[0]).not.toHaveProperty("outcome");
    expect(list()[0]).not.toHaveProperty("outcomeAcknowledgedAt");
    expect(list()[0]).not.toHaveProperty("finishedAt");

    await admin.jobs.cancel(job.id, {});
    apply(await newEvents());
    expect(list()[0]).toMatchObject({ status: "canceled", finishedAt: expect.any(String) as string });
    await settle();
    expect(requests).toEqual([]);
  });

  it("changes nothing and reads nothing for ticks of a job it does not hold", async () => {
    const { admin, space, client, requests, newEvents, apply, settle } = await setup();
    const elsewhere = await admin.jobs.create({
      type: "space",
      operation: "sync",
      source: space.id,
      trigger: "immediate",
    });
    await newEvents();
    await admin.jobs.ack(elsewhere.id, { progress: 5 });
    apply(await newEvents());
    expect(client.getQueryState(jobKeys.list(space.id))?.isInvalidated).toBe(false);
    await settle();
    expect(requests).toEqual([]);
  });

  it("reads a list for a created job only where it is missing: this tab's own new job is already there", async () => {
    const { admin, space, client, newEvents, apply } = await setup();
    const other = await admin.spaces.create({ name: "Elsewhere" });
    client.setQueryData<Job[]>(jobKeys.list(other.id), []);
    client.setQueryData<Job[]>(jobKeys.list("all"), []);
    await newEvents();
    const mine = await admin.jobs.create({
      type: "space",
      operation: "sync",
      source: space.id,
      trigger: "immediate",
    });
    addNewJob(client, mine);
    expect(client.getQueryData<Job[]>(jobKeys.list(space.id))?.[0]?.id).toBe(mine.id);
    const invalidate = vi.spyOn(client, "invalidateQueries");
    apply(await newEvents());
    // The space's list and "all" hold it now; the other space's list cannot.
    expect(invalidate).not.toHaveBeenCalled();

    // Someone else's new job: read where it belongs.
    await admin.jobs.create({ type: "space", operation: "sync", source: space.id });
    apply(await newEvents());
    expect(invalidate.mock.calls.map(([filters]) => filters?.queryKey)).toEqual([
      jobKeys.list(space.id),
      jobKeys.list("all"),
    ]);
  });

  it("applies the events again to a list read that started before them and answers the job as it was", async () => {
    const { admin, space, job, client, newEvents, apply, list } = await setup();
    let answer = (_jobs: Job[]) => undefined as void;
    const reading = client.fetchQuery({
      queryKey: jobKeys.list(space.id),
      queryFn: () => new Promise<Job[]>((resolve) => (answer = resolve)),
    });
    await admin.jobs.ack(job.id, { progress: 70, info: "Almost" });
    apply(await newEvents());
    // The read answers with the job as it was when the read began.
    answer([job]);
    await reading;
    expect(list()[0]).toMatchObject({ status: "executing", progress: 70, info: "Almost" });
    // The next read is left alone.
    await client.fetchQuery({ queryKey: jobKeys.list(space.id), queryFn: () => [job], staleTime: 0 });
    expect(list()[0]).toEqual(job);
  });

  it("appends a job's events to its cached timeline and updates its detail", async () => {
    const { admin, job, client, newEvents, apply } = await setup();
    client.setQueryData<Job>(jobKeys.detail(job.id), job);
    client.setQueryData<JobEvent[]>(jobKeys.timeline(job.id), []);
    await admin.jobs.ack(job.id, { progress: 50 });
    await admin.jobs.complete(job.id, { outcome: { heading: "Exported" } });
    apply(await newEvents());
    expect(client.getQueryData<JobEvent[]>(jobKeys.timeline(job.id))?.map((event) => event.topic)).toEqual([
      "job:updated",
      "job:completed",
    ]);
    expect(client.getQueryData<Job>(jobKeys.detail(job.id))).toMatchObject({
      status: "complete",
      outcome: { heading: "Exported" },
    });
  });

  it("reads a job once when an event's payload does not say what changed", async () => {
    const { job, requests, apply, list } = await setup();
    const done = await server.admin.jobs.complete(job.id, { outcome: { heading: "Exported" } });
    requests.length = 0;
    const stray = {
      id: "us_evt_stray",
      topic: "job:completed",
      domain: "job",
      context: { jobId: job.id, spaceId: job.spaceId, environmentId: job.environmentId, accountId: "acc" },
      payload: { status: "complete" },
      createdAt: done.updatedAt,
    } as unknown as StreamEvent;
    apply([stray, stray]);
    await vi.waitFor(() => expect(list()[0]?.outcome?.heading).toBe("Exported"));
    expect(requests).toEqual([`GET /v1/jobs/${job.id}`]);
  });
});
