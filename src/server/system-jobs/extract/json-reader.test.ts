import { describe, expect, it } from "vitest";
import type { ExtractEvent } from "./extract-events";
import { extractTables } from "./extract-tables";
import { extractAll, streamOf, utf16 } from "./extract-test-support";

const json = (content: string | Uint8Array, options: Partial<Parameters<typeof extractAll>[1]> = {}) =>
  extractAll(content, { fileName: "contacts.json", ...options });

describe("JSON extraction", () => {
  it("reads an array of objects: keys in first-seen order, nested values as JSON text", async () => {
    const content = JSON.stringify([
      { name: "Anna", age: 31, tags: ["a", "b"] },
      { name: "Bob", address: { city: "Köln" }, active: true, note: null },
      { age: 2.5, name: "Cem" },
    ]);
    for (const chunkSize of [1, 7, 1 << 16]) {
      const [table] = await json(content, { chunkSize });
      expect(table).toMatchObject({ name: "contacts", format: "json", headerRow: undefined });
      expect(table!.labels).toEqual(["name", "age", "tags", "address", "active", "note"]);
      expect(table!.rows).toEqual([
        ["Anna", "31", '["a","b"]', "", "", ""],
        ["Bob", "", "", '{"city":"Köln"}', "true", ""],
        ["Cem", "2.5", "", "", "", ""],
      ]);
    }
  });

  it("grows the table when a key first appears after the first batch", async () => {
    const content = JSON.stringify([{ a: 1 }, { a: 2 }, { a: 3, b: "new" }]);
    const events: ExtractEvent[] = [];
    for await (const event of extractTables(streamOf(content), {
      fileName: "g.json",
      limits: { batchRows: 2 },
    })) {
      events.push(event);
    }
    expect(events).toEqual([
      {
        kind: "table",
        name: "g",
        index: 0,
        format: "json",
        headerRow: undefined,
        columns: [{ key: "a", label: "a" }],
      },
      { kind: "rows", rows: [["1"], ["2"]] },
      {
        kind: "columns",
        columns: [
          { key: "a", label: "a" },
          { key: "b", label: "b" },
        ],
      },
      { kind: "rows", rows: [["3", "new"]] },
    ]);
  });

  it("reads UTF-16 JSON with a BOM", async () => {
    const [table] = await json(utf16('[{"Name":"Zoë"}]', "le", true), { chunkSize: 1 });
    expect(table!.rows).toEqual([["Zoë"]]);
  });

  it.each([
    ['{"data": []}', /holds an object; it must hold an array of objects/],
    ['"text"', /holds a string; it must hold an array of objects/],
    ["[1, 2]", /Item 1 of the JSON array is a number; each item must be an object/],
    ['[{"a": 1}, [1]]', /Item 2 of the JSON array is an array/],
    ['[{"a": 1}, null]', /Item 2 of the JSON array is null/],
    ["[]", /The JSON array is empty/],
    ["", /The file is empty/],
    ["   \n", /holds no JSON value/],
    ['[{"a": 1},', /not valid JSON/],
    ['[{"a": 1}] trailing', /not valid JSON/],
    ["[{'a': 1}]", /not valid JSON/],
  ])("refuses %j", async (content, message) => {
    await expect(json(content)).rejects.toThrow(message);
  });

  it("refuses deep nesting before building it", async () => {
    const deep = `[{"a": ${"[".repeat(100_000)}${"]".repeat(100_000)}}]`;
    await expect(json(deep)).rejects.toThrow(
      "The JSON file nests arrays and objects more than 32 levels deep",
    );
    await expect(json('[{"a": [[1]]}]', { limits: { maxJsonDepth: 3 } })).rejects.toThrow(
      /more than 3 levels/,
    );
  });

  it("caps keys and value sizes", async () => {
    const wide = JSON.stringify([
      Object.fromEntries(Array.from({ length: 5 }, (_, index) => [`k${index}`, index])),
    ]);
    await expect(json(wide, { limits: { maxColumns: 4 } })).rejects.toThrow(/more than 4 different keys/);
    const big = JSON.stringify([{ a: "x".repeat(2000) }]);
    await expect(json(big, { limits: { maxCellChars: 1000 } })).rejects.toThrow(
      'Item 1 has a value of 2,000 characters under "a"; at most 1,000 are supported.',
    );
  });
});
