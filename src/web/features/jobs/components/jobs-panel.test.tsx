// @vitest-environment jsdom
import { act, cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { liveEvents } from "../../../lib/live-events";
import { createClient } from "../../../../sdk";
import { TEST_ORIGIN, useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { useBackgroundedStore } from "../backgrounded-store";
import { useJobsPanelStore } from "../jobs-panel-store";
import { useToastStore } from "../toast-store";
import { JobToaster } from "./job-toaster";
import { JobsPanel } from "./jobs-panel";

const server = useMockServer();

/** A space (whose space:configure job waits: no listener here) with jobs: one running, one failed, one canceled, one complete awaiting acknowledgement, one read. */
async function spaceWithJobs() {
  const { admin } = server;
  const space = await admin.spaces.create({ name: "Reports" });
  const start = async (operation: string) => {
    const job = await admin.jobs.create({
      type: "space",
      operation,
      source: space.id,
      trigger: "immediate",
      mode: "background",
    });
    await admin.jobs.ack(job.id, { progress: 30, info: `Running ${operation}` });
    return job;
  };
  const running = await start("sync");
  const failed = await start("import");
  await admin.jobs.fail(failed.id, { outcome: { heading: "The CRM did not answer", acknowledge: true } });
  const canceled = await start("publish");
  await admin.jobs.cancel(canceled.id, {});
  const done = await start("export");
  await admin.jobs.complete(done.id, { outcome: { heading: "Export ready", acknowledge: true } });
  const read = await start("report");
  await admin.jobs.complete(read.id, { outcome: { heading: "Report sent" } });
  await admin.jobs.ackOutcome(read.id);
  const token = await server.token({ role: "user", spaceId: space.id });
  return { space, token, running, failed, canceled, done, read };
}

const item = (jobId: string) => document.querySelector<HTMLElement>(`[data-job-id="${jobId}"]`)!;
const buttons = (jobId: string) =>
  within(item(jobId))
    .queryAllByRole("button")
    .map((button) => button.textContent);

beforeEach(() => {
  useJobsPanelStore.setState({ open: false, filter: "all", seenAt: Date.now(), newSince: Date.now() });
  useToastStore.setState({ toasts: [] });
});
afterEach(cleanup);

describe("JobsPanel", () => {
  it("offers Cancel, Retry and Acknowledge only where the job's status allows them", async () => {
    const jobs = await spaceWithJobs();
    renderWithApi(<JobsPanel spaceId={jobs.space.id} />, { token: jobs.token });
    await userEvent.click(await screen.findByRole("button", { name: /^Jobs, 2 running/ }));
    await screen.findByText("The CRM did not answer");

    expect(buttons(jobs.running.id)).toEqual(["Cancel"]);
    expect(buttons(jobs.failed.id)).toEqual(["Retry", "Acknowledge"]);
    expect(buttons(jobs.canceled.id)).toEqual(["Retry"]);
    expect(buttons(jobs.done.id)).toEqual(["Acknowledge"]);
    expect(buttons(jobs.read.id)).toEqual([]);
  });

  it("lists scheduled runs under Upcoming, soonest first, outside the running count; Cancel skips a run", async () => {
    const { admin } = server;
    const space = await admin.spaces.create({ name: "Nightly" });
    // As the server's scheduler keeps them: `scheduled`, with the schedule and the slot in the metadata.
    const schedule = async (operation: string, schedule: string, inMinutes: number) => {
      const job = await admin.jobs.create({
        type: "space",
        operation,
        source: space.id,
        metadata: { schedule, scheduledFor: new Date(Date.now() + inMinutes * 60_000).toISOString() },
      });
      return admin.jobs.update(job.id, { status: "scheduled" });
    };
    const later = await schedule("backup", "daily", 90);
    const soon = await schedule("sync", "hourly", 30);
    const token = await server.token({ role: "operator" });
    renderWithApi(<JobsPanel spaceId={space.id} />, { token });
    // Only the space's configure job (ready, no listener here) is running.
    await userEvent.click(await screen.findByRole("button", { name: /^Jobs, 1 running/ }));
    const upcoming = await screen.findByRole("region", { name: "Upcoming (2)" });
    const items = within(upcoming).getAllByRole("listitem");
    expect(items.map((li) => li.getAttribute("data-job-id"))).toEqual([soon.id, later.id]);
    expect(items[0]).toHaveTextContent(/Runs at .+in 30 min/);
    expect(items[0]).toHaveTextContent("Repeats every hour, on the hour");
    expect(items[1]).toHaveTextContent("in 1 h 30 min");
    expect(items[1]).toHaveTextContent("Repeats every day at 00:00 UTC");

    await userEvent.click(within(item(soon.id)).getByRole("button", { name: "Cancel Sync (space)" }));
    await waitFor(async () => expect((await admin.jobs.get(soon.id)).status).toBe("canceled"));
    await waitFor(() => expect(screen.getByRole("region", { name: "Upcoming (1)" })).toBeInTheDocument());
  });

  it("retries a failed job and acknowledges an outcome on the server", async () => {
    const jobs = await spaceWithJobs();
    renderWithApi(<JobsPanel spaceId={jobs.space.id} />, { token: jobs.token });
    await userEvent.click(await screen.findByRole("button", { name: /^Jobs/ }));
    await screen.findByText("The CRM did not answer");

    await userEvent.click(within(item(jobs.failed.id)).getByRole("button", { name: "Retry Import (space)" }));
    await waitFor(async () => expect((await server.admin.jobs.get(jobs.failed.id)).status).toBe("ready"));
    // Ready again: it moved up among the running jobs, where only Cancel is offered.
    await waitFor(() => expect(item(jobs.failed.id)).toHaveAttribute("data-slot", "running-job"));
    expect(buttons(jobs.failed.id)).toEqual(["Cancel"]);

    await userEvent.click(
      within(item(jobs.done.id)).getByRole("button", { name: "Acknowledge Export (space)" }),
    );
    await waitFor(async () =>
      expect((await server.admin.jobs.get(jobs.done.id)).outcomeAcknowledgedAt).toBeTruthy(),
    );
    await waitFor(() => expect(buttons(jobs.done.id)).toEqual([]));
  });

  it("filters by status and toggles with the j key", async () => {
    const jobs = await spaceWithJobs();
    renderWithApi(<JobsPanel spaceId={jobs.space.id} />, { token: jobs.token });
    const trigger = await screen.findByRole("button", { name: /^Jobs/ });
    expect(trigger).toHaveAttribute("aria-keyshortcuts", "j");
    await userEvent.keyboard("j");
    const panel = await screen.findByRole("dialog", { name: "Jobs" });
    await within(panel).findByText("The CRM did not answer");
    await userEvent.click(within(panel).getByRole("radio", { name: "Failed" }));
    expect(item(jobs.failed.id)).toBeInTheDocument();
    expect(item(jobs.done.id)).toBeNull();
    expect(item(jobs.running.id)).toBeNull();
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  it("counts the jobs finished since the panel was last opened", async () => {
    const jobs = await spaceWithJobs();
    useJobsPanelStore.setState({ seenAt: 0 });
    renderWithApi(<JobsPanel spaceId={jobs.space.id} />, { token: jobs.token });
    const trigger = await screen.findByRole("button", {
      name: "Jobs, 2 running, 4 finished since you looked",
    });
    await userEvent.click(trigger);
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(screen.getByRole("button", { name: "Jobs, 2 running" })).toBeInTheDocument());
  });
});

/** The event that a job ended, as the stream brings it. */
const finishedEvent = (
  id: string,
  job: { id: string; spaceId?: string; updatedAt: string },
  mode: string,
  status = "complete",
) =>
  ({
    id,
    topic: `job:${status === "complete" ? "completed" : status}`,
    domain: "job",
    context: { spaceId: job.spaceId, jobId: job.id },
    payload: { job: "workbook:sync", status, mode, progress: 100 },
    createdAt: job.updatedAt,
    position: 1,
  }) as never;

/** A job the signed-in user started from an action of a workbook of `spaceId`. */
async function userJob(spaceId: string, token: string, mode: "background" | "foreground" = "background") {
  const workbook = await server.admin.workbooks.create({
    name: "Book",
    spaceId,
    actions: [{ operation: "sync", label: "Sync", mode }],
  });
  const user = createClient({ baseUrl: TEST_ORIGIN, token });
  return user.jobs.create({ type: "workbook", operation: "sync", source: workbook.id, trigger: "immediate" });
}

/** Lets the toaster read the job it was told about. */
const toasterTurn = () => act(() => new Promise((resolve) => setTimeout(resolve, 50)));

describe("JobToaster", () => {
  it("shows a toast with the outcome when the person's own background job finishes", async () => {
    const jobs = await spaceWithJobs();
    const job = await userJob(jobs.space.id, jobs.token);
    renderWithApi(<JobToaster />, { token: jobs.token });
    const done = await server.admin.jobs.complete(job.id, {
      outcome: { heading: "Synced", message: "Sent 58 contacts to the CRM." },
    });
    act(() => liveEvents.publish([finishedEvent("us_ev_1", done, "background")]));
    expect(await screen.findByText("Synced")).toBeInTheDocument();
    expect(screen.getByText("Sent 58 contacts to the CRM.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "View" })).toHaveAttribute(
      "href",
      `/space/${jobs.space.id}/jobs/${job.id}`,
    );
  });

  it("stays quiet about jobs others started (a listener's job after each edit), unless they failed in an overlay", async () => {
    const jobs = await spaceWithJobs();
    renderWithApi(<JobToaster />, { token: jobs.token });
    const done = await server.admin.jobs.complete(jobs.running.id, { outcome: { heading: "Counted again" } });
    act(() => liveEvents.publish([finishedEvent("us_ev_3", done, "background")]));
    await toasterTurn();
    expect(useToastStore.getState().toasts).toEqual([]);

    // A foreground job someone else started that fails: the person watched its overlay vanish.
    const other = await server.admin.jobs.create({
      type: "space",
      operation: "rebuild",
      source: jobs.space.id,
      trigger: "immediate",
      mode: "foreground",
    });
    const failed = await server.admin.jobs.fail(other.id, { outcome: { heading: "The rebuild failed" } });
    act(() => liveEvents.publish([finishedEvent("us_ev_4", failed, "foreground", "failed")]));
    expect(await screen.findByText("The rebuild failed")).toBeInTheDocument();
  });

  it("toasts a foreground job the person sent to the background, whoever started it", async () => {
    const jobs = await spaceWithJobs();
    renderWithApi(<JobToaster />, { token: jobs.token });
    const other = await server.admin.jobs.create({
      type: "space",
      operation: "rebuild",
      source: jobs.space.id,
      trigger: "immediate",
      mode: "foreground",
    });
    useBackgroundedStore.getState().sendToBackground(other.id);
    const done = await server.admin.jobs.complete(other.id, { outcome: { heading: "Rebuilt" } });
    act(() => liveEvents.publish([finishedEvent("us_ev_5", done, "foreground")]));
    expect(await screen.findByText("Rebuilt")).toBeInTheDocument();
  });

  it("waits while a dialog's backdrop is open, and shows once it closes", async () => {
    const jobs = await spaceWithJobs();
    const job = await userJob(jobs.space.id, jobs.token);
    const backdrop = document.createElement("div");
    backdrop.dataset.slot = "dialog-overlay";
    document.body.append(backdrop);
    renderWithApi(<JobToaster />, { token: jobs.token });
    const done = await server.admin.jobs.complete(job.id, { outcome: { heading: "Synced later" } });
    act(() => liveEvents.publish([finishedEvent("us_ev_6", done, "background")]));
    await waitFor(() => expect(useToastStore.getState().toasts).toHaveLength(1));
    await toasterTurn();
    expect(screen.queryByText("Synced later")).not.toBeInTheDocument();
    act(() => backdrop.remove());
    expect(await screen.findByText("Synced later")).toBeInTheDocument();
  });

  it("stays quiet while the jobs panel is open: the panel shows the finished job, and Escape is the panel's", async () => {
    const jobs = await spaceWithJobs();
    useJobsPanelStore.setState({ open: true });
    renderWithApi(<JobToaster />, { token: jobs.token });
    const finished = await server.admin.jobs.complete(jobs.running.id, {
      outcome: { heading: "Synced quietly" },
    });
    act(() =>
      liveEvents.publish([
        {
          id: "us_ev_2",
          topic: "job:completed",
          domain: "job",
          context: { spaceId: jobs.space.id, jobId: jobs.running.id },
          payload: { job: "space:sync", status: "complete", mode: "background", progress: 100 },
          createdAt: finished.updatedAt,
          position: 2,
        } as never,
      ]),
    );
    // Give the toaster its turn (a read of the job, if it needs one), then check nothing was shown.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(useToastStore.getState().toasts).toEqual([]);
    expect(screen.queryByText("Synced quietly")).not.toBeInTheDocument();
  });
});

describe("JobsPanel with a split job", () => {
  it("shows how many of the parent's parts are done, read with the parent", async () => {
    const { admin } = server;
    const space = await admin.spaces.create({ name: "Batches" });
    const parent = await admin.jobs.create({
      type: "space",
      operation: "load",
      source: space.id,
      trigger: "immediate",
      mode: "background",
    });
    await admin.jobs.ack(parent.id, { info: "Loading in batches" });
    await admin.jobs.split(parent.id, { parts: 3, runInParallel: true });
    const parts = (await admin.jobs.list({ parentId: parent.id, sortDirection: "asc" })).data;
    await admin.jobs.ack(parts[0]!.id);
    await admin.jobs.complete(parts[0]!.id);
    const token = await server.token({ role: "user", spaceId: space.id });
    renderWithApi(<JobsPanel spaceId={space.id} />, { token });
    await userEvent.click(await screen.findByRole("button", { name: /^Jobs, / }));

    const line = await screen.findByText("1 of 3 parts done");
    expect(line.closest("[data-job-id]")).toHaveAttribute("data-job-id", parent.id);
    expect(line).toHaveAttribute("data-slot", "job-parts");
    expect(line).toHaveAttribute("aria-live", "polite");
  });
});
