import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import type { StreamEvent } from "../../../sdk";
import type { Job } from "../../lib/api-types";
import { useMockServer } from "../../testing/mock-server";
import { jobKeys, useProgressHistoryStore } from "../jobs";
import { applyEvents, createEventBatcher } from "./apply-event";

const server = useMockServer();

let position = 0;
/** An event as the stream delivers it; its time is the job's `updatedAt` after the change (now, unless given). */
const event = (
  topic: string,
  jobId: string,
  payload: Record<string, unknown>,
  createdAt = new Date(Date.now() + position).toISOString(),
): StreamEvent =>
  ({
    id: `us_evt_${++position}`,
    topic,
    domain: "job",
    context: { jobId, spaceId: "us_sp_1", environmentId: "us_env_local", accountId: "us_acc_local" },
    payload,
    createdAt,
  }) as unknown as StreamEvent;

/** A space with one running job, and a query cache holding the space's job list. */
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
  server.msw.events.on("request:start", ({ request }) => requests.push(new URL(request.url).pathname));
  return { admin, job, client, requests, list: () => client.getQueryData<Job[]>(jobKeys.list(space.id))! };
}

describe("applyEvents", () => {
  it("patches progress, info and estimate from the payloads, with no request, and records progress samples", async () => {
    const { job, client, requests, list, admin } = await setup();
    const estimate = new Date(Date.now() + 60_000).toISOString();
    applyEvents(client, admin, [
      event("job:updated", job.id, { status: "executing", progress: 10, info: "Reading" }),
      event("job:updated", job.id, {
        status: "executing",
        progress: 40,
        info: "Writing",
        estimatedCompletionAt: estimate,
      }),
    ]);
    expect(list()[0]).toMatchObject({
      status: "executing",
      progress: 40,
      info: "Writing",
      estimatedCompletionAt: estimate,
    });
    expect(useProgressHistoryStore.getState().byJob[job.id]?.at(-1)?.progress).toBe(40);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toEqual([]);
  });

  it("does not refetch a list for ticks of a job it does not hold", async () => {
    const { client, requests, admin, job } = await setup();
    applyEvents(client, admin, [
      event("job:updated", "us_jb_elsewhere", { status: "executing", progress: 5 }),
    ]);
    expect(client.getQueryState(jobKeys.list(job.spaceId!))?.isInvalidated).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toEqual([]);
  });

  it("reads the job once when it finishes, for its outcome", async () => {
    const { job, client, requests, list, admin } = await setup();
    const done = await admin.jobs.complete(job.id, { outcome: { heading: "Exported" } });
    requests.length = 0;
    applyEvents(client, admin, [
      event("job:completed", job.id, { status: "complete", progress: 100 }, done.updatedAt),
    ]);
    await vi.waitFor(() => expect(list()[0]?.outcome?.heading).toBe("Exported"));
    expect(requests).toEqual([`/v1/jobs/${job.id}`]);
  });
});

describe("createEventBatcher", () => {
  it("applies the events pushed before a flush in one batch, in order", () => {
    const batches: string[][] = [];
    const batcher = createEventBatcher((events) => batches.push(events.map((e) => e.id)));
    for (let i = 0; i < 3; i++) batcher.push(event("job:updated", "us_jb_1", { progress: i }));
    batcher.flush();
    batcher.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(3);
    batcher.dispose();
  });
});
