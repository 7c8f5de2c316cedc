import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { jobTimelineQueryOptions } from "./jobs-query-options";

const server = useMockServer();

describe("jobTimelineQueryOptions", () => {
  it("reads the job's own events, however many other jobs of its space logged since it began", async () => {
    const { admin, mock } = server;
    const space = await admin.spaces.create({ name: "Busy" });
    const job = await admin.jobs.create({
      type: "workbook",
      operation: "export",
      source: "us_wb_1",
      spaceId: space.id,
      trigger: "immediate",
    });
    // More of the space's job events than five pages of a thousand, all after the job was created.
    const first = (await admin.events.list({ spaceId: space.id, pageSize: 1 })).data[0]!;
    await mock.store.transaction(async (tx) => {
      for (let i = 0; i < 5_500; i++)
        await tx.appendEvent({
          ...first,
          id: `us_evt_busy${i}`,
          topic: "job:updated",
          context: { ...first.context, jobId: "us_jb_busy" },
          createdAt: new Date().toISOString(),
        });
    });
    await admin.jobs.ack(job.id, { progress: 50 });
    await admin.jobs.complete(job.id, {});

    const events = await new QueryClient().fetchQuery(jobTimelineQueryOptions(admin, job));
    expect(events.map((event) => event.topic)).toEqual([
      "job:created",
      "job:ready",
      "job:updated",
      "job:completed",
    ]);
    expect(events.every((event) => event.context.jobId === job.id)).toBe(true);
  });
});
