import { afterEach, describe, expect, it } from "vitest";
import { createRecordSandbox, type RecordSandbox, type SandboxRecord } from "./record-sandbox";
import { SandboxError } from "./sandbox-error";

const cell = (value: string | number | boolean | null) => ({ value, valid: true, messages: [] });
const record = (id: string, name: string, age = 30): SandboxRecord => ({
  id,
  values: { name: cell(name), age: cell(age) },
  metadata: {},
});

let sandbox: RecordSandbox | undefined;
afterEach(() => {
  sandbox?.dispose();
  sandbox = undefined;
});

async function compile(source: string) {
  sandbox = await createRecordSandbox(source);
  return sandbox;
}

describe("createRecordSandbox", () => {
  it("runs an arrow function on each record and answers the values it returned", async () => {
    const box = await compile(`(record) => {
      record.values.name.value = record.values.name.value.toUpperCase();
      record.values.age.value += 1;
      return record;
    }`);
    expect(box.run([record("r1", "ada", 36), record("r2", "alan", 41)])).toEqual([
      { id: "r1", values: { name: "ADA", age: 37 } },
      { id: "r2", values: { name: "ALAN", age: 42 } },
    ]);
  });

  it("takes a named function expression, and a script that declares mutateRecord", async () => {
    const named = await compile(
      `function mutateRecord(record) { record.values.name.value = "x"; return record }`,
    );
    expect(named.run([record("r1", "a")])[0]?.values.name).toBe("x");
    named.dispose();
    const script = await compile(`
      const suffix = "!";
      function mutateRecord(record) { record.values.name.value += suffix; return record }
    `);
    expect(script.run([record("r1", "a")])[0]?.values.name).toBe("a!");
  });

  it("keeps its context between batches (state the function keeps lives on)", async () => {
    const box = await compile(
      `(() => { let seen = 0; return (record) => { record.values.age.value = ++seen; return record } })()`,
    );
    expect(box.run([record("r1", "a"), record("r2", "b")]).map((r) => r.values.age)).toEqual([1, 2]);
    expect(box.run([record("r3", "c")]).map((r) => r.values.age)).toEqual([3]);
  });

  it("reads empty and absent values as null, and keeps only the cells returned", async () => {
    const box = await compile(`(record) => {
      record.values.name.value = undefined;
      delete record.values.age;
      return record;
    }`);
    expect(box.run([record("r1", "a")])).toEqual([{ id: "r1", values: { name: null } }]);
  });

  it("answers only the values that changed: none for a record returned as given", async () => {
    const box = await compile(`(record) => {
      if (record.id === "r2") record.values.age.value = 50;
      record.values.name.value = String(record.values.name.value);
      return record;
    }`);
    expect(box.run([record("r1", "a"), record("r2", "b"), record("r3", "c")])).toEqual([
      { id: "r1", values: {} },
      { id: "r2", values: { age: 50 } },
      { id: "r3", values: {} },
    ]);
  });

  it("lets each record of a batch take up to the record's time limit", async () => {
    sandbox = await createRecordSandbox(
      `(record) => { const end = Date.now() + 30; while (Date.now() < end) {} record.values.age.value = 1; return record }`,
      { recordMs: 50, batchMs: 5_000 },
    );
    const batch = ["r1", "r2", "r3", "r4", "r5"].map((id) => record(id, id));
    expect(sandbox.run(batch).map((r) => r.values.age)).toEqual([1, 1, 1, 1, 1]);
  });

  it("refuses text that is not a function, or does not compile", async () => {
    await expect(createRecordSandbox("42")).rejects.toThrow(/must be a JavaScript function/);
    const error = await createRecordSandbox("(record) => {").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxError);
    expect((error as SandboxError).failure).toBe("compile");
    expect((error as SandboxError).message).toMatch(/does not compile: SyntaxError/);
  });

  it("answers nothing for an empty batch", async () => {
    const box = await compile("(record) => record");
    expect(box.run([])).toEqual([]);
  });

  it("gives the function a globalThis with only the language in it", async () => {
    const box = await compile(`(record) => {
      record.values.name.value = Object.getOwnPropertyNames(globalThis).sort().join(",");
      return record;
    }`);
    const names = String(box.run([record("r1", "a")])[0]?.values.name).split(",");
    const language = new Set([
      ...["Object", "Function", "Array", "Number", "Boolean", "String", "Symbol", "BigInt", "Math", "JSON"],
      ...["Reflect", "Proxy", "Date", "RegExp", "Map", "Set", "WeakMap", "WeakSet", "WeakRef"],
      ...["FinalizationRegistry", "Promise", "Iterator", "globalThis", "Infinity", "NaN", "undefined"],
      ...["eval", "parseInt", "parseFloat", "isNaN", "isFinite", "decodeURI", "decodeURIComponent"],
      ...["encodeURI", "encodeURIComponent", "escape", "unescape", "Error", "EvalError", "RangeError"],
      ...["ReferenceError", "SyntaxError", "TypeError", "URIError", "InternalError", "AggregateError"],
      ...["ArrayBuffer", "SharedArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray"],
      ...["Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "BigInt64Array", "BigUint64Array"],
      ...["Float16Array", "Float32Array", "Float64Array"],
    ]);
    expect(names.filter((name) => !language.has(name))).toEqual([]);
    for (const host of [
      "require",
      "process",
      "fetch",
      "setTimeout",
      "console",
      "module",
      "Buffer",
      "WebAssembly",
    ])
      expect(names).not.toContain(host);
  });

  it("gives every record in Flatfile's shape, plain or not (messages, metadata, empty or missing cells)", async () => {
    const box = await compile(`(record) => {
      const seen = { ...record, values: { ...record.values } };
      delete seen.values.name;
      record.values.name.value = JSON.stringify(seen);
      return record;
    }`);
    const invalid: SandboxRecord = {
      id: "r2",
      values: {
        name: cell("b"),
        age: { value: "old", valid: false, messages: [{ type: "error", message: "not a number" }] },
      },
      valid: false,
      messages: [],
      metadata: { row: 2 },
    };
    const sparse: SandboxRecord = {
      id: "r3",
      values: { name: { value: "c", valid: true, messages: [], metadata: { from: "a.csv" } } },
      metadata: {},
    };
    const seen = box
      .run([record("r1", "a", 1), invalid, sparse])
      .map((result) => JSON.parse(String(result.values.name)) as unknown);
    expect(seen).toEqual([
      { id: "r1", values: { age: cell(1) }, valid: true, messages: [], metadata: {} },
      { id: "r2", values: { age: invalid.values.age }, valid: false, messages: [], metadata: { row: 2 } },
      { id: "r3", values: {}, metadata: {} },
    ]);
  });
});
