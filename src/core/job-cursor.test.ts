import { describe, expect, it } from "vitest";
import { decodeJobCursor, encodeJobCursor } from "./job-cursor";
import { ListJobsQuery } from "./schemas/job";

describe("job cursors", () => {
  it("round-trip a list position through URL-safe text", () => {
    const position = { createdAt: "2026-03-01T10:20:30.456Z", seq: 123_456_789 };
    const cursor = encodeJobCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeJobCursor(cursor)).toEqual(position);
  });

  it("refuse text that is not a cursor", () => {
    for (const bad of [
      "",
      "not-a-cursor",
      "%%%",
      btoa("2026-03-01T10:20:30Z~x"),
      btoa("yesterday~1"),
      btoa("a~1~2"),
    ]) {
      expect(decodeJobCursor(bad)).toBeUndefined();
    }
  });

  it("are decoded by the list query, which refuses a bad one and reads times as UTC", () => {
    const cursor = encodeJobCursor({ createdAt: "2026-03-01T10:20:30.456Z", seq: 7 });
    const parsed = ListJobsQuery.parse({ cursor, createdFrom: "2026-03-01T12:00:00+02:00" });
    expect(parsed.cursor).toBe(cursor);
    expect(parsed.createdFrom).toBe("2026-03-01T10:00:00.000Z");
    expect(ListJobsQuery.safeParse({ cursor: "nope" }).success).toBe(false);
  });
});
