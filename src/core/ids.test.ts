import { describe, expect, it } from "vitest";
import { ID_PREFIXES, isIdOf, newId, type IdKind } from "./index";

/** The prefixes of the spec's Resources section, written out so a changed prefix is caught. */
const SPEC_PREFIXES: Record<IdKind, string> = {
  space: "us_sp_",
  workbook: "us_wb_",
  sheet: "us_sh_",
  record: "us_rc_",
  file: "us_fl_",
  document: "us_dc_",
  snapshot: "us_ss_",
  job: "us_jb_",
  event: "us_evt_",
  action: "us_ac_",
};
const KINDS = Object.keys(SPEC_PREFIXES) as IdKind[];

describe("ids", () => {
  it("has exactly the spec's prefixes", () => {
    expect(ID_PREFIXES).toEqual(SPEC_PREFIXES);
  });

  it.each(KINDS)("a new %s id carries its prefix, its creation time and a url-safe random part", (kind) => {
    const before = Date.now();
    const id = newId(kind);
    expect(id.startsWith(SPEC_PREFIXES[kind])).toBe(true);
    const rest = id.slice(SPEC_PREFIXES[kind].length);
    expect(rest).toMatch(/^[0-9a-z]{20}$/);
    const at = parseInt(rest.slice(0, 9), 36);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
    expect(isIdOf(kind, id)).toBe(true);
  });

  it("ids made later sort after earlier ones, so indexes on them grow at the end", async () => {
    const first = newId("record");
    await new Promise((resolve) => setTimeout(resolve, 2));
    const second = newId("record");
    expect(second > first).toBe(true);
  });

  it("no prefix is the start of another, so an id has one kind", () => {
    for (const a of KINDS) {
      for (const b of KINDS) {
        if (a !== b) expect(SPEC_PREFIXES[a].startsWith(SPEC_PREFIXES[b])).toBe(false);
      }
    }
  });

  it("10,000 ids are all different", () => {
    const ids = new Set<string>();
    for (let i = 0; i < 10_000; i++) ids.add(newId(KINDS[i % KINDS.length] as IdKind));
    expect(ids.size).toBe(10_000);
    const jobs = new Set(Array.from({ length: 10_000 }, () => newId("job")));
    expect(jobs.size).toBe(10_000);
  });

  it.each(KINDS)("isIdOf(%s) refuses the ids of every other kind", (kind) => {
    for (const other of KINDS) {
      expect(isIdOf(kind, newId(other))).toBe(other === kind);
    }
  });

  it("isIdOf refuses a bare prefix, an empty string and foreign ids", () => {
    expect(isIdOf("job", "us_jb_")).toBe(false);
    expect(isIdOf("job", "")).toBe(false);
    expect(isIdOf("job", "jb_123")).toBe(false);
    expect(isIdOf("job", "US_JB_123")).toBe(false);
    expect(isIdOf("job", "x_us_jb_123")).toBe(false);
    expect(isIdOf("job", "us_jb_1")).toBe(true);
    expect(isIdOf("event", "us_evt_1")).toBe(true);
  });
});
