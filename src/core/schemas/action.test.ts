import { describe, expect, it } from "vitest";
import { Action, InputForm, validateActionInput, type InputField } from "../index";

const FORM: InputForm = {
  type: "simple",
  fields: [
    { key: "name", label: "File name", type: "string", constraints: [{ type: "required" }] },
    { key: "notes", label: "Notes", type: "textarea" },
    { key: "limit", label: "Row limit", type: "number" },
    { key: "header", label: "Include header", type: "boolean" },
    {
      key: "format",
      label: "Format",
      type: "enum",
      config: { options: [{ value: "csv", label: "CSV" }, { value: "xlsx" }, { value: 1 }] },
    },
  ],
};

describe("Action schema", () => {
  const action = { operation: "export", label: "Export", mode: "foreground", primary: true };

  it("accepts a full action", () => {
    const full = {
      ...action,
      description: "Export the workbook?",
      tooltip: "Download as CSV",
      confirm: true,
      icon: "download",
      schedule: "daily",
      messages: [{ type: "info", content: "Takes a minute" }],
      constraints: [{ type: "hasAllValid" }, { type: "hasData" }],
      inputForm: FORM,
    };
    expect(Action.safeParse(full).success).toBe(true);
  });

  it("requires operation and label", () => {
    expect(Action.safeParse({ label: "Export" }).success).toBe(false);
    expect(Action.safeParse({ operation: "", label: "Export" }).success).toBe(false);
    expect(Action.safeParse({ operation: "export" }).success).toBe(false);
    expect(Action.safeParse({ operation: "export", label: "" }).success).toBe(false);
  });

  it.each(["has space", "a:b", "a/b", "<script>"])("refuses the operation %j", (operation) => {
    expect(Action.safeParse({ ...action, operation }).success).toBe(false);
  });

  it("refuses unknown modes, schedules, constraints and message types", () => {
    expect(Action.safeParse({ ...action, mode: "modal" }).success).toBe(false);
    expect(Action.safeParse({ ...action, schedule: "yearly" }).success).toBe(false);
    expect(Action.safeParse({ ...action, constraints: [{ type: "hasNothing" }] }).success).toBe(false);
    expect(Action.safeParse({ ...action, messages: [{ type: "warning", content: "x" }] }).success).toBe(
      false,
    );
  });
});

describe("InputForm schema", () => {
  it("accepts a form with every field type", () => {
    expect(InputForm.safeParse(FORM).success).toBe(true);
  });

  it("refuses an enum field without options", () => {
    const noConfig = { type: "simple", fields: [{ key: "f", label: "F", type: "enum" }] };
    const noOptions = {
      type: "simple",
      fields: [{ key: "f", label: "F", type: "enum", config: { options: [] } }],
    };
    for (const form of [noConfig, noOptions]) {
      const result = InputForm.safeParse(form);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(["fields", 0, "config", "options"]);
    }
  });

  it("refuses duplicate keys, pointing at the second one", () => {
    const result = InputForm.safeParse({
      type: "simple",
      fields: [
        { key: "a", label: "A", type: "string" },
        { key: "b", label: "B", type: "string" },
        { key: "a", label: "A again", type: "number" },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["fields", 2, "key"]);
    expect(result.error?.issues[0]?.message).toContain('"a"');
  });

  it("refuses other form types, unknown field types and empty forms", () => {
    expect(InputForm.safeParse({ ...FORM, type: "complex" }).success).toBe(false);
    expect(
      InputForm.safeParse({ type: "simple", fields: [{ key: "d", label: "D", type: "date" }] }).success,
    ).toBe(false);
    expect(InputForm.safeParse({ type: "simple", fields: [] }).success).toBe(false);
  });
});

describe("validateActionInput", () => {
  const keys = (input: Record<string, unknown> | undefined, form: InputForm | undefined = FORM) =>
    validateActionInput(form, input).map((error) => error.key);

  it("accepts valid input", () => {
    expect(
      validateActionInput(FORM, { name: "out", notes: "a\nb", limit: 10, header: false, format: "csv" }),
    ).toEqual([]);
    expect(validateActionInput(FORM, { name: "out", format: 1 })).toEqual([]);
    expect(validateActionInput(FORM, { name: "out" })).toEqual([]);
  });

  it("accepts anything when there is no form, and no input when nothing is required", () => {
    expect(validateActionInput(undefined, { anything: 1 })).toEqual([]);
    expect(validateActionInput(undefined, undefined)).toEqual([]);
    const optional: InputForm = { type: "simple", fields: [{ key: "x", label: "X", type: "string" }] };
    expect(validateActionInput(optional, undefined)).toEqual([]);
  });

  it.each([undefined, {}, { name: "" }, { name: null }])(
    "a missing required field (%j) is an error",
    (input) => {
      const errors = validateActionInput(FORM, input);
      expect(errors).toEqual([{ key: "name", message: "Enter a value for File name" }]);
    },
  );

  it.each<[string, unknown]>([
    ["name", 42],
    ["name", true],
    ["notes", 3],
    ["notes", ["a"]],
    ["limit", "10"],
    ["limit", Number.NaN],
    ["limit", Number.POSITIVE_INFINITY],
    ["header", "true"],
    ["header", 1],
    ["format", "pdf"],
    ["format", "CSV"],
    ["format", "1"],
  ])("%s = %j is a type error on that field", (key, value) => {
    const errors = validateActionInput(FORM, { name: "out", [key]: value });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.key).toBe(key);
  });

  it("names the allowed enum values", () => {
    const [error] = validateActionInput(FORM, { name: "out", format: "pdf" });
    expect(error?.message).toContain('"csv"');
    expect(error?.message).toContain('"xlsx"');
  });

  it("an unknown key is an error", () => {
    const errors = validateActionInput(FORM, { name: "out", extra: "x" });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.key).toBe("extra");
    expect(errors[0]?.message).toContain('"extra"');
  });

  it("reports every bad field at once", () => {
    expect(keys({ limit: "ten", header: "yes", extra: 1 }).sort()).toEqual([
      "extra",
      "header",
      "limit",
      "name",
    ]);
  });

  it("reads only the input's own keys, never the prototype's", () => {
    const fields: InputField[] = [
      { key: "constructor", label: "Constructor", type: "string" },
      { key: "toString", label: "To string", type: "string", constraints: [{ type: "required" }] },
    ];
    const form: InputForm = { type: "simple", fields };
    expect(validateActionInput(form, { toString: "x" })).toEqual([]);
    expect(keys({}, form)).toEqual(["toString"]);
    expect(keys(JSON.parse('{"__proto__": "x", "toString": "y"}') as Record<string, unknown>, form)).toEqual([
      "__proto__",
    ]);
  });

  describe("email and number bounds", () => {
    const form: InputForm = {
      type: "simple",
      fields: [
        {
          key: "to",
          label: "Send the summary to",
          type: "string",
          constraints: [{ type: "required" }, { type: "email" }],
        },
        { key: "size", label: "Batch size", type: "number", constraints: [{ type: "min", value: 1 }] },
        { key: "pct", label: "Share", type: "number", constraints: [{ type: "max", value: 100 }] },
        {
          key: "kind",
          label: "Kind",
          type: "enum",
          config: { options: [{ value: "a" }] },
          constraints: [{ type: "required" }],
        },
        { key: "n", label: "Count", type: "number", constraints: [{ type: "required" }] },
      ],
    };
    const valid = { to: "ann@example.com", kind: "a", n: 1 };
    const messages = (input: Record<string, unknown>) =>
      Object.fromEntries(validateActionInput(form, input).map((error) => [error.key, error.message]));

    it("asks for each missing required value in words that read for any label", () => {
      expect(messages({})).toEqual({
        to: "Enter an email address for Send the summary to",
        kind: "Choose an option for Kind",
        n: "Enter a number for Count",
      });
    });

    it.each(["not-an-email", "ann@example", "ann example@x.com", "@example.com"])(
      "refuses %j as an email address",
      (to) => {
        expect(messages({ ...valid, to })).toEqual({
          to: "Send the summary to must be an email address, like name@example.com",
        });
      },
    );

    it("accepts an email address, with spaces around it", () => {
      expect(messages({ ...valid, to: " ann.lee+news@mail.example.org " })).toEqual({});
    });

    it("refuses a number below its minimum or above its maximum, and says the bound", () => {
      expect(messages({ ...valid, size: -5 })).toEqual({ size: "Batch size must be at least 1" });
      expect(messages({ ...valid, size: 0.5 })).toEqual({ size: "Batch size must be at least 1" });
      expect(messages({ ...valid, size: 1, pct: 101 })).toEqual({ pct: "Share must be at most 100" });
      expect(messages({ ...valid, size: 1, pct: 100 })).toEqual({});
    });

    it("reports a wrong type before a bound", () => {
      expect(messages({ ...valid, size: "-5" })).toEqual({ size: "Batch size must be a number" });
    });

    it("a constraint must fit its field's type", () => {
      const field = (type: InputField["type"], constraint: object) =>
        InputForm.safeParse({
          type: "simple",
          fields: [
            { key: "k", label: "K", type, constraints: [constraint], config: { options: [{ value: 1 }] } },
          ],
        }).success;
      expect(field("string", { type: "email" })).toBe(true);
      expect(field("textarea", { type: "email" })).toBe(true);
      expect(field("number", { type: "email" })).toBe(false);
      expect(field("number", { type: "min", value: 0 })).toBe(true);
      expect(field("string", { type: "min", value: 0 })).toBe(false);
      expect(field("number", { type: "max" })).toBe(false);
      expect(field("enum", { type: "unique" })).toBe(false);
    });
  });
});
