// @vitest-environment jsdom
import { cleanup, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { useBackgroundedStore } from "../backgrounded-store";
import { BlockingRegion } from "./blocking-region";

const server = useMockServer();

/** A space with a workbook, and a running foreground export of it. */
async function foregroundExport(
  details: { progress?: number; estimatedCompletionAt?: string } = {},
  /** Foreground jobs of the same workbook created after it (through the API, from another tab). */
  more = 0,
) {
  const { admin } = server;
  const space = await admin.spaces.create({ name: "Reports" });
  const workbook = await admin.workbooks.create({
    name: "October",
    spaceId: space.id,
    sheets: [
      { name: "Contacts", slug: "contacts", fields: [{ key: "name", type: "string", label: "Name" }] },
    ],
    actions: [{ operation: "export", label: "Export Data", mode: "foreground" }],
  });
  const job = await admin.jobs.create({
    type: "workbook",
    operation: "export",
    source: workbook.id,
    trigger: "immediate",
    mode: "foreground",
  });
  await admin.jobs.ack(job.id, { info: "Formatting contacts 1–12 of 60", progress: 42, ...details });
  for (let i = 0; i < more; i++) {
    // A later createdAt than the first job's.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await admin.jobs.create({
      type: "workbook",
      operation: "export",
      source: workbook.id,
      trigger: "immediate",
      mode: "foreground",
    });
  }
  const token = await server.token({ role: "user", spaceId: space.id });
  renderWithApi(
    <BlockingRegion spaceId={space.id} resourceIds={[workbook.id]}>
      <button type="button">Edit a cell</button>
    </BlockingRegion>,
    { token },
  );
  return { job, workbook };
}

beforeEach(() => useBackgroundedStore.setState({ jobIds: new Set() }));
afterEach(cleanup);

describe("JobOverlay", () => {
  it("says a queued job waits for a worker, with no spinner, while no connected listener handles it", async () => {
    const space = await server.admin.spaces.create({ name: "Reports" });
    const workbook = await server.admin.workbooks.create({
      name: "October",
      spaceId: space.id,
      sheets: [
        { name: "Contacts", slug: "contacts", fields: [{ key: "name", type: "string", label: "Name" }] },
      ],
      actions: [{ operation: "export", label: "Export Data", mode: "foreground" }],
    });
    await server.admin.jobs.create({
      type: "workbook",
      operation: "export",
      source: workbook.id,
      trigger: "immediate",
      mode: "foreground",
    });
    const token = await server.token({ role: "user", spaceId: space.id });
    renderWithApi(
      <BlockingRegion spaceId={space.id} resourceIds={[workbook.id]}>
        <button type="button">Edit a cell</button>
      </BlockingRegion>,
      { token },
    );
    const overlay = await screen.findByRole("region", { name: "Export Data" });
    await waitFor(() =>
      expect(overlay).toHaveAccessibleDescription(
        "Waiting for a worker to connect No worker that runs this job is connected. It starts by itself as soon as one connects.",
      ),
    );
    expect(overlay.querySelector(".job-spinner")).toBeNull();
    expect(overlay.querySelector('[role="progressbar"]')).toBeNull();
  });

  it("stays with the first foreground job when a second one of the resource starts, and counts it as waiting", async () => {
    const { job } = await foregroundExport({}, 1);
    const overlay = await screen.findByRole("region", { name: "Export Data" });
    expect(overlay.closest("[data-job-id]")).toHaveAttribute("data-job-id", job.id);
    expect(overlay).toHaveTextContent("1 more waiting");
  });

  it("covers the resource with the action's label, info, percent, time left and elapsed time, and takes focus", async () => {
    await foregroundExport({ estimatedCompletionAt: new Date(Date.now() + 65_000).toISOString() });
    const overlay = await screen.findByRole("region", { name: "Export Data" });
    expect(overlay).toHaveTextContent("Formatting contacts 1–12 of 60");
    expect(overlay).toHaveTextContent("42%");
    expect(overlay).toHaveTextContent(/about 1 min left/);
    expect(overlay).toHaveTextContent(/Elapsed 0:0\d/);
    expect(screen.getByRole("progressbar", { name: "Export Data progress" })).toHaveAttribute(
      "aria-valuenow",
      "42",
    );
    await waitFor(() => expect(overlay).toHaveFocus());
    // What it covers is out of reach.
    expect(screen.getByText("Edit a cell").closest("[inert]")).not.toBeNull();
  });

  it("says nothing about the time left without an estimate or steady progress", async () => {
    await foregroundExport();
    const overlay = await screen.findByRole("region", { name: "Export Data" });
    expect(overlay).toHaveTextContent("42%");
    expect(overlay).not.toHaveTextContent(/left|finishing/);
  });

  it("cancels the job on the server and goes away", async () => {
    const { job } = await foregroundExport();
    await screen.findByRole("region", { name: "Export Data" });
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await waitFor(async () => expect((await server.admin.jobs.get(job.id)).status).toBe("canceled"));
    await waitFor(() => expect(screen.queryByRole("region", { name: "Export Data" })).toBeNull());
    expect(screen.getByText("Edit a cell").closest("[inert]")).toBeNull();
  });

  it("runs in the background: the overlay goes and the resource is free again, the job keeps running", async () => {
    const { job } = await foregroundExport();
    await screen.findByRole("region", { name: "Export Data" });
    await userEvent.click(screen.getByRole("button", { name: "Run in background" }));
    expect(screen.queryByRole("region", { name: "Export Data" })).toBeNull();
    expect(screen.getByText("Edit a cell").closest("[inert]")).toBeNull();
    expect(useBackgroundedStore.getState().jobIds.has(job.id)).toBe(true);
    expect((await server.admin.jobs.get(job.id)).status).toBe("executing");
  });

  it("links its Details to the job's detail page, opened on the log lines", async () => {
    const { job, workbook } = await foregroundExport();
    await screen.findByRole("region", { name: "Export Data" });
    expect(screen.getByRole("link", { name: "Details" })).toHaveAttribute(
      "href",
      `/space/${workbook.spaceId}/jobs/${job.id}#logs`,
    );
  });

  it("stays between two attempts of a job that retries, counting down to the next", async () => {
    const { admin } = server;
    const space = await admin.spaces.create({ name: "Reports" });
    const workbook = await admin.workbooks.create({ name: "October", spaceId: space.id, sheets: [] });
    const job = await admin.jobs.create({
      type: "workbook",
      operation: "sync",
      source: workbook.id,
      trigger: "immediate",
      mode: "foreground",
      retry: { attempts: 3, backoff: { type: "fixed", delaySeconds: 30 } },
    });
    await admin.jobs.ack(job.id);
    expect((await admin.jobs.fail(job.id, { outcome: { message: "busy" } })).status).toBe("scheduled");
    const token = await server.token({ role: "user", spaceId: space.id });
    renderWithApi(
      <BlockingRegion spaceId={space.id} resourceIds={[workbook.id]}>
        <button type="button">Edit a cell</button>
      </BlockingRegion>,
      { token },
    );
    const overlay = await screen.findByRole("region", { name: "Sync (workbook)" });
    expect(overlay).toHaveTextContent(/Attempt 2 of 3, next in (30|29) s/);
    expect(screen.getByText("Edit a cell").closest("[inert]")).not.toBeNull();
  });
});
