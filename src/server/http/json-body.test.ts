import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error";
import { MAX_JSON_DEPTH, parseJsonBody } from "./json-body";

const refusal = (text: string) => {
  try {
    parseJsonBody(text);
  } catch (error) {
    if (error instanceof ApiError) return error.errors[0];
    throw error;
  }
  return undefined;
};

describe("parseJsonBody", () => {
  it("accepts nesting up to the limit and refuses one level more, naming where", () => {
    const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
    expect(parseJsonBody(nested(MAX_JSON_DEPTH))).toBeDefined();
    expect(refusal(nested(MAX_JSON_DEPTH + 1))).toEqual({
      key: Array.from({ length: MAX_JSON_DEPTH }, () => "0").join("."),
      message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
    });
  });

  it("names the path of a prototype key, in objects and arrays alike", () => {
    expect(refusal('{"__proto__":1}')?.key).toBe("__proto__");
    expect(refusal('[{"a":{"b":[0,{"constructor":1}]}}]')?.key).toBe("0.a.b.1.constructor");
    expect(refusal('{"x":{"prototype":null}}')?.key).toBe("x.prototype");
  });

  it("accepts such words as values, and wide bodies of any size", () => {
    expect(parseJsonBody('{"name":"__proto__","tags":["constructor","prototype"]}')).toEqual({
      name: "__proto__",
      tags: ["constructor", "prototype"],
    });
    const wide = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ name: { value: `n${i}` } })));
    expect((parseJsonBody(wide) as unknown[]).length).toBe(20_000);
  });

  it("is a 400 for text that is not JSON", () => {
    expect(refusal("{nope")?.message).toMatch(/not valid JSON/);
  });
});
