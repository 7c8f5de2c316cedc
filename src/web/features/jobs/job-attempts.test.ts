import { describe, expect, it } from "vitest";
import type { JobEvent } from "./api/jobs-query-options";
import { attemptsOf, retriedText, retryIndexes } from "./job-attempts";

let seq = 0;
const event = (topic: string, status: string): JobEvent =>
  ({
    id: `us_evt_${++seq}`,
    topic,
    domain: "job",
    context: { jobId: "us_jb_1" },
    payload: { status, progress: 0 },
    createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, seq)).toISOString(),
  }) as unknown as JobEvent;

describe("attempts", () => {
  it("count a ready after a failure or a cancel as a retry, each a new attempt", () => {
    const events = [
      event("job:created", "created"),
      event("job:ready", "ready"),
      event("job:updated", "executing"),
      event("job:failed", "failed"),
      event("job:ready", "ready"),
      event("job:updated", "canceled"),
      event("job:ready", "ready"),
      event("job:completed", "complete"),
    ];
    expect([...retryIndexes(events).values()]).toEqual([2, 3]);
    expect(retryIndexes(events).has(events[4]!.id)).toBe(true);
    expect(attemptsOf(events)).toBe(3);
    expect(retriedText(attemptsOf(events))).toBe("Retried twice");
  });

  it("say nothing of a job that ran once", () => {
    const events = [
      event("job:created", "created"),
      event("job:ready", "ready"),
      event("job:completed", "complete"),
    ];
    expect(attemptsOf(events)).toBe(1);
    expect(retriedText(1)).toBeUndefined();
    expect(retriedText(2)).toBe("Retried once");
    expect(retriedText(5)).toBe("Retried 4 times");
  });
});
