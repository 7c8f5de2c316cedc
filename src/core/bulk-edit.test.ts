import { describe, expect, it } from "vitest";
import { applyBulkEdit, sameCellValue } from "./bulk-edit";
import type { BulkEdit } from "./schemas/record-jobs";
import type { Field } from "./schemas/sheet";

const field = (type: Field["type"], extra: Partial<Field> = {}): Field =>
  ({ key: "k", label: "K", type, ...extra }) as Field;
const edit = (op: BulkEdit["op"], value?: BulkEdit["value"]): BulkEdit => ({ fieldKey: "k", op, value });

describe("applyBulkEdit", () => {
  it("sets a value read as the field's type", () => {
    expect(applyBulkEdit(edit("set", "1,234"), "old", field("number"))).toBe(1234);
    expect(applyBulkEdit(edit("set", "yes"), false, field("boolean"))).toBe(true);
    expect(applyBulkEdit(edit("set", " Paris "), "Lyon", field("string"))).toBe(" Paris ");
    expect(applyBulkEdit(edit("set", 7), 1, field("number"))).toBe(7);
    expect(applyBulkEdit(edit("set", "not a number"), 1, field("number"))).toBe("not a number");
  });

  it("sets an enum by its option's label", () => {
    const status = field("enum", { config: { options: [{ value: "active", label: "Active" }] } } as never);
    expect(applyBulkEdit(edit("set", "ACTIVE"), null, status)).toBe("active");
  });

  it("sets empty text, no value or null as an empty cell", () => {
    expect(applyBulkEdit(edit("set", "  "), "x", field("string"))).toBeNull();
    expect(applyBulkEdit(edit("set"), "x", field("string"))).toBeNull();
    expect(applyBulkEdit(edit("set", null), "x", undefined)).toBeNull();
  });

  it("clears", () => {
    expect(applyBulkEdit(edit("clear"), "x", field("string"))).toBeNull();
    expect(applyBulkEdit(edit("clear"), 3, field("number"))).toBeNull();
  });

  it("trims text, and reads the trimmed text as the field's type", () => {
    expect(applyBulkEdit(edit("trim"), "  Ada  ", field("string"))).toBe("Ada");
    expect(applyBulkEdit(edit("trim"), " 42 ", field("number"))).toBe(42);
    expect(applyBulkEdit(edit("trim"), "   ", field("string"))).toBeNull();
  });

  it("changes the case of text", () => {
    expect(applyBulkEdit(edit("uppercase"), "ada lovelace", field("string"))).toBe("ADA LOVELACE");
    expect(applyBulkEdit(edit("lowercase"), "ADA", field("string"))).toBe("ada");
    expect(applyBulkEdit(edit("capitalize"), "aDA LOVELACE", field("string"))).toBe("Ada Lovelace");
    expect(applyBulkEdit(edit("capitalize"), "jean-luc o'neil élodie", field("string"))).toBe(
      "Jean-Luc O'neil Élodie",
    );
  });

  it("leaves numbers, booleans and empty cells alone in text operations", () => {
    expect(applyBulkEdit(edit("uppercase"), 12, field("number"))).toBe(12);
    expect(applyBulkEdit(edit("trim"), true, field("boolean"))).toBe(true);
    expect(applyBulkEdit(edit("capitalize"), undefined, field("string"))).toBeNull();
  });

  it("keeps an enum on its option when the case changes", () => {
    const status = field("enum", { config: { options: [{ value: "active" }] } } as never);
    expect(applyBulkEdit(edit("uppercase"), "active", status)).toBe("active");
  });

  it("works on a key that is not a field (an additional field) without reading a type", () => {
    expect(applyBulkEdit(edit("uppercase"), "note", undefined)).toBe("NOTE");
    expect(applyBulkEdit(edit("set", "42"), null, undefined)).toBe("42");
  });
});

describe("sameCellValue", () => {
  it("treats absent, null and empty text as the same empty cell", () => {
    expect(sameCellValue(undefined, null)).toBe(true);
    expect(sameCellValue("", null)).toBe(true);
    expect(sameCellValue("a", "a")).toBe(true);
    expect(sameCellValue(1, "1")).toBe(false);
    expect(sameCellValue(null, 0)).toBe(false);
    expect(sameCellValue(false, null)).toBe(false);
  });
});
