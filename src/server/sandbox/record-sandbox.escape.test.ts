import { describe, expect, it } from "vitest";
import { createRecordSandbox, type SandboxRecord } from "./record-sandbox";
import { SandboxError, type SandboxFailure } from "./sandbox-error";
import type { SandboxLimits } from "./sandbox-limits";

const records = (count: number): SandboxRecord[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `r${i + 1}`,
    values: { name: { value: `name ${i + 1}`, valid: true, messages: [] } },
    metadata: {},
  }));

/** How long the host waits for a timer it set right after the sandbox gave up. */
async function timerDelay(): Promise<number> {
  const set = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 0));
  return performance.now() - set;
}

/**
 * Runs `body` as a mutateRecord on three records and expects a SandboxError of `failure` whose message matches, the
 * host responsive right after, and the input records untouched.
 */
async function expectFailure(
  body: string,
  failure: SandboxFailure,
  message: RegExp,
  limits: Partial<SandboxLimits> = {},
): Promise<SandboxError> {
  const input = records(3);
  const before = structuredClone(input);
  const started = performance.now();
  let error: unknown;
  try {
    const box = await createRecordSandbox(body, limits);
    try {
      box.run(input);
    } catch (e) {
      error = e;
    } finally {
      box.dispose();
    }
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SandboxError);
  expect((error as SandboxError).failure).toBe(failure);
  expect((error as SandboxError).message).toMatch(message);
  expect(performance.now() - started).toBeLessThan(5_000);
  expect(await timerDelay()).toBeLessThan(200);
  expect(input).toEqual(before);
  return error as SandboxError;
}

describe("the record sandbox against hostile or broken functions", () => {
  it("stops an endless loop at the record's time limit", async () => {
    const started = performance.now();
    const error = await expectFailure(
      `(record) => { if (record.id === "r2") for (;;) {} return record }`,
      "timeout",
      /took longer than 50 ms on record r2/,
      { recordMs: 50 },
    );
    expect(error.recordId).toBe("r2");
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("stops an endless loop that catches what it can, and one in a finally block", async () => {
    await expectFailure(
      `(record) => { for (;;) { try { for (;;) {} } catch (e) {} finally { continue } } }`,
      "timeout",
      /took longer than 50 ms on record r1/,
      { recordMs: 50 },
    );
  });

  it("stops a batch that takes too long in all although each record is quick enough", async () => {
    await expectFailure(
      `(record) => { const end = Date.now() + 40; while (Date.now() < end) {} return record }`,
      "timeout",
      /took longer than 100 ms for one batch on record r3/,
      { recordMs: 60, batchMs: 100 },
    );
  });

  it("stops a regular expression that backtracks without end", async () => {
    await expectFailure(
      `(record) => { /(a+)+$/.test("a".repeat(40) + "b"); return record }`,
      "timeout",
      /took longer than 50 ms on record r1/,
      { recordMs: 50 },
    );
  });

  it("stops a function that loops while the sandbox loads it", async () => {
    await expectFailure(`for (;;) {}`, "timeout", /took longer than 50 ms to load/, { compileMs: 50 });
  });

  it.each([
    ["large arrays", `const all = []; for (;;) all.push(new Float64Array(1e6))`],
    ["many small objects", `const all = []; for (;;) all.push([1, 2, 3, 4, 5, 6, 7, 8])`],
    ["many strings", `const all = []; for (let i = 0; ; i++) all.push("x".repeat(1 << 16) + i)`],
    ["one huge string", `"x".repeat(1 << 26).split("")`],
    ["one huge typed array", `new Uint8Array(1 << 27)`],
    [
      "arrays, catching the error",
      `let all = []; try { for (;;) all.push(new Array(1e6).fill(0)) } catch (e) { all = null; throw e }`,
    ],
  ])("stops unbounded allocation at the memory limit: %s", async (_, body) => {
    await expectFailure(
      `(record) => { ${body} }`,
      "memory",
      /used more than 32 MB of memory on record r1/,
      // The time limit is wide here so that the memory limit is what stops the function.
      { memoryBytes: 32 * 1024 * 1024, recordMs: 10_000, batchMs: 10_000 },
    );
  });

  it("tells a thrown null from running out of memory", async () => {
    await expectFailure(`(record) => { throw null }`, "threw", /threw on record r1: null/);
  });

  it("stops deep recursion at the stack limit", async () => {
    await expectFailure(
      `(record) => { const down = (n) => down(n + 1) + 1; down(0); return record }`,
      "stack",
      /recursed too deep on record r1/,
    );
  });

  it("survives recursion inside the engine's own native code (the host's stack), and a new sandbox works after", async () => {
    await expectFailure(
      `(record) => { let deep = []; for (let i = 0; i < 50000; i++) deep = [deep]; JSON.stringify(deep); return record }`,
      "stack",
      /recursed too deep on record r1/,
      { recordMs: 10_000 },
    );
    const box = await createRecordSandbox(`(record) => { record.values.name.value = "ok"; return record }`);
    expect(box.run(records(1))).toEqual([{ id: "r1", values: { name: "ok" } }]);
    box.dispose();
  });

  it("reports a throw with the function's message and the record", async () => {
    const error = await expectFailure(
      `(record) => { if (record.id === "r3") throw new TypeError("no phone for " + record.id); return record }`,
      "threw",
      /mutateRecord threw on record r3: TypeError: no phone for r3/,
    );
    expect(error.recordId).toBe("r3");
    await expectFailure(`(record) => { throw "plain text" }`, "threw", /threw on record r1: plain text/);
    await expectFailure(
      `(record) => { throw { get message() { throw new Error("gotcha") } } }`,
      "threw",
      /threw on record r1: an error that cannot be read/,
    );
  });

  it.each([
    [
      "nothing",
      `(record) => { record.values.name.value = "x" }`,
      /returned undefined on record r1, not a record/,
    ],
    ["a number", `(record) => 42`, /returned number on record r1, not a record/],
    ["null", `(record) => null`, /returned null on record r1, not a record/],
    ["an array", `(record) => [record]`, /returned an array on record r1, not a record/],
    ["another id", `(record) => ({ ...record, id: "r9" })`, /changed the id of record r1/],
    ["no values", `(record) => ({ id: record.id })`, /values as undefined/],
    [
      "a bare value",
      `(record) => { record.values.name = "x"; return record }`,
      /values.name as string .*set values.name.value/,
    ],
    [
      "an object value",
      `(record) => { record.values.name.value = { a: 1 }; return record }`,
      /returned an object as the value of name/,
    ],
    [
      "an array value",
      `(record) => { record.values.name.value = [1]; return record }`,
      /returned an array as the value of name/,
    ],
    ["a promise", `async (record) => record`, /returned a promise/],
    [
      "a cycle",
      `(record) => { const v = {}; v.v = v; record.values.name.value = v; return record }`,
      /not JSON on record r1: TypeError/,
    ],
    [
      "a BigInt",
      `(record) => { record.values.name.value = 1n; return record }`,
      /not JSON on record r1: TypeError/,
    ],
  ])("refuses a return that is not a record: %s", async (_, body, message) => {
    await expectFailure(body, "invalid", message);
  });

  it.each([
    ["require", `require("fs")`, /ReferenceError: require is not defined|'require' is not defined/],
    ["process", `process.exit(1)`, /ReferenceError: .*process/],
    ["fetch", `fetch("http://127.0.0.1/")`, /ReferenceError: .*fetch/],
    ["setTimeout", `setTimeout(() => {}, 0)`, /ReferenceError: .*setTimeout/],
    [
      "the Function constructor",
      `globalThis.constructor.constructor("return process")().exit(1)`,
      /ReferenceError: .*process/,
    ],
    [
      "a function's constructor",
      `(() => {}).constructor("return require")()("fs")`,
      /ReferenceError: .*require/,
    ],
    ["eval", `eval("process").env`, /ReferenceError: .*process/],
  ])("gives no way to the host through %s", async (_, expression, message) => {
    await expectFailure(`(record) => { ${expression}; return record }`, "threw", message);
  });

  it("gives no module through import(): it answers a promise that never loads anything", async () => {
    await expectFailure(`(record) => import("node:fs")`, "invalid", /returned a promise/);
    const box = await createRecordSandbox(`(record) => {
      let loaded = "no";
      import("node:fs").then(() => { loaded = "yes" }, () => { loaded = "refused" });
      record.values.name.value = loaded;
      return record;
    }`);
    expect(box.run(records(1))[0]?.values.name).toBe("no");
    box.dispose();
  });

  it("keeps its answer honest when the function rewrites the language's prototypes and JSON", async () => {
    const box = await createRecordSandbox(`
      Array.prototype.push = function () { return 0 };
      Array.prototype.join = function () { return "[]" };
      Object.defineProperty(Array.prototype, "0", { set() {}, configurable: true });
      JSON.stringify = () => '{"results":[]}';
      JSON.parse = () => [];
      String.prototype.concat = () => "";
      function mutateRecord(record) { record.values.name.value = "kept"; return record }
    `);
    expect(box.run(records(2))).toEqual([
      { id: "r1", values: { name: "kept" } },
      { id: "r2", values: { name: "kept" } },
    ]);
    box.dispose();
  });

  it("reads a result a getter trick rewrote as untrusted: another record's id is refused", async () => {
    await expectFailure(
      `(record) => { Object.defineProperty(record, "id", { get: () => "r1" }); return record }`,
      "invalid",
      /changed the id of record r2/,
    );
  });

  it("keeps a __proto__ key a key, not the values' prototype", async () => {
    const box = await createRecordSandbox(
      `(record) => { record.values = JSON.parse('{"__proto__": {"value": "x"}}'); return record }`,
    );
    const [result] = box.run(records(1));
    expect(Object.keys(result?.values ?? {})).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(result?.values)).toBeNull();
    box.dispose();
  });

  it("is spent after a failure: the next batch repeats the error without running", async () => {
    const box = await createRecordSandbox(`(record) => { throw new Error("first") }`);
    expect(() => box.run(records(1))).toThrow(/first/);
    expect(() => box.run(records(1))).toThrow(/first/);
    box.dispose();
    expect(() => box.run(records(1))).toThrow(/disposed/);
  });
});
