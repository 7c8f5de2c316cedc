// @vitest-environment jsdom
import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Job } from "../../../lib/api-types";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { UpcomingJobItem } from "./upcoming-job-item";

const server = useMockServer();
const now = Date.parse("2026-01-01T12:00:00.000Z");

const waiting = {
  id: "us_jb_1",
  type: "workbook",
  operation: "sync",
  source: "us_wb_1",
  spaceId: "us_sp_1",
  status: "scheduled",
  progress: 0,
  attempt: 2,
  maxAttempts: 3,
  nextAttemptAt: new Date(now + 30_000).toISOString(),
  attempts: [{ attempt: 1, status: "failed", finishedAt: new Date(now).toISOString(), reason: "CRM busy" }],
  createdAt: new Date(now - 60_000).toISOString(),
  updatedAt: new Date(now).toISOString(),
} as Job;

async function renderItem(item: Job, at = now) {
  const space = await server.admin.spaces.create({ name: "Reports" });
  const token = await server.token({ role: "user", spaceId: space.id });
  return renderWithApi(
    <ul>
      <UpcomingJobItem job={item} now={at} />
    </ul>,
    { token },
  );
}

afterEach(cleanup);

describe("UpcomingJobItem of a job waiting to retry", () => {
  it("reads Attempt 2 of 3, next in 30 s, with the last failure and Cancel", async () => {
    await renderItem(waiting);
    const attempt = screen.getByText("Attempt 2 of 3");
    expect(attempt.closest("[data-slot='job-attempt']")).toHaveTextContent("Attempt 2 of 3, next in 30 s");
    // Only the attempt is announced; the countdown ticks silently.
    expect(attempt).toHaveAttribute("aria-live", "polite");
    expect(screen.getByText("next in 30 s")).not.toHaveAttribute("aria-live");
    expect(screen.getByText("Attempt 1 failed: CRM busy")).toBeInTheDocument();
    expect(screen.getByText("Waiting to retry")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /Cancel/ })).toBeInTheDocument();
  });

  it("says the attempt is starting once its time has come", async () => {
    await renderItem(waiting, now + 31_000);
    expect(screen.getByText("starting…")).toBeInTheDocument();
  });
});
