import { describe, expect, it } from "vitest";
import type { MutateJobConfig, SheetConfig, SheetRecord } from "../../../core";
import { SystemJobError } from "../system-job-run";
import { createMutation, type MutationSheet } from "./create-mutation";

const config: SheetConfig = {
  name: "Contacts",
  slug: "contacts",
  fields: [
    { key: "name", label: "Name", type: "string" },
    { key: "age", label: "Age", type: "number" },
  ],
} as SheetConfig;
const sheet: MutationSheet = { name: "Contacts", config };

const record = (id: string, name: string | null, age: number | string | null = 30): SheetRecord => ({
  id,
  values: {
    name: { value: name, valid: true, messages: [], metadata: { source: "import" } },
    age: { value: age, valid: true, messages: [] },
  },
  valid: true,
  messages: [],
  metadata: {},
});

const base = { sheetId: "us_sh_1" } satisfies Partial<MutateJobConfig>;

async function applyOnce(mutation: MutateJobConfig, records: SheetRecord[], on: MutationSheet = sheet) {
  const transform = createMutation(mutation, on);
  try {
    return await transform.apply(records);
  } finally {
    transform.dispose();
  }
}

describe("createMutation with a bulk edit", () => {
  it("answers only the records and cells that change, keeping a cell's metadata", async () => {
    const edits = await applyOnce({ ...base, bulkEdit: { fieldKey: "name", op: "trim" } }, [
      record("r1", "  Ada "),
      record("r2", "Alan"),
      record("r3", null),
    ]);
    expect(edits).toEqual([{ id: "r1", values: { name: { value: "Ada", metadata: { source: "import" } } } }]);
  });

  it("sets a value in the field's type and clears", async () => {
    expect(
      await applyOnce({ ...base, bulkEdit: { fieldKey: "age", op: "set", value: "1,200" } }, [
        record("r1", "a", 1200),
        record("r2", "b", "x"),
      ]),
    ).toEqual([{ id: "r2", values: { age: { value: 1200 } } }]);
    expect(
      await applyOnce({ ...base, bulkEdit: { fieldKey: "age", op: "clear" } }, [
        record("r1", "a", null),
        record("r2", "b", 3),
      ]),
    ).toEqual([{ id: "r2", values: { age: { value: null } } }]);
  });

  it("refuses a field the sheet does not have, unless it allows additional fields", async () => {
    const unknown = { ...base, bulkEdit: { fieldKey: "phone", op: "clear" as const } };
    expect(() => createMutation(unknown, sheet)).toThrow(SystemJobError);
    expect(() => createMutation(unknown, sheet)).toThrow(/"phone" is not a field of sheet Contacts/);
    const open = { name: "Open", config: { ...config, allowAdditionalFields: true } };
    const edited = {
      ...record("r1", "a"),
      values: { ...record("r1", "a").values, phone: { value: "1", valid: true, messages: [] } },
    };
    expect(await applyOnce(unknown, [edited], open)).toEqual([
      { id: "r1", values: { phone: { value: null } } },
    ]);
  });
});

describe("createMutation with mutateRecord", () => {
  it("runs the function in the sandbox and answers the changed cells", async () => {
    const mutateRecord = `(record) => {
      if (record.values.age.value > 40) record.values.name.value = record.values.name.value.toUpperCase();
      return record;
    }`;
    const edits = await applyOnce({ ...base, mutateRecord }, [
      record("r1", "ada", 36),
      record("r2", "alan", 41),
    ]);
    expect(edits).toEqual([
      { id: "r2", values: { name: { value: "ALAN", metadata: { source: "import" } } } },
    ]);
  });

  it("keeps one compiled function across chunks, and works past one sandbox batch", async () => {
    const transform = createMutation(
      {
        ...base,
        mutateRecord: `(() => { let n = 0; return (r) => { r.values.age.value = ++n; return r } })()`,
      },
      sheet,
    );
    const many = Array.from({ length: 1_500 }, (_, i) => record(`r${i}`, "x", 0));
    expect((await transform.apply(many)).at(-1)).toEqual({ id: "r1499", values: { age: { value: 1500 } } });
    expect(await transform.apply([record("s1", "x", 0)])).toEqual([
      { id: "s1", values: { age: { value: 1501 } } },
    ]);
    transform.dispose();
    await expect(transform.apply([record("s2", "x")])).rejects.toThrow(/disposed/);
  });

  it("refuses a changed cell that is not a field of the sheet, naming the record", async () => {
    const error = await applyOnce(
      { ...base, mutateRecord: `(r) => { r.values.phone = { value: "1" }; return r }` },
      [record("r1", "a")],
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SystemJobError);
    expect((error as Error).message).toBe(
      'mutateRecord set "phone" on record r1, which is not a field of sheet Contacts',
    );
  });

  it("fails with a SystemJobError a person can read: a throw, a loop, a bad return, code that does not compile", async () => {
    const cases: [string, RegExp][] = [
      [`(r) => { throw new Error("no") }`, /mutateRecord threw on record r1: Error: no/],
      [`(r) => { for (;;) {} }`, /mutateRecord took longer than 100 ms on record r1/],
      [`(r) => 1`, /mutateRecord returned number on record r1, not a record/],
      [`(r) => {`, /mutateRecord does not compile: SyntaxError/],
    ];
    for (const [mutateRecord, message] of cases) {
      const error = await applyOnce({ ...base, mutateRecord }, [record("r1", "a")]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SystemJobError);
      expect((error as Error).message).toMatch(message);
    }
  });
});
