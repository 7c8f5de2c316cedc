import { describe, expect, it } from "vitest";
import type { Job } from "../../lib/api-types";
import { jobInfoText, jobTitle, modeLabel, neverRan, ranText, readableName } from "./job-text";

const T0 = Date.parse("2026-01-01T12:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

describe("job names", () => {
  it("turn identifiers into words in sentence case", () => {
    expect(readableName("myCustomOperation")).toBe("My custom operation");
    expect(readableName("mark-contacted")).toBe("Mark contacted");
    expect(readableName("custom_alpha")).toBe("Custom alpha");
    expect(readableName("exportCSV")).toBe("Export CSV");
    expect(readableName("export")).toBe("Export");
  });

  it("name a job without an action label by its operation and what it runs on", () => {
    expect(jobTitle({ type: "workbook", operation: "myCustomOperation" })).toBe(
      "My custom operation (workbook)",
    );
    expect(jobTitle({ type: "sheet", operation: "markContacted" })).toBe("Mark contacted (sheet)");
  });

  it("say each mode in words", () => {
    expect(modeLabel({ mode: "toolbarBlocking" })).toBe("Locks toolbar");
    expect(modeLabel({ mode: "foreground" })).toBe("Foreground");
    expect(modeLabel({})).toBe("Background");
  });
});

describe("ranText", () => {
  const finished = (changes: Partial<Job>) => ({
    status: "complete" as const,
    startedAt: at(10),
    finishedAt: at(22),
    updatedAt: at(22),
    ...changes,
  });

  it("says how long a finished job ran", () => {
    expect(ranText(finished({}))).toBe("took 12 s");
    expect(ranText(finished({ finishedAt: at(10.2) }))).toBe("took under 1 s");
  });

  it("says a job that never ran never started, instead of a duration", () => {
    expect(ranText(finished({ status: "canceled", startedAt: undefined }))).toBe(
      "Canceled before it started",
    );
    // A job failed by the watchdog while it waited gets its start set to its end.
    expect(ranText(finished({ status: "failed", startedAt: at(22) }))).toBe("Never started");
    expect(neverRan(finished({ status: "failed", startedAt: at(22) }))).toBe(true);
    expect(neverRan(finished({ status: "failed" }))).toBe(false);
  });

  it("says nothing of a job still running", () => {
    expect(ranText(finished({ status: "executing", finishedAt: undefined }))).toBeUndefined();
  });
});

describe("jobInfoText", () => {
  it("shows a running job's info and a finished job's outcome", () => {
    expect(jobInfoText({ status: "executing", info: "Sending batch 2 of 3" })).toBe("Sending batch 2 of 3");
    expect(
      jobInfoText({
        status: "complete",
        info: "Sending batch 3 of 3",
        outcome: { heading: "Submitted", message: "Sent 40 contacts.\nDestination: CRM" },
      }),
    ).toBe("Submitted — Sent 40 contacts.");
    expect(jobInfoText({ status: "complete", info: "Sending batch 3 of 3", outcome: {} })).toBe(
      "Sending batch 3 of 3",
    );
  });

  it("gives a failure's reason", () => {
    expect(jobInfoText({ status: "failed", info: "Bad header" })).toBe("Failed: Bad header");
    expect(jobInfoText({ status: "failed", outcome: { heading: "Timed out" } })).toBe("Failed: Timed out");
    expect(jobInfoText({ status: "failed" })).toBe("Failed: no reason given");
    expect(jobInfoText({ status: "canceled", info: "Sending batch 1 of 3" })).toBe("Canceled");
  });
});
