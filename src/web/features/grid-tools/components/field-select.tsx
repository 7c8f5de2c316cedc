import type { SheetField } from "../../../lib/api-types";

/** A required choice of one of the sheet's fields, by label; its error shows under it. */
export function FieldSelect({
  id,
  fields,
  value,
  error,
  onChange,
}: {
  id: string;
  fields: readonly SheetField[];
  value: string;
  error: string | undefined;
  onChange: (fieldKey: string) => void;
}) {
  return (
    <div className="grid-tool-field" data-field="fieldKey">
      <label htmlFor={id}>
        Field <span aria-hidden="true">*</span>
      </label>
      <select
        id={id}
        className="grid-tool-control"
        value={value}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">Choose a field</option>
        {fields.map((field) => (
          <option key={field.key} value={field.key}>
            {field.label ?? field.key}
          </option>
        ))}
      </select>
      {error ? (
        <p id={`${id}-error`} className="grid-tool-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
