import { describe, expect, it } from "vitest";
import { resolveRecordSelection } from "../../../core";
import type { Selection } from "../sheets";
import { scopeConfig, selectionConfig } from "./selection-config";

const some: Selection = { mode: "ids", ids: new Set(["r1", "r2"]) };
const all = (exceptions: string[] = [], searchValue?: string): Selection => ({
  mode: "all",
  match: { filter: "error", ...(searchValue ? { searchValue } : {}) },
  exceptions: new Set(exceptions),
  total: 12_400,
});

describe("selectionConfig", () => {
  it("sends rows ticked one by one as ids without a filter, so they are the records included", () => {
    for (const kind of ["deleteRecords", "findReplace", "mutate"] as const) {
      const config = selectionConfig(some, kind);
      expect(config).toEqual({ ids: ["r1", "r2"] });
      expect(resolveRecordSelection(config)).toEqual({ filter: "all", includeIds: ["r1", "r2"] });
    }
  });

  it("sends select-all as the view's filter and search, with nothing left out", () => {
    const config = selectionConfig(all([], "smith"), "findReplace");
    expect(config).toEqual({ filter: "error", searchValue: "smith" });
    expect(resolveRecordSelection(config)).toEqual({ filter: "error", searchValue: "smith" });
  });

  it("leaves the rows unticked after select-all out: exceptions for a delete, excluding ids for the others", () => {
    const forDelete = selectionConfig(all(["r7", "r9"]), "deleteRecords");
    expect(forDelete).toEqual({ filter: "error", exceptions: ["r7", "r9"] });
    expect(forDelete).not.toHaveProperty("ids");
    expect(resolveRecordSelection(forDelete).excludeIds).toEqual(["r7", "r9"]);

    for (const kind of ["findReplace", "mutate"] as const) {
      const config = selectionConfig(all(["r7", "r9"]), kind);
      expect(config).toEqual({ filter: "error", ids: ["r7", "r9"] });
      expect(resolveRecordSelection(config)).toEqual({ filter: "error", excludeIds: ["r7", "r9"] });
    }
  });

  it("keeps select-all over the unfiltered sheet a filter ('all'), so its ids still exclude", () => {
    const selection: Selection = {
      mode: "all",
      match: { filter: "all" },
      exceptions: new Set(["r3"]),
      total: 5,
    };
    const config = selectionConfig(selection, "mutate");
    expect(config).toEqual({ filter: "all", ids: ["r3"] });
    expect(resolveRecordSelection(config)).toEqual({ filter: "all", excludeIds: ["r3"] });
  });
});

describe("scopeConfig", () => {
  const view = { filter: "valid" as const, searchValue: "ada" };

  it("narrows nothing for all records, and follows the view's filter and search for the view", () => {
    expect(scopeConfig("all", view, some, "findReplace")).toEqual({});
    expect(scopeConfig("view", view, some, "findReplace")).toEqual({ filter: "valid", searchValue: "ada" });
    expect(scopeConfig("view", { filter: "all" }, undefined, "mutate")).toEqual({ filter: "all" });
  });

  it("takes the selection for the selection, and has nothing to offer without one", () => {
    expect(scopeConfig("selection", view, some, "mutate")).toEqual({ ids: ["r1", "r2"] });
    expect(scopeConfig("selection", view, undefined, "mutate")).toBeUndefined();
  });
});
