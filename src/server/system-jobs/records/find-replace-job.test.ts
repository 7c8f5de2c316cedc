import { describe, expect, it } from "vitest";
import { findHint } from "./find-replace-job";

describe("findHint", () => {
  it("is the find's text as a stored record's JSON holds it", () => {
    expect(findHint("Smith")).toBe("Smith");
    expect(findHint('"Smith"')).toBe("Smith");
    expect(findHint('say "hi"')).toBe('say \\"hi\\"');
    expect(findHint("C:\\temp")).toBe("C:\\\\temp");
    expect(findHint("tab\there")).toBe("tab\\there");
    expect(findHint("José 😀")).toBe("José 😀");
    expect(findHint(42)).toBe("42");
    expect(findHint(true)).toBe("true");
  });

  it("gives no hint where every row must be read: an empty find, or text with a lone surrogate", () => {
    expect(findHint(undefined)).toBeUndefined();
    expect(findHint("")).toBeUndefined();
    expect(findHint('""')).toBeUndefined();
    expect(findHint("a\ud800b")).toBeUndefined();
  });

  it("matches wherever a cell containing the text is stored", () => {
    for (const [cell, find] of [
      ['He said "Smith"', 'said "Smith'],
      ["back\\slash", "k\\s"],
      ["line\nbreak", "e\nb"],
      [1234.5, "34.5"],
    ] as const) {
      const json = JSON.stringify({ values: { f: { value: cell } } });
      expect(json.includes(findHint(find)!), `${String(cell)} / ${find}`).toBe(true);
    }
  });
});
