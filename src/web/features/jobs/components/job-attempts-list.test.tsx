// @vitest-environment jsdom
import { cleanup, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Job } from "../../../lib/api-types";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { JobAttemptsList } from "./job-attempts-list";

const server = useMockServer();
const now = Date.parse("2026-01-01T12:00:00.000Z");
const iso = (ms: number) => new Date(now + ms).toISOString();

const job = (fields: Partial<Job>): Job =>
  ({
    id: "us_jb_1",
    type: "workbook",
    operation: "sync",
    source: "us_wb_1",
    spaceId: "us_sp_1",
    status: "complete",
    progress: 100,
    attempt: 3,
    maxAttempts: 3,
    retry: { attempts: 3, backoff: { type: "fixed", delaySeconds: 2 } },
    startedAt: iso(-3_000),
    finishedAt: iso(-1_000),
    attempts: [
      { attempt: 1, status: "failed", startedAt: iso(-20_000), finishedAt: iso(-19_000), reason: "busy" },
      {
        attempt: 2,
        status: "failed",
        startedAt: iso(-10_000),
        finishedAt: iso(-9_000),
        reason: "still busy",
      },
    ],
    createdAt: iso(-30_000),
    updatedAt: iso(-1_000),
    ...fields,
  }) as Job;

async function renderList(item: Job) {
  const space = await server.admin.spaces.create({ name: "Reports" });
  const token = await server.token({ role: "user", spaceId: space.id });
  renderWithApi(<JobAttemptsList job={item} now={now} />, {
    token,
    path: "/jobs/:jobId",
    url: "/jobs/us_jb_1?logLevel=warn",
  });
}

afterEach(cleanup);

describe("JobAttemptsList", () => {
  it("lists each attempt with how it ended, why, and a link to its log lines", async () => {
    await renderList(job({}));
    const section = screen.getByRole("region", { name: "Attempts" });
    expect(within(section).getByText("Attempt 3 of 3 · retries every 2 s")).toBeInTheDocument();
    const rows = within(section).getAllByRole("listitem");
    expect(rows.map((row) => row.getAttribute("data-attempt"))).toEqual(["1", "2", "3"]);
    expect(rows[0]).toHaveTextContent("Failed");
    expect(rows[1]).toHaveTextContent("still busy");
    expect(rows[2]).toHaveTextContent("Complete");
    const link = within(rows[1]!).getByRole("link", { name: "Log lines of attempt 2" });
    // The other log filters stay; the attempt is added, and the link lands on the Logs section.
    expect(link).toHaveAttribute("href", "/jobs/us_jb_1?logLevel=warn&logAttempt=2#logs");
  });

  it("shows the attempt waiting to start, with no link, and the countdown", async () => {
    await renderList(
      job({
        status: "scheduled",
        attempt: 2,
        startedAt: undefined,
        finishedAt: undefined,
        nextAttemptAt: iso(30_000),
        attempts: job({}).attempts?.slice(0, 1),
      }),
    );
    expect(screen.getByText("Attempt 2 of 3, next in 30 s · retries every 2 s")).toBeInTheDocument();
    const waiting = screen.getAllByRole("listitem")[1]!;
    expect(waiting).toHaveTextContent("Waiting to start");
    expect(within(waiting).queryByRole("link")).toBeNull();
  });

  it("is left out for a job that runs once", async () => {
    await renderList(job({ attempt: 1, maxAttempts: undefined, retry: undefined, attempts: undefined }));
    expect(screen.queryByRole("region", { name: "Attempts" })).toBeNull();
  });
});
