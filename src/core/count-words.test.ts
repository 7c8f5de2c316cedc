import { describe, expect, it } from "vitest";
import { countOf, formatCount, recordsWord } from "./count-words";

describe("count words", () => {
  it("groups thousands and picks the noun's number", () => {
    expect(formatCount(1204)).toBe("1,204");
    expect(recordsWord(1)).toBe("1 record");
    expect(recordsWord(1_000_000)).toBe("1,000,000 records");
    expect(countOf(0, "row")).toBe("0 rows");
    expect(countOf(2, "match", "matches")).toBe("2 matches");
  });
});
