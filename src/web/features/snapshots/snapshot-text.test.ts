import { describe, expect, it } from "vitest";
import { cellText } from "./snapshot-text";

const cell = (value: string | number | boolean) => ({ value, valid: true, messages: [] });

describe("cellText", () => {
  const status = {
    key: "status",
    type: "enum" as const,
    config: {
      options: [
        { value: "new", label: "New lead" },
        { value: "contacted", label: "Contacted" },
      ],
    },
  };

  it("shows an enum value by its option's label, as the grid does", () => {
    expect(cellText({ status: cell("contacted") }, status)).toBe("Contacted");
    // A value no option knows (kept from an older config) shows as stored.
    expect(cellText({ status: cell("lost") }, status)).toBe("lost");
  });

  it("shows other values as text, and nothing for an empty one", () => {
    expect(cellText({ vip: cell(true) }, { key: "vip", type: "boolean" })).toBe("true");
    expect(cellText({ age: cell(42) }, { key: "age", type: "number" })).toBe("42");
    expect(cellText({}, { key: "age", type: "number" })).toBe("");
  });
});
