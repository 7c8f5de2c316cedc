import { describe, expect, it } from "vitest";
import { nextSlotAfter, scheduledRun, slotContaining } from "./schedule";

const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

describe("slotContaining", () => {
  it("hourly slots start at :00", () => {
    expect(iso(slotContaining("hourly", at("2026-03-04T10:37:12.345Z")))).toBe("2026-03-04T10:00:00.000Z");
    expect(iso(slotContaining("hourly", at("2026-03-04T10:00:00.000Z")))).toBe("2026-03-04T10:00:00.000Z");
  });

  it("daily slots start at 00:00 UTC", () => {
    expect(iso(slotContaining("daily", at("2026-03-04T23:59:59.999Z")))).toBe("2026-03-04T00:00:00.000Z");
  });

  it("weekly slots start on Monday 00:00 UTC", () => {
    // 2026-03-02 is a Monday; 2026-03-08 the Sunday of the same week.
    expect(iso(slotContaining("weekly", at("2026-03-08T22:00:00.000Z")))).toBe("2026-03-02T00:00:00.000Z");
    expect(iso(slotContaining("weekly", at("2026-03-02T00:00:00.000Z")))).toBe("2026-03-02T00:00:00.000Z");
    expect(iso(slotContaining("weekly", at("2026-03-01T23:59:59.999Z")))).toBe("2026-02-23T00:00:00.000Z");
  });

  it("does not depend on the time zone of the input's notation", () => {
    expect(iso(slotContaining("daily", at("2026-03-04T01:30:00+02:00")))).toBe("2026-03-03T00:00:00.000Z");
  });
});

describe("nextSlotAfter", () => {
  it("is strictly after the given time, even on a slot boundary", () => {
    expect(iso(nextSlotAfter("hourly", at("2026-03-04T10:00:00.000Z")))).toBe("2026-03-04T11:00:00.000Z");
    expect(iso(nextSlotAfter("hourly", at("2026-03-04T10:59:59.999Z")))).toBe("2026-03-04T11:00:00.000Z");
  });

  it("crosses days, months and years", () => {
    expect(iso(nextSlotAfter("hourly", at("2026-12-31T23:10:00.000Z")))).toBe("2027-01-01T00:00:00.000Z");
    expect(iso(nextSlotAfter("daily", at("2026-02-28T12:00:00.000Z")))).toBe("2026-03-01T00:00:00.000Z");
  });

  it("gives the next Monday for weekly", () => {
    expect(iso(nextSlotAfter("weekly", at("2026-03-04T12:00:00.000Z")))).toBe("2026-03-09T00:00:00.000Z");
    expect(iso(nextSlotAfter("weekly", at("2026-03-09T00:00:00.000Z")))).toBe("2026-03-16T00:00:00.000Z");
    expect(new Date(nextSlotAfter("weekly", at("2026-03-04T12:00:00.000Z"))).getUTCDay()).toBe(1);
  });
});

describe("scheduledRun", () => {
  it("reads the schedule and slot the scheduler keeps in a job's metadata", () => {
    const metadata = { schedule: "daily", scheduledFor: "2026-03-05T00:00:00.000Z", other: 1 };
    expect(scheduledRun({ metadata })).toEqual({
      schedule: "daily",
      scheduledFor: "2026-03-05T00:00:00.000Z",
    });
  });

  it("is undefined for jobs no schedule made, or with metadata that only looks like it", () => {
    expect(scheduledRun({})).toBeUndefined();
    expect(scheduledRun({ metadata: {} })).toBeUndefined();
    expect(
      scheduledRun({ metadata: { schedule: "monthly", scheduledFor: "2026-03-05T00:00:00.000Z" } }),
    ).toBeUndefined();
    expect(scheduledRun({ metadata: { schedule: "hourly", scheduledFor: "soon" } })).toBeUndefined();
    expect(scheduledRun({ metadata: { schedule: "hourly", scheduledFor: 5 } })).toBeUndefined();
  });
});
