import { describe, expect, it, vi } from "vitest";
import type { CellScalar, SheetRecord } from "../../core";
import { CellValueReader } from "./record-json";

/** What the whole parse answers: the reference the scan must equal. */
const parsed = (json: string, keys: readonly string[]): CellScalar[] => {
  const record = JSON.parse(json) as SheetRecord;
  return keys.map((key) => record.values[key]?.value ?? null);
};

const AWKWARD_STRINGS = [
  "",
  "plain",
  'say "hi"',
  "a,b",
  "line\nbreak\r\n",
  "back\\slash\\",
  '\\"',
  "tab\there",
  "émoji 😀 ü",
  "\u0000\u001f",
  "lone \ud800 surrogate",
  "}{][,:",
  '{"value":"not me"}',
  "\u2028\u2029",
];
const AWKWARD_NUMBERS = [
  0,
  -0,
  1,
  -1.5,
  0.1 + 0.2,
  1e21,
  1e-7,
  5e-324,
  Number.MAX_SAFE_INTEGER,
  123456789.125,
];

/** A small deterministic generator, so that a failure reproduces. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function randomValue(next: () => number): CellScalar | undefined {
  const pick = next();
  if (pick < 0.35) return AWKWARD_STRINGS[Math.floor(next() * AWKWARD_STRINGS.length)];
  if (pick < 0.6) return AWKWARD_NUMBERS[Math.floor(next() * AWKWARD_NUMBERS.length)] ?? (next() - 0.5) * 1e6;
  if (pick < 0.7) return next() < 0.5;
  if (pick < 0.8) return null;
  if (pick < 0.9) return undefined;
  return String.fromCharCode(...Array.from({ length: 8 }, () => Math.floor(next() * 0xffff)));
}

describe("CellValueReader", () => {
  const keys = ["name", 'qu"ote', "dot.ted", "back\\slash", "émoji😀", "constructor", "missing"];

  it("reads what JSON.parse reads, for records of awkward keys, values, metadata and messages", () => {
    const next = random(7);
    const reader = new CellValueReader(keys);
    for (let n = 0; n < 2_000; n++) {
      const values: Record<string, unknown> = {};
      for (const key of keys.slice(0, -1)) {
        if (next() < 0.1) continue;
        const value = randomValue(next);
        values[key] = {
          ...(value === undefined ? {} : { value }),
          valid: next() < 0.8,
          messages: next() < 0.3 ? [{ type: "error", message: 'bad "value", {here}' }] : [],
          ...(next() < 0.2 ? { metadata: { value: "meta", values: { name: { value: "deep" } } } } : {}),
        };
      }
      const record = {
        id: `us_rc_${n}`,
        values,
        valid: true,
        messages: [],
        metadata: { values: { name: { value: "record metadata" } } },
      };
      const json = JSON.stringify(record);
      expect(reader.read(json)).toEqual(parsed(json, keys));
    }
  });

  it("reads cells in any member order, after members it skips, and the last of repeated keys", () => {
    const reader = new CellValueReader(["a", "b"]);
    const texts = [
      '{"metadata":{"x":[1,{"y":"}"}]},"id":"r\\"1","values":{"b":{"messages":[],"value":2},"a":{"valid":true,"value":"x"}}}',
      '{"values":{"a":{"value":1},"a":{"value":2},"b":{"value":3,"value":4}}}',
      '{"values":{"a":{"value":1},"a":{"valid":true}}}',
      '{"values":{"a":"not a cell","b":null}}',
      '{"values":{}}',
      '{"values":{"\\u0061":{"value":"escaped key"}}}',
      '{"\\u0076alues":{"a":{"value":"escaped values"}}}',
      '{"values":{"a":{"value":[1,"2"]},"b":{"value":{"nested":"}"}}}}',
    ];
    for (const text of texts) expect(reader.read(text)).toEqual(parsed(text, ["a", "b"]));
  });

  it("parses whole the text it does not expect, such as whitespace between members", () => {
    const reader = new CellValueReader(["a", "b"]);
    const texts = [
      '{ "values": { "a": { "value": 1 }, "b": { "value": "two" } } }',
      '{"values":{"a":{"value": {"x":1,"y":2}},"b":{"value":"two"}}}',
      '{"values":{"a":{"value":1 },"b":{"value":"two"}}}',
      '{"values" :{"a":{"value":1}}}',
      '{"values":\n{"a":{"value":1}}}',
    ];
    for (const text of texts) expect(reader.read(text)).toEqual(parsed(text, ["a", "b"]));
  });

  it("never parses a record that JSON.stringify wrote whole", () => {
    const json = JSON.stringify({
      id: "r",
      values: {
        a: { value: 'x "y"', valid: true, messages: [] },
        b: { value: 2.5, valid: true, messages: [] },
      },
      valid: true,
      messages: [],
      metadata: { deep: [{ a: 1 }] },
    });
    const parse = vi.spyOn(JSON, "parse");
    try {
      expect(new CellValueReader(["a", "b"]).read(json)).toEqual(['x "y"', 2.5]);
      expect(parse.mock.calls.map(([text]) => text)).toEqual(['"x \\"y\\""', "2.5"]);
    } finally {
      parse.mockRestore();
    }
  });

  it("reads the same values from a parsed record", () => {
    const record: SheetRecord = {
      id: "r",
      values: { a: { value: "x", valid: true, messages: [] }, b: { valid: false, messages: [] } },
      valid: false,
      messages: [],
      metadata: {},
    };
    expect(new CellValueReader(["b", "a", "c"]).fromRecord(record)).toEqual([null, "x", null]);
  });
});
