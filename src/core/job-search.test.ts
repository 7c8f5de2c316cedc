import { describe, expect, it } from "vitest";
import {
  JOB_SEARCH_TEXT_MAX,
  JOB_SEARCH_WORD_MAX,
  jobSearchText,
  searchTextMatches,
  searchWords,
} from "./job-search";

describe("searchWords", () => {
  it("lower-cases runs of letters and digits, in any script, and drops the rest", () => {
    expect(searchWords("Sent 12 invoices to ACME-Corp (Zürich)!")).toEqual([
      "sent",
      "12",
      "invoices",
      "to",
      "acme",
      "corp",
      "zürich",
    ]);
    expect(searchWords("sheet:validate_all")).toEqual(["sheet", "validate", "all"]);
    expect(searchWords("  ?! ")).toEqual([]);
  });

  it("cuts a long word, so that a long query word still matches as a prefix", () => {
    const long = "a".repeat(100);
    expect(searchWords(long)).toEqual(["a".repeat(JOB_SEARCH_WORD_MAX)]);
  });
});

describe("jobSearchText", () => {
  it("holds each word of the operation, info, outcome message and the input's strings once", () => {
    const text = jobSearchText({
      operation: "contacts:mark",
      info: "Marking contacts",
      outcome: { message: "Marked 3 contacts" },
      input: { note: "call", list: ["Friday", { deep: "urgent" }, 7, true] },
    });
    expect(text).toBe("contacts mark marking marked 3 call friday urgent");
  });

  it("stops at the cap, keeping whole words", () => {
    const words = Array.from({ length: 2_000 }, (_, i) => `w${i}`);
    const text = jobSearchText({ operation: "op", input: { words } });
    expect(text.length).toBeLessThanOrEqual(JOB_SEARCH_TEXT_MAX);
    expect(text.split(" ").every((word) => word === "op" || /^w\d+$/.test(word))).toBe(true);
    expect(text.split(" ")).toContain("w10");
  });
});

describe("searchTextMatches", () => {
  it("needs a word beginning with each query word", () => {
    expect(searchTextMatches("sent invoices acme", ["inv", "ac"])).toBe(true);
    expect(searchTextMatches("sent invoices acme", ["voices"])).toBe(false);
    expect(searchTextMatches("sent invoices acme", ["inv", "zz"])).toBe(false);
    expect(searchTextMatches("sent", [])).toBe(false);
    expect(searchTextMatches("", ["a"])).toBe(false);
  });
});
