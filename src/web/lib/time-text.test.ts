import { describe, expect, it } from "vitest";
import {
  agoText,
  clockTimeText,
  dateTimeText,
  durationText,
  nearTimeText,
  relativeTimeText,
  timeLeftText,
} from "./time-text";

const now = Date.parse("2026-01-01T12:00:00.000Z");
const at = (ms: number) => new Date(now + ms).toISOString();

describe("timeLeftText", () => {
  it("says nothing without an estimate", () => {
    expect(timeLeftText(undefined, now)).toBeUndefined();
    expect(timeLeftText("not a date", now)).toBeUndefined();
  });

  it("counts seconds, minutes and hours", () => {
    expect(timeLeftText(at(42_000), now)).toBe("about 42 s left");
    expect(timeLeftText(at(150_000), now)).toBe("about 3 min left");
    expect(timeLeftText(at(2 * 3_600_000 + 5 * 60_000), now)).toBe("about 2 h 5 min left");
    expect(timeLeftText(at(3_600_000), now)).toBe("about 1 h left");
  });

  it("says the job is finishing once the estimate has passed", () => {
    expect(timeLeftText(at(500), now)).toBe("finishing…");
    expect(timeLeftText(at(-60_000), now)).toBe("finishing…");
  });
});

describe("durations", () => {
  it("never go negative", () => {
    expect(durationText(-5_000)).toBe("0 s");
  });

  it("tell how long ago the data was fresh", () => {
    expect(agoText(now - 12_000, now)).toBe("updated 12 s ago");
  });
});

describe("dates and times", () => {
  // Local times, so the expectations hold in any time zone the tests run in.
  const local = new Date(2026, 11, 6, 13, 5, 7).getTime();

  it("have one absolute format: day, short month, year, 24-hour clock", () => {
    expect(dateTimeText(local)).toBe("6 Dec 2026, 13:05");
    expect(dateTimeText(new Date(2026, 0, 9, 8, 0).toISOString())).toBe("9 Jan 2026, 08:00");
    expect(dateTimeText(undefined)).toBe("");
    expect(dateTimeText("not a date")).toBe("");
  });

  it("show a time of day with seconds for a timeline, and only the clock for today", () => {
    expect(clockTimeText(local)).toBe("13:05:07");
    expect(nearTimeText(local + 3 * 3_600_000, local)).toBe("16:05");
    expect(nearTimeText(local + 2 * 86_400_000, local)).toBe("8 Dec 2026, 13:05");
  });

  it("say how long ago in whole units, and the date beyond a week", () => {
    expect(relativeTimeText(local - 4_000, local)).toBe("just now");
    expect(relativeTimeText(local - 40_000, local)).toBe("40 s ago");
    expect(relativeTimeText(local - 3 * 60_000 - 50_000, local)).toBe("3 min ago");
    expect(relativeTimeText(local - 59 * 60_000 - 59_000, local)).toBe("59 min ago");
    expect(relativeTimeText(local - 2 * 3_600_000, local)).toBe("2 h ago");
    expect(relativeTimeText(local - 30 * 3_600_000, local)).toBe("yesterday");
    expect(relativeTimeText(local - 4 * 86_400_000, local)).toBe("4 days ago");
    expect(relativeTimeText(local - 10 * 86_400_000, local)).toBe("26 Nov 2026, 13:05");
    expect(relativeTimeText(local + 5 * 60_000, local)).toBe("in 5 min");
    expect(relativeTimeText(new Date(local).toISOString(), local)).toBe("just now");
  });
});
