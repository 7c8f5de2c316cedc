import { describe, expect, it } from "vitest";
import { buildCells, type Field } from "../../core";
import { rawRecord } from "./extract-job";

describe("rawRecord", () => {
  it("builds the cells core's buildCells builds for the raw sheet's string fields", () => {
    const fields: Field[] = ["a", "b", "c"].map(
      (key) => ({ key, label: key.toUpperCase(), type: "string" }) as Field,
    );
    const row = ["x", "", "  spaced  "];
    const record = rawRecord(fields, row, "2026-01-01T00:00:00.000Z");
    const built = buildCells(fields, { a: { value: "x" }, c: { value: "  spaced  " } });
    expect(record.values).toEqual(built.values);
    expect(record.valid).toBe(built.valid);
  });
});
