import { describe, expect, it } from "vitest";
import { JobExecutionPlan, validatePlan } from "../schemas/plan";
import type { Field } from "../schemas/sheet";
import { proposePlan } from "./propose-plan";
import { reconcilePlan } from "./reconcile-plan";

const SOURCE: Field[] = [
  { key: "Name", label: "Name", type: "string" },
  { key: "Mail", label: "Mail", type: "string" },
  { key: "State", label: "State", type: "string" },
];
const DESTINATION: Field[] = [
  { key: "firstName", label: "First name", type: "string", constraints: [{ type: "required" }] },
  { key: "email", label: "Email", type: "string" },
  {
    key: "status",
    type: "enum",
    config: { options: [{ value: "open" }, { value: "closed" }] },
  },
];
const previews = new Map([
  ["Name", ["Ada Lovelace"]],
  ["Mail", ["ada@example.com"]],
  ["State", ["Open"]],
]);
const CURRENT = proposePlan({ sourceFields: SOURCE, destinationFields: DESTINATION, previews });

describe("reconcilePlan", () => {
  it("starts from a proposal that maps Mail only", () => {
    expect(CURRENT.fieldMapping.map((edge) => edge.sourceField.key)).toEqual(["Mail"]);
  });

  it("takes the request's edges, with the sheets' own field configs and the known previews", () => {
    const update = {
      fieldMapping: [
        {
          sourceField: { key: "Name", type: "string" as const },
          destinationField: { key: "firstName", type: "string" as const },
        },
      ],
    };
    expect(validatePlan(update, SOURCE, DESTINATION)).toEqual([]);
    const plan = reconcilePlan(update, CURRENT, SOURCE, DESTINATION);
    expect(plan).toEqual({
      fieldMapping: [{ sourceField: SOURCE[0], destinationField: DESTINATION[0], preview: ["Ada Lovelace"] }],
      unmappedSourceFields: [
        { sourceField: SOURCE[1], preview: ["ada@example.com"] },
        { sourceField: SOURCE[2], preview: ["Open"] },
      ],
      unmappedDestinationFields: [{ destinationField: DESTINATION[1] }, { destinationField: DESTINATION[2] }],
    });
    expect(JobExecutionPlan.safeParse(plan).success).toBe(true);
  });

  it("keeps the current edges when a PATCH changes only the program", () => {
    const plan = reconcilePlan({ programId: "us_pr_1" }, CURRENT, SOURCE, DESTINATION);
    expect(plan).toEqual({ ...CURRENT, programId: "us_pr_1" });
  });

  it("keeps a value mapping the request leaves out, for the same column and field", () => {
    const withEnum = {
      ...CURRENT,
      fieldMapping: [
        ...CURRENT.fieldMapping,
        {
          sourceField: SOURCE[2] as Field,
          destinationField: DESTINATION[2] as Field,
          enumDetails: { mapping: [{ sourceValue: "Open", destinationValue: "open" }] },
        },
      ],
    };
    const update = {
      fieldMapping: withEnum.fieldMapping.map(({ sourceField, destinationField }) => ({
        sourceField,
        destinationField,
      })),
    };
    const plan = reconcilePlan(update, withEnum, SOURCE, DESTINATION);
    expect(plan.fieldMapping[1]?.enumDetails).toEqual({
      mapping: [{ sourceValue: "Open", destinationValue: "open" }],
    });
    expect(plan.fieldMapping[0]?.enumDetails).toBeUndefined();
  });

  it("recomputes the unmapped lists whatever the request says of them", () => {
    const plan = reconcilePlan(
      { fieldMapping: [], unmappedSourceFields: [], unmappedDestinationFields: [] },
      CURRENT,
      SOURCE,
      DESTINATION,
    );
    expect(plan.unmappedSourceFields.map((entry) => entry.sourceField.key)).toEqual([
      "Name",
      "Mail",
      "State",
    ]);
    expect(plan.unmappedDestinationFields.map((entry) => entry.destinationField.key)).toEqual([
      "firstName",
      "email",
      "status",
    ]);
  });
});
