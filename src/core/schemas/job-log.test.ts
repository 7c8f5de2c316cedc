import { describe, expect, it } from "vitest";
import {
  AppendJobLogsBody,
  higherJobLogLevel,
  JobLogsQuery,
  jobLogLineBytes,
  jobLogMarkerMessage,
  jobLogSeverity,
} from "./job-log";

describe("job log rules", () => {
  it("orders levels by severity and picks the more severe", () => {
    expect(["debug", "info", "warn", "error"].map((level) => jobLogSeverity(level as never))).toEqual([
      0, 1, 2, 3,
    ]);
    expect(higherJobLogLevel("info", "error")).toBe("error");
    expect(higherJobLogLevel("warn", "debug")).toBe("warn");
  });

  it("counts a line's message and data in UTF-8 bytes", () => {
    expect(jobLogLineBytes({ message: "abc" })).toBe(3);
    expect(jobLogLineBytes({ message: "é", data: { x: 1 } })).toBe(2 + 7);
  });

  it("says how many lines the marker stands in for", () => {
    expect(jobLogMarkerMessage(1)).toBe("1 earlier line dropped");
    expect(jobLogMarkerMessage(500)).toBe("500 earlier lines dropped");
  });

  it("takes info as the default level and keeps a line with NUL characters, which become U+FFFD", () => {
    const body = AppendJobLogsBody.parse({ lines: [{ message: "a\0b" }] });
    expect(body.lines[0]).toEqual({ level: "info", message: "a\uFFFDb" });
  });

  it("reads a page query oldest first, 200 lines, from query strings", () => {
    expect(JobLogsQuery.parse({})).toEqual({ order: "asc", pageSize: 200 });
    expect(JobLogsQuery.parse({ after: "12", level: "warn", q: "x" })).toMatchObject({
      after: 12,
      level: "warn",
    });
    expect(JobLogsQuery.safeParse({ after: "-1" }).success).toBe(false);
  });
});
