import { describe, expect, it } from "vitest";
import type { SheetField } from "../../lib/api-types";
import { columnWidth, MAX_COLUMN, MIN_COLUMN } from "./column-widths";

const field = (key: string, type: SheetField["type"], label?: string): SheetField =>
  ({ key, type, label }) as SheetField;

describe("columnWidth", () => {
  it("gives emails more room than a company and a number or boolean the least", () => {
    const email = columnWidth(field("email", "string", "Email"), [
      "amelia.hughes@northwind.example",
      "noah.fischer@globex.example",
    ]);
    const company = columnWidth(field("company", "string", "Company"), ["Northwind", "Globex"]);
    const age = columnWidth(field("age", "number", "Age"), ["34", "41"]);
    const active = columnWidth(field("active", "boolean", "Active"), ["true", "false"]);
    expect(email).toBeGreaterThan(company);
    expect(email).toBeGreaterThanOrEqual("amelia.hughes@northwind.example".length * 7.5);
    expect(company).toBeGreaterThan(age);
    expect(age).toBe(MIN_COLUMN);
    expect(active).toBeLessThan(company);
  });

  it("fits a long label and stays within the maximum for very long values", () => {
    expect(columnWidth(field("n", "number", "Number of employees worldwide"), ["12"])).toBeGreaterThan(200);
    expect(columnWidth(field("notes", "string"), ["x".repeat(500)])).toBe(MAX_COLUMN);
  });

  it("fits its longest sampled value", () => {
    const values = ["Acme", "Vandelay Imports", "Hooli"];
    expect(columnWidth(field("company", "string", "Company"), values)).toBeGreaterThanOrEqual(
      "Vandelay Imports".length * 7.5 + 20,
    );
  });

  it("guesses from the key before any value is read", () => {
    expect(columnWidth(field("email", "string", "Email"), [])).toBe(220);
    expect(columnWidth(field("company", "string", "Company"), [])).toBe(140);
  });
});
