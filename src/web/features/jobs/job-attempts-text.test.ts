import { describe, expect, it } from "vitest";
import type { Job } from "../../lib/api-types";
import { attemptRows, attemptText, nextAttemptText } from "./job-attempts";

const NOW = Date.parse("2026-01-01T12:00:00.000Z");
const iso = (ms: number) => new Date(NOW + ms).toISOString();

describe("attempt texts", () => {
  it("number the attempt against the policy's, and say nothing of a lone first attempt", () => {
    expect(attemptText({ attempt: 2, maxAttempts: 3 })).toBe("Attempt 2 of 3");
    expect(attemptText({ attempt: 1, maxAttempts: 3 })).toBe("Attempt 1 of 3");
    expect(attemptText({ attempt: 1 })).toBeUndefined();
    expect(attemptText({})).toBeUndefined();
    // Retried by hand, with no policy.
    expect(attemptText({ attempt: 2 })).toBe("Attempt 2");
  });

  it("count down to the next attempt, then say it is starting", () => {
    expect(nextAttemptText(iso(30_000), NOW)).toBe("next in 30 s");
    expect(nextAttemptText(iso(29_400), NOW)).toBe("next in 29 s");
    expect(nextAttemptText(iso(500), NOW)).toBe("starting…");
    expect(nextAttemptText(iso(-5_000), NOW)).toBe("starting…");
  });

  it("list the earlier attempts, then the current one with a final failure's reason", () => {
    const job = {
      status: "failed",
      attempt: 2,
      startedAt: iso(-5_000),
      finishedAt: iso(-1_000),
      outcome: { message: "still down" },
      attempts: [
        { attempt: 1, status: "failed", startedAt: iso(-60_000), finishedAt: iso(-50_000), reason: "down" },
      ],
    } as Job;
    expect(attemptRows(job)).toEqual([
      expect.objectContaining({ attempt: 1, reason: "down", current: false }),
      expect.objectContaining({ attempt: 2, status: "failed", reason: "still down", current: true }),
    ]);
    expect(attemptRows({ ...job, status: "complete" })[1]?.reason).toBeUndefined();
  });
});
