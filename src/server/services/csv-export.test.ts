import { describe, expect, it } from "vitest";
import type { SheetConfig } from "../../core";
import { ApiError } from "../http/api-error";
import { csvColumns, csvField, csvStream } from "./csv-export";

const config: SheetConfig = {
  name: "Contacts",
  fields: [
    { key: "name", label: "Name", type: "string" },
    { key: "age", type: "number" },
  ],
};

describe("csvField", () => {
  it("quotes only what needs it, doubling quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("one\r\ntwo")).toBe('"one\r\ntwo"');
    expect(csvField("one\ntwo")).toBe('"one\ntwo"');
    expect(csvField(" lead")).toBe('" lead"');
    expect(csvField("trail ")).toBe('"trail "');
    expect(csvField("in side")).toBe("in side");
  });

  it("writes numbers and booleans as JSON does, and nothing for no value", () => {
    expect(csvField(12.5)).toBe("12.5");
    expect(csvField(-3)).toBe("-3");
    expect(csvField(false)).toBe("false");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField("")).toBe("");
  });
});

describe("csvColumns", () => {
  it("heads columns with labels, keys when unlabelled, in the chosen order", () => {
    expect(csvColumns(config, undefined)).toEqual([
      { key: "name", header: "Name" },
      { key: "age", header: "age" },
    ]);
    expect(csvColumns(config, ["age", "name"]).map((c) => c.header)).toEqual(["age", "Name"]);
  });

  it("refuses a key that is not a field, unless the sheet allows additional fields", () => {
    expect(() => csvColumns(config, ["name", "nope"])).toThrow(ApiError);
    expect(csvColumns({ ...config, allowAdditionalFields: true }, ["nope"])).toEqual([
      { key: "nope", header: "nope" },
    ]);
  });
});

describe("csvStream", () => {
  it("reads a page only when the reader wants more, and stops reading when the reader cancels", async () => {
    let read = 0;
    let finished = false;
    async function* pages() {
      try {
        for (let page = 0; page < 100; page++) {
          read++;
          yield [[`n${page}`]];
        }
      } finally {
        finished = true;
      }
    }
    const reader = csvStream(csvColumns(config, ["name"]), pages()).getReader();
    const decode = (chunk: Uint8Array | undefined) => new TextDecoder().decode(chunk);
    expect(decode((await reader.read()).value)).toBe("Name\r\n");
    expect(decode((await reader.read()).value)).toBe("n0\r\n");
    // The stream asks ahead by at most its high-water mark (one chunk), never for the whole sheet.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(read).toBeLessThanOrEqual(2);
    await reader.cancel();
    expect(finished).toBe(true);
    expect(read).toBeLessThanOrEqual(2);
  });

  it("ends after the last page, with a byte order mark first when asked", async () => {
    async function* pages() {
      yield [
        ["Ann", null],
        ["Bob", 3],
      ];
    }
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(
      new Uint8Array(
        await new Response(csvStream(csvColumns(config, undefined), pages(), { bom: true })).arrayBuffer(),
      ),
    );
    expect(text).toBe("\ufeffName,age\r\nAnn,\r\nBob,3\r\n");
  });
});
