import { describe, expect, it } from "vitest";
import { listWindow } from "./list-window";

describe("listWindow", () => {
  it("counts every match on the first page", () => {
    expect(listWindow({ pageSize: 50, pageNumber: 1 })).toEqual({ limit: 50, offset: 0 });
  });

  it("counts a later page's matches only up to one past it", () => {
    expect(listWindow({ pageSize: 50, pageNumber: 2 })).toEqual({ limit: 50, offset: 50, countLimit: 101 });
    expect(listWindow({ pageSize: 200, pageNumber: 10 })).toEqual({
      limit: 200,
      offset: 1_800,
      countLimit: 2_001,
    });
  });
});
