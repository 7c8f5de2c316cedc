import { describe, expect, it } from "vitest";
import { JobOutcome, isSafeOutcomeUrl, isSafeQuery, isSafeRelativePath } from "./index";

describe("isSafeOutcomeUrl", () => {
  it.each([
    "https://example.com/x",
    "http://example.com",
    "HTTPS://EXAMPLE.COM/Report.csv",
    "https://example.com/export?format=csv#top",
    "/files/a.csv",
    "/v1/files/us_fl_1/download",
    "source_of_file.csv",
    "files?mode=export",
    "reports/2024/a.csv",
  ])("accepts %j", (url) => {
    expect(isSafeOutcomeUrl(url)).toBe(true);
  });

  it.each([
    // Script and data schemes, however they are spelled.
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "javascript:alert(1) ",
    "java\nscript:alert(1)",
    "java\tscript:alert(1)",
    "java\rscript:alert(1)",
    "\u0000javascript:alert(1)",
    "data:text/html,<b>x</b>",
    "DATA:text/html;base64,PGI+eDwvYj4=",
    "vbscript:x",
    // Another host without saying http(s).
    "//evil.com/x",
    "/\\evil.com",
    "\\\\evil.com",
    "\\/evil.com",
    "http:evil.com",
    "https:/evil.com",
    // Other schemes: only http(s) and same-origin paths are accepted.
    "ftp://x",
    "mailto:a@b.c",
    "file:///etc/passwd",
    "blob:https://example.com/uuid",
    "",
    " ",
  ])("refuses %j", (url) => {
    expect(isSafeOutcomeUrl(url)).toBe(false);
  });
});

describe("isSafeRelativePath", () => {
  it.each(["files", "workbook/us_wb_1/sheet/us_sh_1", "files?", "a..b/c", "documents/us_dc_1"])(
    "accepts %j",
    (path) => {
      expect(isSafeRelativePath(path)).toBe(true);
    },
  );

  it.each([
    "/files",
    "../x",
    "a/../../b",
    "a/..",
    "./x",
    "https://x",
    "javascript:alert(1)",
    "\\x",
    "a\\..\\..\\b",
    "a\nb",
    // Browsers decode "%2e" to "." in paths, so these climb out of the space too.
    "%2e%2e/x",
    "%2E%2e/x",
    ".%2e/x",
    "a/%2e%2e/%2e%2e/b",
  ])("refuses %j", (path) => {
    expect(isSafeRelativePath(path)).toBe(false);
  });
});

describe("isSafeQuery", () => {
  it("accepts a plain query and refuses fragments and control characters", () => {
    expect(isSafeQuery("filter=error&page=2")).toBe(true);
    expect(isSafeQuery("a=1#frag")).toBe(false);
    expect(isSafeQuery("a=1\nb=2")).toBe(false);
  });
});

describe("JobOutcome schema", () => {
  it.each([
    { heading: "Done", message: "3 rows\nexported", acknowledge: true },
    { next: { type: "url", url: "https://example.com/report", label: "Open" } },
    { next: { type: "url", url: "/space/us_sp_1/files" } },
    { next: { type: "download", url: "https://cdn.example.com/a.csv", fileName: "a.csv" } },
    { next: { type: "download", url: "/v1/files/us_fl_1/download" } },
    { next: { type: "id", id: "us_wb_1", path: "workbook/us_wb_1/sheet/us_sh_1", query: "filter=error" } },
    { next: { type: "files", files: [{ fileId: "us_fl_1" }] } },
    { next: { type: "retry", label: "Try again" } },
    { next: { type: "wait", fade: true, confetti: true } },
  ])("accepts %j", (outcome) => {
    expect(JobOutcome.safeParse(outcome).success).toBe(true);
  });

  it.each([
    { next: { type: "url", url: "javascript:alert(1)" } },
    { next: { type: "url", url: "data:text/html,<script>alert(1)</script>" } },
    { next: { type: "url", url: "//evil.com" } },
    { next: { type: "download", url: "javascript:alert(1)" } },
    { next: { type: "download", url: "data:text/csv,a,b" } },
    { next: { type: "id", id: "us_wb_1", path: "/admin" } },
    { next: { type: "id", id: "us_wb_1", path: "../../us_sp_other" } },
    { next: { type: "id", id: "us_wb_1", path: "https://evil.com" } },
    { next: { type: "id", id: "us_wb_1", query: "a=1#x" } },
    { next: { type: "nope" } },
  ])("refuses %j", (outcome) => {
    const result = JobOutcome.safeParse(outcome);
    expect(result.success).toBe(false);
    // The error points at the offending field.
    expect(result.error?.issues[0]?.path[0]).toBe("next");
  });
});
