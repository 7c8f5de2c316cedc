// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Job } from "../../../lib/api-types";
import { JobRawJson } from "./job-raw-json";

const job = {
  id: "us_jb_raw1",
  type: "workbook",
  operation: "export",
  source: "us_wb_1",
  trigger: "immediate",
  status: "complete",
  progress: 100,
  mode: "background",
  managed: false,
  environmentId: "us_env_1",
  metadata: {},
  input: { format: "csv" },
  createdAt: "2026-12-01T10:00:00.000Z",
  updatedAt: "2026-12-01T10:01:00.000Z",
} satisfies Job;

afterEach(() => {
  cleanup();
  Object.defineProperty(navigator, "clipboard", { value: undefined, configurable: true });
});

describe("JobRawJson", () => {
  it("folds the job's JSON away until opened, then shows it in a focusable block", async () => {
    const user = userEvent.setup();
    render(<JobRawJson job={job} />);
    const block = screen.getByLabelText("The job as JSON");
    expect(block).not.toBeVisible();
    await user.click(screen.getByText("Raw JSON"));
    expect(block).toBeVisible();
    expect(block).toHaveAttribute("tabindex", "0");
    expect(JSON.parse(block.textContent ?? "")).toEqual(job);
  });

  it("copies the whole job and says so in a live region", async () => {
    const user = userEvent.setup();
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    render(<JobRawJson job={job} />);
    await user.click(screen.getByText("Raw JSON"));
    await user.click(screen.getByRole("button", { name: "Copy JSON" }));
    expect(writeText).toHaveBeenCalledWith(JSON.stringify(job, null, 2));
    expect(await screen.findByRole("status")).toHaveTextContent("Copied the job's JSON");
    expect(screen.getByRole("button", { name: "Copied" })).toBeInTheDocument();
  });

  it("says how to copy by hand when the browser will not", async () => {
    const user = userEvent.setup();
    Object.defineProperty(navigator, "clipboard", {
      value: { writeText: vi.fn(async () => Promise.reject(new Error("denied"))) },
      configurable: true,
    });
    Object.defineProperty(document, "execCommand", { value: () => false, configurable: true });
    render(<JobRawJson job={job} />);
    await user.click(screen.getByText("Raw JSON"));
    await user.click(screen.getByRole("button", { name: "Copy JSON" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Could not copy");
  });
});
