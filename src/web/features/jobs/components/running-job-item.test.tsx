// @vitest-environment jsdom
import { useQueryClient } from "@tanstack/react-query";
import { cleanup, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "../../../lib/api-types";
import { useMockServer } from "../../../testing/mock-server";
import { connectedListener, serveListeners } from "../../../testing/listeners";
import { renderWithApi } from "../../../testing/render-with-api";
import { useProgressHistoryStore } from "../progress-history-store";
import { RunningJobItem } from "./running-job-item";

const server = useMockServer();
const now = Date.parse("2026-01-01T12:00:00.000Z");

const job = (fields: Partial<Job>): Job =>
  ({
    id: "us_jb_1",
    type: "workbook",
    operation: "export",
    source: "us_wb_1",
    spaceId: "us_sp_1",
    status: "executing",
    progress: 40,
    info: "Writing rows",
    createdAt: new Date(now - 60_000).toISOString(),
    updatedAt: new Date(now).toISOString(),
    ...fields,
  }) as Job;

/** Progress samples every second, `step` percent apart, the last one just now. */
const samples = (steps: number[]) =>
  steps.map((progress, index) => ({ at: now - (steps.length - 1 - index) * 1000, progress }));

async function renderItem(item: Job) {
  const space = await server.admin.spaces.create({ name: "Reports" });
  const token = await server.token({ role: "user", spaceId: space.id });
  renderWithApi(
    <ul>
      <RunningJobItem job={item} now={now} />
    </ul>,
    { token },
  );
}

beforeEach(() => useProgressHistoryStore.setState({ byJob: {} }));
afterEach(cleanup);

describe("RunningJobItem", () => {
  it("shows the percent, the info and the time left from the listener's estimate", async () => {
    await renderItem(job({ estimatedCompletionAt: new Date(now + 90_000).toISOString() }));
    expect(screen.getByText("Export (workbook)")).toBeInTheDocument();
    expect(screen.getByText("40%")).toBeInTheDocument();
    expect(screen.getByText("Writing rows")).toBeInTheDocument();
    expect(screen.getByText("about 2 min left")).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: "Export (workbook) progress" })).toHaveAttribute(
      "aria-valuenow",
      "40",
    );
  });

  it("tells the time left from steady progress when there is no estimate", async () => {
    // 10 % a second, at 40 %: six seconds to go.
    useProgressHistoryStore.setState({ byJob: { us_jb_1: samples([0, 10, 20, 30, 40]) } });
    await renderItem(job({ estimatedCompletionAt: undefined }));
    expect(screen.getByText("about 6 s left")).toBeInTheDocument();
  });

  it("says nothing about the time left when progress is unsteady", async () => {
    // Crawling, then jumping: the rate says nothing trustworthy.
    useProgressHistoryStore.setState({ byJob: { us_jb_1: samples([1, 2, 3, 30, 40]) } });
    await renderItem(job({ estimatedCompletionAt: undefined }));
    expect(screen.getByText("40%")).toBeInTheDocument();
    expect(screen.queryByText(/left$|finishing/)).toBeNull();
  });

  it("is named by the label of the action that started it, as on the button", async () => {
    const space = await server.admin.spaces.create({ name: "Sales" });
    const workbook = await server.admin.workbooks.create({
      name: "October",
      spaceId: space.id,
      sheets: [{ name: "Contacts", slug: "contacts", fields: [{ key: "name", type: "string" }] }],
      actions: [{ operation: "export", label: "Export Data" }],
    });
    const token = await server.token({ role: "user", spaceId: space.id });
    renderWithApi(
      <ul>
        <RunningJobItem job={job({ spaceId: space.id, source: workbook.id })} now={now} />
      </ul>,
      { token },
    );
    expect(await screen.findByRole("progressbar", { name: "Export Data progress" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Cancel Export Data" })).toBeInTheDocument();
  });

  it("leaves the time out with neither an estimate nor samples", async () => {
    await renderItem(job({ estimatedCompletionAt: undefined }));
    expect(screen.queryByText(/left$/)).toBeNull();
  });
});

/**
 * The item, with a button that reads every query again (as focus or the poll would read the listeners), and one that
 * shows `next` instead of `item` (the job after its events).
 */
function ItemWithReload({ item, next }: { item: Job; next?: Job }) {
  const client = useQueryClient();
  const [shown, setShown] = useState(item);
  return (
    <>
      <button type="button" onClick={() => void client.invalidateQueries()}>
        Reload
      </button>
      <button type="button" onClick={() => next && setShown(next)}>
        Next
      </button>
      <ul>
        <RunningJobItem job={shown} now={now} />
      </ul>
    </>
  );
}

describe("RunningJobItem of a queued job", () => {
  const queued = job({ status: "ready", progress: 0, info: undefined });

  async function renderQueued(next?: Job) {
    const space = await server.admin.spaces.create({ name: "Reports" });
    const token = await server.token({ role: "user", spaceId: space.id });
    return renderWithApi(<ItemWithReload item={queued} next={next} />, { token });
  }

  it("waits for a worker while no connected listener handles it, and stops saying so once one connects", async () => {
    const user = userEvent.setup();
    await renderQueued();
    const waiting = await screen.findByText("Waiting for a worker to connect");
    expect(waiting.closest('[data-slot="job-waiting-worker"]')).toHaveTextContent(
      "It starts by itself as soon as one connects.",
    );
    expect(screen.queryByRole("progressbar")).toBeNull();

    serveListeners(server, [
      connectedListener([{ topics: ["job:ready"], filters: [{ job: "workbook:export" }] }]),
    ]);
    await user.click(screen.getByRole("button", { name: "Reload" }));
    await waitFor(() => expect(screen.queryByText("Waiting for a worker to connect")).toBeNull());
    expect(screen.getByRole("progressbar", { name: "Export (workbook) progress" })).toBeInTheDocument();
  });

  it("waits when the connected listeners handle other jobs only", async () => {
    serveListeners(server, [
      connectedListener([{ topics: ["job:ready"], filters: [{ job: "workbook:publish" }] }]),
    ]);
    await renderQueued();
    expect(await screen.findByText("Waiting for a worker to connect")).toBeInTheDocument();
  });

  it("shows its progress as before once it runs", async () => {
    await renderQueued({ ...queued, status: "executing", info: "Writing rows" });
    await screen.findByText("Waiting for a worker to connect");
    await userEvent.setup().click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByText("Writing rows")).toBeInTheDocument();
    expect(screen.queryByText("Waiting for a worker to connect")).toBeNull();
  });

  it("never waits for a worker when the platform runs it (managed)", async () => {
    const space = await server.admin.spaces.create({ name: "Reports" });
    const token = await server.token({ role: "user", spaceId: space.id });
    let asked = false;
    server.msw.events.on("request:start", ({ request }) => {
      if (new URL(request.url).pathname === "/v1/listeners") asked = true;
    });
    renderWithApi(<ItemWithReload item={{ ...queued, managed: true }} />, { token });
    expect(screen.getByRole("progressbar")).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(asked).toBe(false);
    expect(screen.queryByText("Waiting for a worker to connect")).toBeNull();
  });
});
