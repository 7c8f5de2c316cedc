import { describe, expect, it } from "vitest";
import { systemJobTitle } from "./system-jobs";

describe("systemJobTitle", () => {
  it("names an extraction by its file", () => {
    expect(
      systemJobTitle({ type: "file", operation: "extract", metadata: { fileName: "contacts.csv" } }),
    ).toBe("Extract contacts.csv");
  });

  it("names an import by its rows and destination sheet", () => {
    const job = {
      type: "workbook",
      operation: "map",
      metadata: { sourceRows: 12_345, destinationSheetName: "Contacts" },
    } as const;
    expect(systemJobTitle(job)).toBe("Import 12,345 rows into Contacts");
    expect(systemJobTitle({ ...job, metadata: { ...job.metadata, sourceRows: 1 } })).toBe(
      "Import 1 row into Contacts",
    );
    expect(systemJobTitle({ ...job, metadata: { destinationSheetName: "Contacts" } })).toBe(
      "Import into Contacts",
    );
  });

  it("names an export by its sheet, or its workbook for all sheets", () => {
    expect(
      systemJobTitle({ type: "sheet", operation: "export-csv", metadata: { sheetName: "Contacts" } }),
    ).toBe("Export Contacts to CSV");
    expect(
      systemJobTitle({ type: "workbook", operation: "export-csv", metadata: { workbookName: "People" } }),
    ).toBe("Export all sheets of People");
    expect(systemJobTitle({ type: "sheet", operation: "export-csv", metadata: {} })).toBeUndefined();
    expect(
      systemJobTitle({ type: "space", operation: "export-csv", metadata: { sheetName: "X" } }),
    ).toBeUndefined();
  });

  it("says nothing when the metadata does not say enough, or of other jobs", () => {
    expect(systemJobTitle({ type: "file", operation: "extract", metadata: {} })).toBeUndefined();
    expect(systemJobTitle({ type: "file", operation: "extract" })).toBeUndefined();
    expect(
      systemJobTitle({ type: "workbook", operation: "map", metadata: { sourceRows: "many" } }),
    ).toBeUndefined();
    expect(
      systemJobTitle({ type: "workbook", operation: "export", metadata: { fileName: "a.csv" } }),
    ).toBeUndefined();
  });
});
