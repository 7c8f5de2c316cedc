import { describe, expect, it } from "vitest";
import { coerceCell } from "./coerce-cell";
import type { Field } from "./schemas/sheet";

const field = (type: Field["type"], extra: Partial<Field> = {}): Field =>
  ({ key: "k", label: "K", type, ...extra }) as Field;

describe("coerceCell", () => {
  it.each([
    ["number", "42", 42],
    ["number", " 1,234.5 ", 1234.5],
    ["number", "-3e2", -300],
    ["number", "12 apples", "12 apples"],
    ["number", "1,23", "1,23"],
    ["number", ".", "."],
    ["boolean", "Yes", true],
    ["boolean", "off", false],
    ["boolean", "maybe", "maybe"],
    ["date", " 2024-10-31 ", "2024-10-31"],
    ["string", " keep spaces ", " keep spaces "],
  ] as const)("%s %j -> %j", (type, text, expected) => {
    expect(coerceCell(field(type), text)).toEqual(expected);
  });

  it("treats empty text as no value", () => {
    expect(coerceCell(field("number"), "   ")).toBeUndefined();
    expect(coerceCell(field("string"), "")).toBeUndefined();
  });

  it("reads an enum option by its value or its label, and keeps unknown text", () => {
    const status = field("enum", {
      config: { options: [{ value: "active", label: "Active customer" }] },
    } as never);
    expect(coerceCell(status, "ACTIVE")).toBe("active");
    expect(coerceCell(status, "active customer")).toBe("active");
    expect(coerceCell(status, "gone")).toBe("gone");
  });
});
