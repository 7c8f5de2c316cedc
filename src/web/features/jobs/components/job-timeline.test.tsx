// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { JobTimeline } from "./job-timeline";

const server = useMockServer();

afterEach(cleanup);

describe("JobTimeline", () => {
  it("leaves out the batches of log lines, so progress ticks around them stay one row", async () => {
    const { admin } = server;
    const space = await admin.spaces.create({ name: "Timeline" });
    const job = await admin.jobs.create({
      type: "workbook",
      operation: "export",
      source: "us_wb_1",
      spaceId: space.id,
      trigger: "immediate",
    });
    await admin.jobs.ack(job.id, { progress: 10 });
    await admin.jobs.log(job.id, [{ message: "Read the contacts" }]);
    await admin.jobs.update(job.id, { progress: 50 });
    await admin.jobs.log(job.id, [{ message: "Wrote the file", level: "warn" }]);
    await admin.jobs.complete(job.id, {});
    const events = (await admin.events.list({ jobId: job.id, pageSize: 100 })).data;
    expect(events.map((event) => event.topic)).toContain("job:logs-appended");

    render(<JobTimeline events={events} />);
    const rows = screen
      .getAllByRole("listitem")
      .filter((row) => row.parentElement?.dataset.slot === "job-timeline");
    expect(rows.map((row) => row.dataset.topic)).toEqual([
      "job:created",
      "job:ready",
      "job:updated",
      "job:completed",
    ]);
    expect(rows[2]).toHaveTextContent("Progress ×2");
  });
});
