import { describe, expect, it } from "vitest";
import { ExtractError } from "./extract-error";
import { extractFormatOf } from "./extract-format";
import { extractAll } from "./extract-test-support";

describe("extractFormatOf", () => {
  it.each([
    ["contacts.csv", undefined, "csv"],
    ["EXPORT.CSV", undefined, "csv"],
    ["list.txt", undefined, "csv"],
    ["data.tsv", undefined, "tsv"],
    ["book.xlsx", undefined, "xlsx"],
    ["macro.xlsm", undefined, "xlsx"],
    ["people.json", undefined, "json"],
    ["no-extension", "text/csv; charset=utf-8", "csv"],
    ["old.xls", undefined, undefined],
    ["report.pdf", "application/pdf", undefined],
    ["rows.ndjson", undefined, undefined],
    ["no-extension", undefined, undefined],
  ])("%s (%s) -> %s", (name, mediaType, format) => {
    expect(extractFormatOf(name, mediaType)).toBe(format);
  });

  it("reports a format it does not parse as an ExtractError", async () => {
    const attempt = extractAll("%PDF-1.7", { fileName: "report.pdf" });
    await expect(attempt).rejects.toBeInstanceOf(ExtractError);
    await expect(attempt).rejects.toThrow(/upload a CSV, TSV, JSON or XLSX file/);
  });
});
