// @vitest-environment jsdom
import { cleanup, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "../../../lib/api-types";
import { useMockServer } from "../../../testing/mock-server";
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
