import { describe, expect, it } from "vitest";
import { actionDisabledReason, type Action } from "./index";

const action = (extra: Partial<Action> = {}): Action => ({ operation: "go", label: "Go", ...extra });
const counts = (total: number, error: number) => ({ total, valid: total - error, error });

describe("actionDisabledReason", () => {
  it("is undefined for an action with no messages or constraints", () => {
    expect(actionDisabledReason(action(), {})).toBeUndefined();
  });

  it("uses an error message as the reason, and ignores info messages", () => {
    expect(
      actionDisabledReason(action({ messages: [{ type: "info", content: "Heads up" }] }), {}),
    ).toBeUndefined();
    expect(
      actionDisabledReason(action({ messages: [{ type: "error", content: "Connect your CRM first" }] }), {}),
    ).toBe("Connect your CRM first");
  });

  it.each([
    [{ type: "hasSelection" as const }, {}, "Select at least one record first"],
    [{ type: "hasSelection" as const }, { selected: 0 }, "Select at least one record first"],
    [{ type: "hasSelection" as const }, { selected: 2 }, undefined],
    [{ type: "hasData" as const }, { counts: counts(0, 0) }, "There are no records yet"],
    [{ type: "hasData" as const }, { counts: counts(3, 3) }, undefined],
    [{ type: "hasData" as const }, {}, undefined],
    [{ type: "hasAllValid" as const }, { counts: counts(10, 1) }, "Fix the 1 record with errors first"],
    [{ type: "hasAllValid" as const }, { counts: counts(10, 4) }, "Fix the 4 records with errors first"],
    [{ type: "hasAllValid" as const }, { counts: counts(10, 0) }, undefined],
  ])("%j with %j -> %s", (constraint, context, expected) => {
    expect(actionDisabledReason(action({ constraints: [constraint] }), context)).toBe(expected);
  });

  it("reports the first failing constraint", () => {
    const both = action({ constraints: [{ type: "hasData" }, { type: "hasAllValid" }] });
    expect(actionDisabledReason(both, { counts: counts(0, 0) })).toBe("There are no records yet");
  });
});
