import type { ToolScope } from "../selection-config";
import { countText } from "../error-text";

export type ScopeOption = { scope: ToolScope; label: string; count: number | undefined };

/** Which records the tool changes, each choice with how many records it covers. */
export function ScopeChoice({
  name,
  options,
  value,
  onChange,
}: {
  name: string;
  options: readonly ScopeOption[];
  value: ToolScope;
  onChange: (scope: ToolScope) => void;
}) {
  return (
    <fieldset className="grid-tool-field grid-tool-scope">
      <legend>Records</legend>
      {options.map((option) => (
        <label key={option.scope} className="grid-tool-radio">
          <input
            type="radio"
            name={name}
            value={option.scope}
            checked={value === option.scope}
            onChange={() => onChange(option.scope)}
          />
          <span>
            {option.label}
            {option.count === undefined ? "" : ` (${countText(option.count)})`}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
