import { useId } from "react";
import type { Edge, EnumValue, Field } from "../../../../core";
import { fieldName } from "../plan-edit";

const KEEP = "";

/** The values of a column mapped to an enum field: each source value, and the option it becomes. */
export function EnumValueMapping({
  edge,
  destination,
  disabled,
  onChange,
}: {
  edge: Edge;
  destination: Field;
  disabled?: boolean;
  onChange: (sourceValue: EnumValue | undefined, destinationValue: EnumValue | undefined) => void;
}) {
  const id = useId();
  const options = destination.config?.options ?? [];
  const mapping = edge.enumDetails?.mapping ?? [];
  if (mapping.length === 0) return null;
  return (
    <fieldset className="enum-mapping" disabled={disabled}>
      <legend>
        Values of “{fieldName(edge.sourceField)}” as {fieldName(destination)} options
      </legend>
      <ul>
        {mapping.map((item, index) => {
          const selectId = `${id}-${index}`;
          const current = options.findIndex((option) => option.value === item.destinationValue);
          return (
            <li key={String(item.sourceValue)}>
              <label htmlFor={selectId} className="enum-source">
                <span className="visually-hidden">Value </span>
                {String(item.sourceValue ?? "(empty)")}
                <span className="visually-hidden"> becomes</span>
              </label>
              <span className="enum-arrow" aria-hidden="true">
                →
              </span>
              <select
                id={selectId}
                className="mapping-select"
                value={current === -1 ? KEEP : String(current)}
                onChange={(event) => {
                  const chosen = event.currentTarget.value;
                  onChange(item.sourceValue, chosen === KEEP ? undefined : options[Number(chosen)]?.value);
                }}
              >
                <option value={KEEP}>Keep as is (flagged)</option>
                {options.map((option, optionIndex) => (
                  <option key={String(option.value)} value={String(optionIndex)}>
                    {option.label ?? String(option.value)}
                  </option>
                ))}
              </select>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
