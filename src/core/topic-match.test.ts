import { describe, expect, it } from "vitest";
import { filterMatches, flatten, topicMatches, type EventFilter } from "./index";

describe("topicMatches", () => {
  it.each<[string | string[], string, boolean]>([
    // "**" spans any number of ":" segments.
    ["**", "job:ready", true],
    ["**", "space:created", true],
    ["**", "job:outcome-acknowledged", true],
    ["**", "commit:created", true],
    // "*" stays inside one segment.
    ["job:*", "job:ready", true],
    ["*:ready", "job:ready", true],
    ["*:*", "job:ready", true],
    ["*", "job:ready", false],
    ["job:*", "space:created", false],
    ["*:ready", "job:updated", false],
    ["job", "job:ready", false],
    ["job:ready", "job:ready", true],
    ["job:ready", "job:readyish", false],
    ["job:ready", "job:ready:extra", false],
    // Globs inside a segment.
    ["job:outcome-*", "job:outcome-acknowledged", true],
    ["job:outcome-*", "job:updated", false],
    ["job:*ed", "job:completed", true],
    ["job:*ed", "job:ready", false],
    ["**:ready", "job:ready", true],
    ["**:ready", "ready", true],
    ["**:ready", "job:updated", false],
    ["job:**", "job:ready", true],
    // An empty pattern acts as "**".
    ["", "job:ready", true],
    ["", "space:created", true],
    // Arrays: any of them.
    [["job:completed", "job:failed"], "job:failed", true],
    [["job:completed", "job:failed"], "job:ready", false],
    [["space:*", "*:ready"], "job:ready", true],
    [[], "job:ready", false],
    // Regex characters in a pattern are literal.
    ["job:re.dy", "job:ready", false],
    ["job:(ready)", "job:ready", false],
  ])("%j vs %s -> %s", (pattern, topic, expected) => {
    expect(topicMatches(pattern, topic)).toBe(expected);
  });
});

describe("filterMatches", () => {
  /** A job:ready event as the server publishes it for a workbook export started from a sheet. */
  const event = {
    id: "us_evt_0000000000000001",
    topic: "job:ready",
    domain: "job",
    context: {
      accountId: "us_acc_0000000000000001",
      environmentId: "us_env_0000000000000001",
      spaceId: "us_sp_0000000000000001",
      workbookId: "us_wb_0000000000000001",
      sheetId: "us_sh_0000000000000001",
      jobId: "us_jb_0000000000000001",
      actionName: "workbook:export",
      actorId: null,
      namespaces: ["a", "b"],
      slugs: { space: "main", workbook: "crm", sheet: "contacts" },
    },
    payload: {
      job: "workbook:export",
      domain: "workbook",
      operation: "export",
      status: "ready",
      info: undefined,
      progress: 0,
      mode: "foreground",
      isPart: false,
    },
    createdAt: "2024-03-01T09:00:00.000Z",
  };

  it.each<[string, EventFilter | undefined, boolean]>([
    ["no filter", undefined, true],
    ["empty filter", {}, true],
    // A key with no "." or "*" matches at any depth.
    ["payload.job by its last key", { job: "workbook:export" }, true],
    ["a different job", { job: "workbook:submit" }, false],
    ["context.slugs.sheet by its last key", { sheet: "contacts" }, true],
    ["a different sheet slug", { sheet: "leads" }, false],
    ["a top-level key", { topic: "job:ready" }, true],
    ["domain matches at the top or in the payload", { domain: "workbook" }, true],
    // Values are globs with ":" separators.
    ["job glob", { job: "workbook:*" }, true],
    ["job glob on the other segment", { job: "*:export" }, true],
    ["job glob, other domain", { job: "sheet:*" }, false],
    ["id glob", { spaceId: "us_sp_*" }, true],
    ["a lone * stays in one segment", { job: "*" }, false],
    ["** spans segments", { job: "**" }, true],
    // Arrays: any of them.
    ["any of", { job: ["sheet:x", "workbook:export"] }, true],
    ["none of", { job: ["sheet:x", "file:y"] }, false],
    // Several keys: all must match.
    ["two keys, both match", { job: "workbook:export", sheet: "contacts" }, true],
    ["two keys, one does not", { job: "workbook:export", sheet: "leads" }, false],
    // A key with "." is an exact path from the root.
    ["exact dotted path", { "context.spaceId": "us_sp_0000000000000001" }, true],
    ["exact dotted path, other value", { "context.spaceId": "us_sp_other" }, false],
    ["dotted path not anchored at the root", { "slugs.sheet": "contacts" }, false],
    ["full dotted path", { "context.slugs.sheet": "contacts" }, true],
    // A key with "*" is a glob over the dot paths.
    ["key glob, one segment", { "context.slugs.*": "contacts" }, true],
    ["key glob at the front", { "*.spaceId": "us_sp_0000000000000001" }, true],
    ["key * stays in one segment", { "context.*": "contacts" }, false],
    ["key ** spans segments", { "context.**": "contacts" }, true],
    // Missing keys never match.
    ["missing key", { nothing: "x" }, false],
    ["missing dotted path", { "payload.nothing": "x" }, false],
    // null: an actual null or undefined value matches an expected null, and nothing else does.
    ["null vs null", { actorId: null }, true],
    ["null vs undefined", { info: null }, true],
    ["null vs a value", { sheet: null }, false],
    ["a value vs null", { actorId: "someone" }, false],
    ["null vs an absent key", { nothing: null }, false],
    // Numbers and booleans are compared exactly.
    ["number equal", { progress: 0 }, true],
    ["number different", { progress: 1 }, false],
    ["boolean equal", { isPart: false }, true],
    ["boolean different", { isPart: true }, false],
    ["a number does not match a string", { status: 0 }, false],
    // Array values in the event match if any element matches.
    ["array element", { namespaces: "a" }, true],
    ["other array element", { namespaces: "b" }, true],
    ["no array element", { namespaces: "c" }, false],
    ["array element, any of", { namespaces: ["c", "b"] }, true],
    ["array element glob", { namespaces: "*" }, true],
    // Nested filter objects are flattened to exact dotted paths.
    ["nested filter", { payload: { job: "workbook:export" } }, true],
    ["nested filter, other value", { payload: { job: "sheet:x" } }, false],
    ["deeply nested filter", { context: { slugs: { sheet: "contacts" } } }, true],
    ["nested filter, wrong branch", { payload: { sheet: "contacts" } }, false],
    ["nested filter with an array", { payload: { job: ["x:y", "workbook:*"] } }, true],
  ])("%s", (_name, filter, expected) => {
    expect(filterMatches(filter, event)).toBe(expected);
  });

  it("a string value is a glob against the value's text", () => {
    expect(filterMatches({ progress: "0" }, event)).toBe(true);
    expect(filterMatches({ isPart: "false" }, event)).toBe(true);
  });

  it("matches regardless of where the key lives when it appears more than once", () => {
    const twice = { context: { status: "archived" }, payload: { status: "ready" } };
    expect(filterMatches({ status: "ready" }, twice)).toBe(true);
    expect(filterMatches({ status: "archived" }, twice)).toBe(true);
    expect(filterMatches({ status: "deleted" }, twice)).toBe(false);
  });
});

describe("flatten", () => {
  it("flattens objects to dot paths and keeps arrays and empty objects whole", () => {
    expect(flatten({ a: { b: 1, c: { d: "x" } }, list: [1, { e: 2 }], empty: {}, nil: null })).toEqual({
      "a.b": 1,
      "a.c.d": "x",
      list: [1, { e: 2 }],
      empty: {},
      nil: null,
    });
  });
});
