import { describe, expect, it } from "vitest";
import { ChunkSizer } from "./chunk-sizer";

describe("ChunkSizer", () => {
  it("grows at most twofold per chunk towards the target time", () => {
    const sizer = new ChunkSizer({ targetMs: 20, initial: 100 });
    sizer.observe(1, 100); // 0.01 ms a row: 2,000 rows would take 20 ms
    expect(sizer.size).toBe(200);
    sizer.observe(2, 200);
    expect(sizer.size).toBe(400);
  });

  it("shrinks when a chunk took too long, and stays within its bounds", () => {
    const sizer = new ChunkSizer({ targetMs: 20, initial: 1_000, min: 50 });
    sizer.observe(200, 1_000);
    expect(sizer.size).toBe(500);
    for (let i = 0; i < 10; i++) sizer.observe(1_000, sizer.size);
    expect(sizer.size).toBe(50);
  });
});
