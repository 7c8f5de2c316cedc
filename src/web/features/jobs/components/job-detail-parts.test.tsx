// @vitest-environment jsdom
import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { JobDetail } from "./job-detail";

const server = useMockServer();
afterEach(cleanup);

describe("JobDetail of a split job", () => {
  it("lists how many of its parts are done among the details", async () => {
    const { admin } = server;
    const space = await admin.spaces.create({ name: "Batches" });
    const parent = await admin.jobs.create({
      type: "space",
      operation: "load",
      source: space.id,
      trigger: "immediate",
    });
    await admin.jobs.ack(parent.id);
    await admin.jobs.split(parent.id, { parts: [{ batch: 1 }, { batch: 2 }] });
    const [first] = (await admin.jobs.list({ parentId: parent.id, sortDirection: "asc" })).data;
    await admin.jobs.ack(first!.id);
    await admin.jobs.cancel(first!.id);
    const token = await server.token({ role: "operator" });
    renderWithApi(<JobDetail jobId={parent.id} spaceId={space.id} />, { token });

    const parts = await screen.findByText("0 of 2 parts done (2 canceled)");
    expect(parts.closest("dd")?.previousElementSibling).toHaveTextContent("Parts");
  });

  it("shows no parts line for a job that was not split", async () => {
    const { admin } = server;
    const space = await admin.spaces.create({ name: "Plain" });
    const job = await admin.jobs.create({
      type: "space",
      operation: "load",
      source: space.id,
      trigger: "immediate",
    });
    const token = await server.token({ role: "operator" });
    renderWithApi(<JobDetail jobId={job.id} spaceId={space.id} />, { token });
    await screen.findByText("Details");
    expect(screen.queryByText("Parts")).not.toBeInTheDocument();
    expect(document.querySelector('[data-slot="job-parts"]')).toBeNull();
  });
});
