import { describe, expect, it } from "vitest";
import { parseFind, replaceInCell } from "./find-replace";
import type { Field } from "./schemas/sheet";

const text: Field = { key: "name", type: "string" };
const number: Field = { key: "age", type: "number" };
const boolean: Field = { key: "ok", type: "boolean" };

const replace = (
  value: Parameters<typeof replaceInCell>[0],
  find: string,
  by: string | undefined,
  field = text,
) => replaceInCell(value, parseFind(find), by, field);

describe("find and replace in a cell", () => {
  it("replaces every occurrence of a substring, case-sensitively", () => {
    expect(replace("Smith-Smith", "Smith", "Smyth")).toEqual({ value: "Smyth-Smyth" });
    expect(replace("smith", "Smith", "Smyth")).toBeUndefined();
    expect(replace("Jones", "Smith", "Smyth")).toBeUndefined();
  });

  it("takes find and replace as plain text, never a pattern", () => {
    expect(replace("a.b.c", ".", "-")).toEqual({ value: "a-b-c" });
    expect(replace("abc", ".*", "x")).toBeUndefined();
    expect(replace("(1+1)", "(1+1)", "$&$1")).toEqual({ value: "$&$1" });
  });

  it("matches whole cells only when find is wrapped in double quotes", () => {
    expect(replace("Smith", '"Smith"', "Smyth")).toEqual({ value: "Smyth" });
    expect(replace("Smithson", '"Smith"', "Smyth")).toBeUndefined();
    expect(parseFind('"')).toEqual({ text: '"', wholeCell: false });
  });

  it("fills empty cells with an empty find, and empties a cell with an empty replace", () => {
    expect(replace(undefined, "", "n/a")).toEqual({ value: "n/a" });
    expect(replace(null, '""', "n/a")).toEqual({ value: "n/a" });
    expect(replace("x", "", "n/a")).toBeUndefined();
    expect(replace("Smith", "Smith", "")).toEqual({ value: undefined });
    expect(replace(undefined, "", undefined)).toBeUndefined();
  });

  it("compares numbers and booleans as text and reads the result back in the field's type", () => {
    expect(replace(1200, "12", "13", number)).toEqual({ value: 1300 });
    expect(replace(42, '"42"', "43", number)).toEqual({ value: 43 });
    expect(replace(true, "true", "no", boolean)).toEqual({ value: false });
    expect(replace(42, "4", "4", number)).toBeUndefined();
  });

  it("keeps a result the field's type cannot hold as text, for validation to flag", () => {
    expect(replace(42, "4", "x", number)).toEqual({ value: "x2" });
  });
});
