// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Job } from "../../../lib/api-types";
import { RunningJobItem } from "./running-job-item";

const now = Date.parse("2026-01-01T12:00:00.000Z");

const job = (fields: Partial<Job>): Job =>
  ({
    id: "us_jb_1",
    type: "workbook",
    operation: "export",
    status: "executing",
    progress: 40,
    info: "Writing rows",
    createdAt: new Date(now - 60_000).toISOString(),
    updatedAt: new Date(now).toISOString(),
    ...fields,
  }) as Job;

afterEach(cleanup);

describe("RunningJobItem", () => {
  it("shows the percent, the info and the time left", () => {
    render(
      <ul>
        <RunningJobItem
          job={job({ estimatedCompletionAt: new Date(now + 90_000).toISOString() })}
          now={now}
        />
      </ul>,
    );
    expect(screen.getByText("Workbook export")).toBeTruthy();
    expect(screen.getByText("40%")).toBeTruthy();
    expect(screen.getByText("Writing rows")).toBeTruthy();
    expect(screen.getByText("about 2 min left")).toBeTruthy();
    expect(
      screen.getByRole("progressbar", { name: "Workbook export progress" }).getAttribute("aria-valuenow"),
    ).toBe("40");
  });

  it("leaves the time out without an estimate", () => {
    render(
      <ul>
        <RunningJobItem job={job({ estimatedCompletionAt: undefined })} now={now} />
      </ul>,
    );
    expect(screen.queryByText(/left$/)).toBeNull();
  });
});
