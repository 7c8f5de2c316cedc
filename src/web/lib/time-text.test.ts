import { describe, expect, it } from "vitest";
import { agoText, durationText, timeLeftText } from "./time-text";

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
