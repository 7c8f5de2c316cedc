import { describe, expect, it } from "vitest";
import type { InputForm } from "../../../core";
import { initialValues, toInput } from "./action-form-values";

const form: InputForm = {
  type: "simple",
  fields: [
    {
      key: "format",
      label: "Format",
      type: "enum",
      defaultValue: "csv",
      config: { options: [{ value: "csv" }, { value: "xlsx" }] },
    },
    { key: "rows", label: "Rows", type: "number", defaultValue: 10 },
    { key: "note", label: "Note", type: "textarea" },
    { key: "title", label: "Title", type: "string", defaultValue: "Report" },
    { key: "header", label: "Header", type: "boolean", defaultValue: true },
  ],
};

describe("initialValues", () => {
  it("starts from each field's default, or empty", () => {
    expect(initialValues(form)).toEqual({ format: "0", rows: "10", note: "", title: "Report", header: true });
  });

  it("starts from what a job ran with, so that sending it unchanged sends the same input", () => {
    const input = { format: "xlsx", rows: 250, note: "second try", title: "Q3", header: false };
    expect(initialValues(form, input)).toEqual({
      format: "1",
      rows: "250",
      note: "second try",
      title: "Q3",
      header: false,
    });
    expect(toInput(form, initialValues(form, input))).toEqual(input);
  });

  it("takes the default of a field the job's input leaves out, and leaves empty a value the form no longer offers", () => {
    expect(initialValues(form, { format: "pdf", note: "only this" })).toEqual({
      format: "",
      rows: "10",
      note: "only this",
      title: "Report",
      header: true,
    });
  });
});
