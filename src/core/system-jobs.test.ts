import { describe, expect, it } from "vitest";
import { RECORD_JOBS } from "./schemas/record-jobs";
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

  it("names the record jobs as a person would", () => {
    const base = { sheetName: "Contacts", selected: 1_204 };
    const title = (kind: keyof typeof RECORD_JOBS, metadata: Record<string, unknown>) =>
      systemJobTitle({ ...RECORD_JOBS[kind], metadata });
    expect(title("deleteRecords", base)).toBe("Delete 1,204 records from Contacts");
    expect(title("deleteRecords", { ...base, selected: 1 })).toBe("Delete 1 record from Contacts");
    expect(title("deleteRecords", { sheetName: "Contacts" })).toBe("Delete records from Contacts");
    const replace = { ...base, fieldLabel: "Last name", find: "Smith", replace: "Smyth" };
    expect(title("findReplace", replace)).toBe("Replace Smith with Smyth in Last name");
    expect(title("findReplace", { ...replace, find: '"Smith"', replace: "" })).toBe(
      'Remove "Smith" from Last name',
    );
    expect(title("findReplace", { ...replace, find: 42, replace: 43 })).toBe(
      "Replace 42 with 43 in Last name",
    );
    expect(title("findReplace", { sheetName: "Contacts" })).toBe("Find and replace in Contacts");
    expect(title("mutate", { ...base, mutation: "bulkEdit", fieldLabel: "Email" })).toBe(
      "Bulk edit Email in Contacts",
    );
    expect(title("mutate", { ...base, mutation: "code" })).toBe("Run a mutation on Contacts");
    expect(title("validate", base)).toBe("Validate Contacts");
    expect(title("validate", {})).toBeUndefined();
  });
});
