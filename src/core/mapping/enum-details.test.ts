import { describe, expect, it } from "vitest";
import type { EnumOption } from "../schemas/common";
import { EnumDetails } from "../schemas/plan";
import { proposeEnumDetails } from "./enum-details";

const OPTIONS: EnumOption[] = [
  { value: "active", label: "Active" },
  { value: "in-progress", label: "In Progress" },
  { value: "lead", label: "Sales lead" },
  { value: "closed", label: "Closed" },
];

describe("proposeEnumDetails", () => {
  it("matches values by option value or label, ignoring case and surrounding spaces", () => {
    const details = proposeEnumDetails(["Active", " ACTIVE ", "sales lead", "Lead", "churned"], OPTIONS);
    expect(details).toEqual({
      mapping: [
        { sourceValue: "Active", destinationValue: "active" },
        { sourceValue: " ACTIVE ", destinationValue: "active" },
        { sourceValue: "sales lead", destinationValue: "lead" },
        { sourceValue: "Lead", destinationValue: "lead" },
        { sourceValue: "churned" },
      ],
      unusedDestinationValues: ["in-progress", "closed"],
    });
    expect(EnumDetails.safeParse(details).success).toBe(true);
  });

  it("matches a value that differs only in punctuation when one option fits", () => {
    expect(proposeEnumDetails(["in_progress", "In Progress!"], OPTIONS).mapping).toEqual([
      { sourceValue: "in_progress", destinationValue: "in-progress" },
      { sourceValue: "In Progress!", destinationValue: "in-progress" },
    ]);
  });

  it("leaves a loose spelling unmapped when two options fit it", () => {
    const options: EnumOption[] = [{ value: "a-b" }, { value: "a_b" }];
    expect(proposeEnumDetails(["A B"], options).mapping).toEqual([{ sourceValue: "A B" }]);
  });

  it("prefers an option's value to another option's label", () => {
    const options: EnumOption[] = [
      { value: "x", label: "open" },
      { value: "open", label: "Opened" },
    ];
    expect(proposeEnumDetails(["Open"], options).mapping).toEqual([
      { sourceValue: "Open", destinationValue: "open" },
    ]);
  });

  it("matches number and boolean options by their written form", () => {
    const options: EnumOption[] = [
      { value: 1, label: "One" },
      { value: true, label: "Yes" },
    ];
    expect(proposeEnumDetails(["1", "one", "yes", "TRUE", 2], options).mapping).toEqual([
      { sourceValue: "1", destinationValue: 1 },
      { sourceValue: "one", destinationValue: 1 },
      { sourceValue: "yes", destinationValue: true },
      { sourceValue: "TRUE", destinationValue: true },
      { sourceValue: 2 },
    ]);
  });

  it("skips empty cells, repeats and values too long to be a category", () => {
    const details = proposeEnumDetails(["", "  ", "Closed", "Closed", "x".repeat(256)], OPTIONS);
    expect(details.mapping).toEqual([{ sourceValue: "Closed", destinationValue: "closed" }]);
  });

  it("keeps at most as many values as a plan may hold", () => {
    const values = Array.from({ length: 1_500 }, (_, index) => `value ${index}`);
    const details = proposeEnumDetails(values, OPTIONS);
    expect(details.mapping).toHaveLength(1_000);
    expect(EnumDetails.safeParse(details).success).toBe(true);
  });
});
