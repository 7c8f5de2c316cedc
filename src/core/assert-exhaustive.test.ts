import { describe, expect, it } from "vitest";
import { assertExhaustive, JOB_STATUSES, type JobStatus } from "./job-status";

/** Every status handled: `status` is `never` in the default branch, so this compiles. */
function handled(status: JobStatus): string {
  switch (status) {
    case "created":
    case "planning":
    case "scheduled":
    case "waiting":
    case "ready":
    case "executing":
      return "open";
    case "complete":
    case "failed":
    case "canceled":
      return "final";
    default:
      return assertExhaustive(status);
  }
}

/** One status left out: tsc refuses the default branch (a status added to JOB_STATUSES is refused the same way). */
function oneLeftOut(status: JobStatus): string {
  switch (status) {
    case "created":
    case "planning":
    case "scheduled":
    case "waiting":
    case "ready":
    case "executing":
    case "complete":
    case "failed":
      return "handled";
    default:
      // @ts-expect-error "canceled" is not handled, so `status` is not `never` here
      return assertExhaustive(status);
  }
}

describe("assertExhaustive", () => {
  it("lets a switch that handles every member compile and run for each", () => {
    for (const status of JOB_STATUSES) expect(handled(status)).toMatch(/^(open|final)$/);
  });

  it("is a type error for a member left out, and throws if such a value comes anyway", () => {
    expect(oneLeftOut("failed")).toBe("handled");
    expect(() => oneLeftOut("canceled")).toThrow('Unhandled case: "canceled"');
  });
});
